{% macro deduplicate(relation, partition_by, order_by) -%}
    {#- The body of a staging model's `latest` CTE: the first row of `relation` per
        `partition_by` in `order_by` order, i.e. the latest version of each row when ordered
        newest load first. Ties keep one row. Adds the ranking column `row_rank` (always 1),
        which the model's final select leaves out. -#}
    {{ return(adapter.dispatch('deduplicate', 'courtside')(relation, partition_by, order_by)) }}
{%- endmacro %}

{% macro postgres__deduplicate(relation, partition_by, order_by) -%}
    {#- distinct on, not a filter on row_number(): Postgres counts its rows from the key's
        distinct values, where `row_number() ... = 1` is guessed at 0.5% of the rows, and a
        query joining the view then plans nested loops over "one" row that are thousands
        (a gap test over three seasons ran for twenty minutes). A filter on the key columns
        still reaches the table below (a one-day rebuild reads one day). -#}
    select distinct on ({{ partition_by }})
        *,
        1 as row_rank
    from {{ relation }}
    order by {{ partition_by }}, {{ order_by }}
{%- endmacro %}

{% macro spark__deduplicate(relation, partition_by, order_by) -%}
    select *
    from (
        select
            *,
            row_number() over (partition by {{ partition_by }} order by {{ order_by }}) as row_rank
        from {{ relation }}
    ) as ranked
    where row_rank = 1
{%- endmacro %}
