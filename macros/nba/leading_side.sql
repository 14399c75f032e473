{% macro leading_side(home_score, away_score) -%}
    {#- 0 when the home team leads, 1 when the away team leads, null when tied or unknown. -#}
    case
        when {{ home_score }} > {{ away_score }} then 0
        when {{ away_score }} > {{ home_score }} then 1
    end
{%- endmacro %}
