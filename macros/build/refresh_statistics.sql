{% macro refresh_statistics(relation) -%}
    {{ return(adapter.dispatch('refresh_statistics', 'courtside')(relation)) }}
{%- endmacro %}

{% macro postgres__refresh_statistics(relation) -%}
    analyze {{ relation }}
{%- endmacro %}

{% macro spark__refresh_statistics(relation) -%}
    {#- nothing: Delta keeps per-file row counts and min/max statistics in its log as it
        writes (what its data skipping reads); Spark's cost-based optimizer, which would read
        `analyze table` statistics, is off by default -#}
{%- endmacro %}
