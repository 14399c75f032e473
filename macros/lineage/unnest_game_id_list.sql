{% macro unnest_game_id_list(game_id_list_expression) -%}
    {{ return(adapter.dispatch('unnest_game_id_list')(game_id_list_expression)) }}
{%- endmacro %}

{% macro default__unnest_game_id_list(game_id_list_expression) -%}
    unnest(string_to_array(nullif({{ game_id_list_expression }}, ''), ','))
{%- endmacro %}
