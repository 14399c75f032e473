{% macro to_utc_timestamp(value) -%}
    {{ return(adapter.dispatch('to_utc_timestamp', 'courtside')(value)) }}
{%- endmacro %}

{% macro postgres__to_utc_timestamp(value) -%}
    case
        when cast({{ value }} as text) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}'
            then cast(cast({{ value }} as text) as timestamp with time zone)
    end
{%- endmacro %}

{% macro spark__to_utc_timestamp(value) -%}
    {#- the same shape check; a string without a zone is read in the session time zone (UTC) -#}
    case
        when cast({{ value }} as string) rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}'
            then cast(cast({{ value }} as string) as timestamp)
    end
{%- endmacro %}
