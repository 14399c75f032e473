{% macro deduplicate(relation, partition_by, order_by) -%}
    {#- The body of a staging model's `latest` CTE: the first row of `relation` per
        `partition_by` in `order_by` order, i.e. the latest version of each row when ordered
        newest load first. Ties keep one row. Adds the ranking column `row_rank` (always 1),
        which the model's final select leaves out. -#}
    select *
    from (
        select
            *,
            row_number() over (partition by {{ partition_by }} order by {{ order_by }}) as row_rank
        from {{ relation }}
    ) as ranked
    where row_rank = 1
{%- endmacro %}
