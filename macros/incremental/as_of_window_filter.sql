{% macro as_of_window_filter(date_expression) -%}
    {{- in_date_window(date_expression, as_of_window()) -}}
{%- endmacro %}
