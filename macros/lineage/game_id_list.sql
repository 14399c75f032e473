{% macro game_id_list(game_id_expression) -%}
    coalesce({{ dbt.listagg('distinct ' ~ game_id_expression, "','", 'order by ' ~ game_id_expression) }}, '')
{%- endmacro %}
