{% macro game_seconds_remaining(period, clock_seconds) -%}
    {#- Seconds left to play as known at that moment: the clock plus the regulation periods
        still to come; in overtime, the clock of the current 300 s overtime period. -#}
    {%- set n = var('regulation_periods', 4) -%}
    {%- set reg = var('regulation_period_seconds', 720) -%}
    case
        when {{ period }} <= {{ n }}
            then ({{ n }} - {{ period }}) * {{ reg }} + {{ clock_seconds }}
        else {{ clock_seconds }}
    end
{%- endmacro %}
