{% macro date_window_filter(date_expression, date_column=none) -%}
    {#- A SQL predicate keeping rows whose `date_expression` falls in the current model's
        `date_window()`; `true` when the whole history is built. -#}
    {%- set window = date_window(date_column) -%}
    {%- if window is none -%}
        true
    {%- else -%}
        {{ date_expression }} is not null
        {%- if window.start is not none %} and {{ date_expression }} >= cast('{{ window.start }}' as date){% endif %}
        {%- if window.end is not none %} and {{ date_expression }} <= cast('{{ window.end }}' as date){% endif %}
    {%- endif -%}
{%- endmacro %}
