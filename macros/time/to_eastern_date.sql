{% macro to_eastern_date(timestamp_utc) -%}
    {{ return(adapter.dispatch('to_eastern_date', 'courtside')(timestamp_utc)) }}
{%- endmacro %}

{% macro default__to_eastern_date(timestamp_utc) -%}
    cast(({{ timestamp_utc }}) at time zone 'America/New_York' as date)
{%- endmacro %}
