{% macro dated_games_sql(relations) -%}
    {#- `select game_id, game_date` from each of `relations` (the schedule, boxscore and live
        scoreboard staging views), union all: every date a source gives a game. What a
        windowed run treats as "the window's games" (dated_game_ids_filter for `games`,
        window_game_ids_for_tests for the tests). -#}
    {%- for relation in relations %}
    select game_id, game_date from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
