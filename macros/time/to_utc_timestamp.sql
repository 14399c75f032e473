{% macro to_utc_timestamp(value) -%}
    {{ return(adapter.dispatch('to_utc_timestamp', 'courtside')(value)) }}
{%- endmacro %}

{% macro default__to_utc_timestamp(value) -%}
    {{ dbt.safe_cast(value, dbt.type_timestamp()) }}
{%- endmacro %}

{% macro postgres__to_utc_timestamp(value) -%}
    {#- An ISO-8601 string (`2020-12-23T00:06:19.0Z`, `2023-04-20T22:00:00-04:00`) or a
        timestamp as timestamptz (UTC); null when empty or not a timestamp. -#}
    case
        when cast({{ value }} as text) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}'
            then cast(cast({{ value }} as text) as timestamp with time zone)
    end
{%- endmacro %}
