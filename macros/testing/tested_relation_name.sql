{% macro tested_relation_name(model) -%}
    {%- if model.identifier is defined -%}
        {{ return(model.identifier) }}
    {%- endif -%}
    {#- a subquery renders as `(select * from "db"."schema"."name" where ...) dbt_subquery`
        (Postgres quotes with ", Spark with ` or not at all) -#}
    {%- set found = modules.re.search('from\\s+(?:[`"]?[^`"\\s.()]+[`"]?\\.)*[`"]?([^`"\\s.()]+)[`"]?', model | string) -%}
    {{ return(found.group(1) if found else (model | string)) }}
{%- endmacro %}
