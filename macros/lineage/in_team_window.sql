{% macro in_team_window(entity, window_game, window_games=none) -%}
    {#- Join predicate: `window_game` (a team_schedule row) is in the rolling window of
        `entity` (a row with team_id, season, prior_final_games): one of the team's final
        games of that season before the analysis date, the last `window_games` of them, or
        all of them (season to date) when `window_games` is none. The one definition of a
        precompute window; windows are numbered on the schedule, so a game missing upstream
        leaves a hole in the window instead of the window sliding over it. -#}
    {{ entity }}.team_id = {{ window_game }}.team_id
        and {{ entity }}.season = {{ window_game }}.season
        {%- if window_games is not none %}
        and {{ window_game }}.final_game_number > {{ entity }}.prior_final_games - {{ window_games }}
        {%- endif %}
        and {{ window_game }}.final_game_number <= {{ entity }}.prior_final_games
{%- endmacro %}
