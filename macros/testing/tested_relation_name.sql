{% macro tested_relation_name(model) -%}
    {#- The table name behind a generic test's `model` argument: a relation, or the
        `(select * from "db"."schema"."name" where ...) dbt_subquery` that a `where` config or
        a windowed run (get_where_subquery) makes of it. -#}
    {%- if model.identifier is defined -%}
        {{ return(model.identifier) }}
    {%- endif -%}
    {%- set found = modules.re.search('from\\s+(?:"[^"]*"\\.)*"([^"]+)"', model | string) -%}
    {{ return(found.group(1) if found else (model | string)) }}
{%- endmacro %}
