{% macro date_window_filter(date_expression, date_column=none) -%}
    {{- in_date_window(date_expression, date_window(date_column)) -}}
{%- endmacro %}
