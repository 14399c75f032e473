{% macro side_of_team(team_id, home_team_id, away_team_id) -%}
    case
        when {{ team_id }} = {{ home_team_id }} then 0
        when {{ team_id }} = {{ away_team_id }} then 1
    end
{%- endmacro %}
