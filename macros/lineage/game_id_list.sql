{% macro game_id_list(game_id_expression) -%}
    {{ return(adapter.dispatch('game_id_list', 'courtside')(game_id_expression)) }}
{%- endmacro %}

{% macro postgres__game_id_list(game_id_expression) -%}
    coalesce({{ dbt.listagg('distinct ' ~ game_id_expression, "','", 'order by ' ~ game_id_expression) }}, '')
{%- endmacro %}

{% macro spark__game_id_list(game_id_expression) -%}
    {#- dbt-spark's listagg drops the ORDER BY: sort the set explicitly (the fingerprint is
        the md5 of this exact text) -#}
    coalesce(array_join(array_sort(collect_set({{ game_id_expression }})), ','), '')
{%- endmacro %}
