{% test columns_agree(model, column_name, other_column, where_condition='true') %}
{#- Reconciliation: fails on rows (matching `where_condition`) where `column_name` and
    `other_column` differ (nulls count as a difference). -#}

select *
from {{ model }}
where ({{ where_condition }})
    and {{ column_name }} is distinct from {{ other_column }}

{% endtest %}
