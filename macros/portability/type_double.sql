{% macro type_double() -%}
    {#- An 8-byte float on every engine (dbt.type_float() is `float`: 8 bytes on Postgres,
        4 on Spark) -#}
    {{ return(adapter.dispatch('type_double', 'courtside')()) }}
{%- endmacro %}

{% macro postgres__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
