{% macro relation_or_empty(relation, existing) -%}
    {#- `relation` when it exists, else an empty one-row-less derived table, so a staging view
        over a raw table dlt has not created yet still compiles (all columns via `column_or_null`). -#}
    {%- if existing | length > 0 -%}
        {{ relation }}
    {%- else -%}
        (select 1 as no_rows where 1 = 0) as empty_source
    {%- endif -%}
{%- endmacro %}
