{% macro side_of_team(team_id, home_team_id, away_team_id) -%}
    {#- 0 when `team_id` is the home team, 1 when it is the away team, null otherwise. -#}
    case
        when {{ team_id }} = {{ home_team_id }} then 0
        when {{ team_id }} = {{ away_team_id }} then 1
    end
{%- endmacro %}
