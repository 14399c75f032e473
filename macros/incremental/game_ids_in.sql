{% macro game_ids_in(column, ids_sql) -%}
    {#- `column in ('<id>', ...)` with the game ids `ids_sql` returns now, as literals: a
        literal list reaches through staging views down to raw's game_id indexes, where a
        join or subquery would make Postgres compute the view for every game first.
        `1 = 0` when the query returns no id. -#}
    {%- set ids = run_query(ids_sql).columns[0].values() | reject('none') | unique | sort | list -%}
    {%- if ids | length == 0 -%}
        {{ return('1 = 0') }}
    {%- endif -%}
    {{ return(column ~ " in ('" ~ (ids | join("', '")) ~ "')") }}
{%- endmacro %}
