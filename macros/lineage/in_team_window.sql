{% macro in_team_window(entity, window_game, window_games=none) -%}
    {{ entity }}.team_id = {{ window_game }}.team_id
        and {{ entity }}.season = {{ window_game }}.season
        {%- if window_games is not none %}
        and {{ window_game }}.final_game_number > {{ entity }}.prior_final_games - {{ window_games }}
        {%- endif %}
        and {{ window_game }}.final_game_number <= {{ entity }}.prior_final_games
{%- endmacro %}
