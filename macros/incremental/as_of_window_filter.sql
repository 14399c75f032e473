{% macro as_of_window_filter(date_expression) -%}
    {#- A SQL predicate keeping rows whose analysis date falls in `as_of_window()`; `true` for
        a full build. -#}
    {%- set window = as_of_window() -%}
    {%- if window is none -%}
        true
    {%- else -%}
        {{ date_expression }} is not null
        {%- if window.start is not none %} and {{ date_expression }} >= cast('{{ window.start }}' as date){% endif %}
        {%- if window.end is not none %} and {{ date_expression }} <= cast('{{ window.end }}' as date){% endif %}
    {%- endif -%}
{%- endmacro %}
