{% macro to_eastern_date(timestamp_utc) -%}
    {{ return(adapter.dispatch('to_eastern_date', 'courtside')(timestamp_utc)) }}
{%- endmacro %}

{% macro default__to_eastern_date(timestamp_utc) -%}
    {#- The US-Eastern calendar date of a UTC timestamp (the NBA's game date). -#}
    cast(({{ timestamp_utc }}) at time zone 'America/New_York' as date)
{%- endmacro %}
