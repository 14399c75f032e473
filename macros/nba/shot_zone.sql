{% macro shot_zone(action_type, shot_distance, paint_max_ft, three_min_ft) -%}
    case
        when {{ action_type }} = '3pt' then 'three'
        when {{ action_type }} <> '2pt' then null
        when {{ shot_distance }} is null then null
        when {{ shot_distance }} >= {{ three_min_ft }} then 'three'
        when {{ shot_distance }} <= {{ paint_max_ft }} then 'paint'
        else 'mid_range'
    end
{%- endmacro %}
