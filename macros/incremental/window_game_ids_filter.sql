{% macro window_game_ids_filter(column, games_relation=none, date_column='game_date') -%}
    {#- `column in (<game ids of the current date window>)` as literal ids read from `games`
        at run time, so the planner can push the filter down into staging views (a join
        would make it compute the view for every game first); `true` for a full build. -#}
    {%- set window = date_window() -%}
    {%- if window is none or not execute -%}
        true
    {%- else -%}
        {%- set relation = games_relation or ref('games') -%}
        {%- set ids_sql -%}
            select distinct game_id
            from {{ relation }}
            where {{ date_column }} is not null
            {%- if window.start is not none %} and {{ date_column }} >= cast('{{ window.start }}' as date){% endif %}
            {%- if window.end is not none %} and {{ date_column }} <= cast('{{ window.end }}' as date){% endif %}
        {%- endset -%}
        {{- game_ids_in(column, ids_sql) -}}
    {%- endif -%}
{%- endmacro %}
