{% macro materialized_cte() -%}
    {#- The keyword after `name as` that makes a CTE be computed once: Postgres inlines a CTE
        referenced more than once unless told (its subqueries would then run at every
        reference); Spark has no such keyword and plans the CTE itself. -#}
    {{ return(adapter.dispatch('materialized_cte', 'courtside')()) }}
{%- endmacro %}

{% macro postgres__materialized_cte() -%}
    materialized
{%- endmacro %}

{% macro spark__materialized_cte() -%}
{%- endmacro %}
