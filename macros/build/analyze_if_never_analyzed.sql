{% macro analyze_if_never_analyzed(relation) -%}
    {#- Post-hook of every model (views are skipped): `analyze <relation>` when
        it has no planner statistics yet (a first build, a full refresh, a `table` model
        rebuilt each run), else nothing. Later models of the same run read it straight away,
        long before autovacuum would analyze it, and Postgres planning a join on a table it
        believes nearly empty can pick a nested loop that runs for minutes. Incremental runs
        keep the statistics autovacuum maintains. -#}
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
