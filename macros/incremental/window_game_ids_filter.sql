{% macro window_game_ids_filter(column, games_relation=none, date_column='game_date') -%}
    {%- set window = date_window() -%}
    {%- if window is none or not execute -%}
        true
    {%- else -%}
        {%- set relation = games_relation or ref('games') -%}
        {%- set ids_sql -%}
            select distinct game_id
            from {{ relation }}
            where {{ in_date_window(date_column, window) }}
        {%- endset -%}
        {{- game_ids_in(column, ids_sql) -}}
    {%- endif -%}
{%- endmacro %}
