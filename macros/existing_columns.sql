{% macro existing_columns(relation) -%}
    {#- Lower-cased column names of `relation` as it exists in the warehouse; [] when it does
        not exist yet (e.g. `raw.live_boxscore_players` before any game was polled live). -#}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set found = adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {%- if found is none -%}{{ return([]) }}{%- endif -%}
    {{ return(adapter.get_columns_in_relation(found) | map(attribute='name') | map('lower') | list) }}
{%- endmacro %}
