{% macro season_type_from_game_id(game_id) -%}
    case substring({{ game_id }}, 3, 1)
        when '1' then 'preseason'
        when '2' then 'regular_season'
        when '3' then 'all_star'
        when '4' then 'playoffs'
        when '5' then 'play_in'
        when '6' then 'in_season_tournament_final'
    end
{%- endmacro %}
