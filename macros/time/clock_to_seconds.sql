{% macro clock_to_seconds(clock) -%}
    {{ return(adapter.dispatch('clock_to_seconds', 'courtside')(clock)) }}
{%- endmacro %}

{% macro default__clock_to_seconds(clock) -%}
    case
        when {{ clock }} like 'PT%M%S'
            then
                {{ dbt.safe_cast("substring(" ~ clock ~ ", 3, position('M' in " ~ clock ~ ") - 3)", dbt.type_numeric()) }} * 60
                + {{ dbt.safe_cast("substring(" ~ clock ~ ", position('M' in " ~ clock ~ ") + 1, length(" ~ clock ~ ") - position('M' in " ~ clock ~ ") - 1)", dbt.type_numeric()) }}
    end
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
