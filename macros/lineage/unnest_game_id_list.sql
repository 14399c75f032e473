{% macro unnest_game_id_list(game_id_list_expression) -%}
    {{ return(adapter.dispatch('unnest_game_id_list')(game_id_list_expression)) }}
{%- endmacro %}

{% macro default__unnest_game_id_list(game_id_list_expression) -%}
    {#- Set-returning expression: one row per id of a comma-joined game id list, for a
        lateral join (`cross join lateral <this> as ids (game_id)`). -#}
    unnest(string_to_array(nullif({{ game_id_list_expression }}, ''), ','))
{%- endmacro %}
