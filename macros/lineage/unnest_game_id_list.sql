{% macro unnest_game_id_list(game_id_list_expression, alias) -%}
    {#- A join clause, written after the FROM relation: one row per id of a comma-joined game
        id list, as column `game_id` of `alias`; a null or empty list gives no row. -#}
    {{ return(adapter.dispatch('unnest_game_id_list', 'courtside')(game_id_list_expression, alias)) }}
{%- endmacro %}

{% macro postgres__unnest_game_id_list(game_id_list_expression, alias) -%}
    cross join lateral unnest(string_to_array(nullif({{ game_id_list_expression }}, ''), ',')) as {{ alias }} (game_id)
{%- endmacro %}

{% macro spark__unnest_game_id_list(game_id_list_expression, alias) -%}
    lateral view explode(split(nullif({{ game_id_list_expression }}, ''), ',')) {{ alias }} as game_id
{%- endmacro %}
