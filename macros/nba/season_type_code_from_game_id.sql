{% macro season_type_code_from_game_id(game_id) -%}
    case
        when substring({{ game_id }}, 3, 1) in ('1', '2', '3', '4', '5', '6')
            then cast(substring({{ game_id }}, 3, 1) as integer)
    end
{%- endmacro %}
