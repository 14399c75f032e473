{% macro period_start_elapsed_seconds(period) -%}
    {%- set n = var('regulation_periods', 4) -%}
    {%- set reg = var('regulation_period_seconds', 720) -%}
    {%- set ot = var('overtime_period_seconds', 300) -%}
    {{ game_elapsed_seconds(period, 'case when ' ~ period ~ ' <= ' ~ n ~ ' then ' ~ reg ~ ' else ' ~ ot ~ ' end') }}
{%- endmacro %}
