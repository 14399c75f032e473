{% macro season_type_code_from_game_id(game_id) -%}
    {#- The season-type digit (third character) of a game id as an integer, null if not a digit 1-6. -#}
    case
        when substring({{ game_id }}, 3, 1) in ('1', '2', '3', '4', '5', '6')
            then cast(substring({{ game_id }}, 3, 1) as integer)
    end
{%- endmacro %}
