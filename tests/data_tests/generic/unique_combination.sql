{% test unique_combination(model, combination_of_columns) %}
{#- Fails on every combination of `combination_of_columns` that occurs more than once
    (composite primary keys). -#}

select
    {{ combination_of_columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1

{% endtest %}
