{% macro shot_zone_measures() -%}
    {#- The PBP points-by-source measures of int_game_pbp_totals, one list for every model
        that carries them: attempts, makes and points per shot zone, and free-throw points. -#}
    {%- set measures = [] -%}
    {%- for zone in ['paint', 'mid_range', 'three_zone'] -%}
        {%- do measures.extend([zone ~ '_field_goals_attempted', zone ~ '_field_goals_made', zone ~ '_points']) -%}
    {%- endfor -%}
    {%- do measures.append('free_throw_points') -%}
    {{ return(measures) }}
{%- endmacro %}

{% macro sum_shot_zone_measures() -%}
    {%- for measure in shot_zone_measures() %}
        sum({{ measure }}) as {{ measure }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro coalesced_shot_zone_measures(relation) -%}
    {%- for measure in shot_zone_measures() %}
        coalesce({{ relation }}.{{ measure }}, 0) as {{ measure }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
