{% macro analyze_if_never_analyzed(relation) -%}
    {%- if not execute or config.get('materialized') == 'view' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set check_sql -%}
        select count(*) = 0
        from pg_catalog.pg_stats
        where schemaname = '{{ relation.schema }}' and tablename = '{{ relation.identifier }}'
    {%- endset -%}
    {%- if run_query(check_sql).columns[0].values()[0] -%}
        {{ return('analyze ' ~ relation) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
