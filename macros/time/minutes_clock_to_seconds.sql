{% macro minutes_clock_to_seconds(clock) -%}
{#- stats.nba.com's minutes played, `MM:SS` ("30:49", "240:00"), as seconds; null when
    empty or not that shape. Portable: like and dbt's split_part only. -#}
    case
        when {{ clock }} like '%_:__' and {{ clock }} not like '%:%:%'
            then cast(
                cast({{ dbt.split_part(clock, "':'", 1) }} as {{ dbt.type_int() }}) * 60
                + cast({{ dbt.split_part(clock, "':'", 2) }} as {{ dbt.type_int() }})
            as {{ dbt.type_numeric() }})
    end
{%- endmacro %}
