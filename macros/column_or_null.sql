{% macro column_or_null(existing, column_name, data_type) -%}
    {#- `column_name` cast to `data_type` if it is among `existing` (from `existing_columns()`),
        else a typed null: raw tables gain columns only when a payload carries the field. -#}
    {%- if column_name | lower in existing -%}
        cast({{ adapter.quote(column_name) if column_name in ('order',) else column_name }} as {{ data_type }})
    {%- else -%}
        cast(null as {{ data_type }})
    {%- endif -%}
{%- endmacro %}
