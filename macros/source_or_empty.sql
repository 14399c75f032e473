{% macro source_or_empty(source_name, table_name, columns) -%}
    {#- `select * from source(...)` when dlt has created the raw table, else an empty
        relation with the given typed `columns` (a dict name -> type), so a warehouse that
        has loaded only some feeds (say schedule and games) still builds every staging view. -#}
    {%- set relation = source(source_name, table_name) -%}
    {%- if execute and adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) is none -%}
        select
        {%- for name, data_type in columns.items() %}
            cast(null as {{ data_type }}) as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
        where 1 = 0
    {%- else -%}
        select * from {{ relation }}
    {%- endif -%}
{%- endmacro %}
