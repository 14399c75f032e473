{% macro game_ids_in(column, ids_sql) -%}
    {%- set ids = run_query(ids_sql).columns[0].values() | reject('none') | unique | sort | list -%}
    {%- if ids | length == 0 -%}
        {{ return('1 = 0') }}
    {%- endif -%}
    {{ return(column ~ " in ('" ~ (ids | join("', '")) ~ "')") }}
{%- endmacro %}
