{% test not_null_combination(model, combination_of_columns) %}
{#- Fails on rows where any column of a composite primary key is null. -#}

select *
from {{ model }}
where {% for column in combination_of_columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}

{% endtest %}
