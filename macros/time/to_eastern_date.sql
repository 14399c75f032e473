{% macro to_eastern_date(timestamp_utc) -%}
    {{ return(adapter.dispatch('to_eastern_date', 'courtside')(timestamp_utc)) }}
{%- endmacro %}

{% macro postgres__to_eastern_date(timestamp_utc) -%}
    cast(({{ timestamp_utc }}) at time zone 'America/New_York' as date)
{%- endmacro %}

{% macro spark__to_eastern_date(timestamp_utc) -%}
    {#- Spark timestamps are instants shown in the session time zone (UTC, set by the
        profile): shift to New York wall time, then take its date -#}
    to_date(from_utc_timestamp({{ timestamp_utc }}, 'America/New_York'))
{%- endmacro %}
