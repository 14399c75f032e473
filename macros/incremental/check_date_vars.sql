{% macro check_date_vars() -%}
    {%- set parsed = validate_date_vars() -%}
    {%- if execute and (parsed.start_date is not none or parsed.end_date is not none) -%}
        {{ log("courtside: rebuilding game dates " ~ (parsed.start_date or '-inf') ~ " .. " ~ (parsed.end_date or '+inf'), info=true) }}
    {%- endif -%}
    select 1
{%- endmacro %}
