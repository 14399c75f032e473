{% macro clock_to_seconds(clock) -%}
    {{ return(adapter.dispatch('clock_to_seconds', 'courtside')(clock)) }}
{%- endmacro %}

{% macro postgres__clock_to_seconds(clock) -%}
    case
        when {{ clock }} ~ '^PT([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?$' and {{ clock }} <> 'PT'
            then
                coalesce(cast(substring({{ clock }} from 'PT([0-9]+)H') as numeric), 0) * 3600
                + coalesce(cast(substring({{ clock }} from '([0-9]+)M') as numeric), 0) * 60
                + coalesce(cast(substring({{ clock }} from '([0-9]+(\.[0-9]+)?)S') as numeric), 0)
    end
{%- endmacro %}

{% macro spark__clock_to_seconds(clock) -%}
    {#- regexp_extract gives '' for no match; decimal(12,3): the clock's hundredths exactly
        (a bare decimal is decimal(10,0) on Spark) -#}
    case
        when {{ clock }} rlike '^PT([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?$' and {{ clock }} <> 'PT'
            then
                coalesce(cast(nullif(regexp_extract({{ clock }}, 'PT([0-9]+)H', 1), '') as decimal(12, 3)), 0) * 3600
                + coalesce(cast(nullif(regexp_extract({{ clock }}, '([0-9]+)M', 1), '') as decimal(12, 3)), 0) * 60
                + coalesce(cast(nullif(regexp_extract({{ clock }}, '([0-9]+(\\.[0-9]+)?)S', 1), '') as decimal(12, 3)), 0)
    end
{%- endmacro %}
