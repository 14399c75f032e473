{% macro check_date_vars() -%}
    {#- `on-run-start` hook: validate the date vars before any node runs (a bad var fails the
        whole invocation with one clear message), and log the window that will be rebuilt. -#}
    {%- set parsed = validate_date_vars() -%}
    {%- if execute and (parsed.start_date is not none or parsed.end_date is not none) -%}
        {{ log("courtside: rebuilding game dates " ~ (parsed.start_date or '-inf') ~ " .. " ~ (parsed.end_date or '+inf'), info=true) }}
    {%- endif -%}
    select 1
{%- endmacro %}
