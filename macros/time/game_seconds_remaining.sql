{% macro game_seconds_remaining(period, clock_seconds) -%}
    {%- set n = var('regulation_periods', 4) -%}
    {%- set reg = var('regulation_period_seconds', 720) -%}
    case
        when {{ period }} <= {{ n }}
            then ({{ n }} - {{ period }}) * {{ reg }} + {{ clock_seconds }}
        else {{ clock_seconds }}
    end
{%- endmacro %}
