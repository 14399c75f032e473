{% macro game_elapsed_seconds(period, clock_seconds) -%}
    {%- set n = var('regulation_periods', 4) -%}
    {%- set reg = var('regulation_period_seconds', 720) -%}
    {%- set ot = var('overtime_period_seconds', 300) -%}
    case
        when {{ period }} <= {{ n }}
            then ({{ period }} - 1) * {{ reg }} + ({{ reg }} - {{ clock_seconds }})
        else {{ n * reg }} + ({{ period }} - {{ n }} - 1) * {{ ot }} + ({{ ot }} - {{ clock_seconds }})
    end
{%- endmacro %}
