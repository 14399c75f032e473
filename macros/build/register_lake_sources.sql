{% macro register_lake_sources() -%}
    {{ return(adapter.dispatch('register_lake_sources', 'courtside')()) }}
{%- endmacro %}

{% macro postgres__register_lake_sources() -%}
    {#- On Postgres the raw tables are dlt's own (schema raw): nothing to register. -#}
    select 1
{%- endmacro %}

{% macro spark__register_lake_sources() -%}
    {#- On Spark the raw tables are the Delta tables `courtside ingest --destination lake`
        writes under var lake_url (<lake_url>/<schema>/<table>): each source table is
        registered once as an external table of the metastore, so source() resolves to it. -#}
    {%- if execute -%}
        {%- set lake_url = var('lake_url') | trim -%}
        {%- set schemas = [] -%}
        {%- for source in graph.sources.values() if source.package_name == project_name -%}
            {%- if source.schema not in schemas -%}
                {%- do schemas.append(source.schema) -%}
                {%- do run_query('create database if not exists ' ~ source.schema) -%}
            {%- endif -%}
            {%- set location = lake_url.rstrip('/') ~ '/' ~ source.schema ~ '/' ~ source.identifier -%}
            {%- do run_query(
                'create table if not exists ' ~ source.schema ~ '.' ~ source.identifier
                ~ " using delta location '" ~ location ~ "'"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    select 1
{%- endmacro %}
