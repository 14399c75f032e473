{% macro in_date_window(date_expression, window) -%}
    {%- if window is none -%}
        true
    {%- else -%}
        {{ date_expression }} is not null
        {%- if window.start is not none %} and {{ date_expression }} >= cast('{{ window.start }}' as date){% endif %}
        {%- if window.end is not none %} and {{ date_expression }} <= cast('{{ window.end }}' as date){% endif %}
    {%- endif -%}
{%- endmacro %}
