{% macro coverage_tier(has_pbp, boxscore_source) -%}
{#- A game's data quality tier, from whether its play-by-play landed and where its box
    score came from ('cdn', 'fallback' or null): gold = the CDN's play-by-play and box
    score; silver = a box score from the fallback, or the CDN's box score without
    play-by-play; bronze = play-by-play only; missing = neither. -#}
    case
        when {{ boxscore_source }} = 'cdn' and {{ has_pbp }} then 'gold'
        when {{ boxscore_source }} is not null then 'silver'
        when {{ has_pbp }} then 'bronze'
        else 'missing'
    end
{%- endmacro %}
