{% macro refresh_statistics(relation) -%}
    {{ return(adapter.dispatch('refresh_statistics', 'courtside')(relation)) }}
{%- endmacro %}

{% macro postgres__refresh_statistics(relation) -%}
    analyze {{ relation }}
{%- endmacro %}
