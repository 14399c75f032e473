{% macro to_utc_timestamp(value) -%}
    {{ return(adapter.dispatch('to_utc_timestamp', 'courtside')(value)) }}
{%- endmacro %}

{% macro default__to_utc_timestamp(value) -%}
    {{ dbt.safe_cast(value, dbt.type_timestamp()) }}
{%- endmacro %}

{% macro postgres__to_utc_timestamp(value) -%}
    case
        when cast({{ value }} as text) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}'
            then cast(cast({{ value }} as text) as timestamp with time zone)
    end
{%- endmacro %}
