{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- Custom schemas are used verbatim (`staging`, `analytics`), not prefixed with the target schema. -#}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
