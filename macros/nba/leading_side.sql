{% macro leading_side(home_score, away_score) -%}
    case
        when {{ home_score }} > {{ away_score }} then 0
        when {{ away_score }} > {{ home_score }} then 1
    end
{%- endmacro %}
