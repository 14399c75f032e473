{% macro dated_games_sql(relations) -%}
    {%- for relation in relations %}
    select game_id, game_date from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
