{% macro shot_zone(action_type, shot_distance, paint_max_ft, three_min_ft) -%}
    {#- Shot zone of a field-goal attempt: `three` for a `3pt` action or a shot from
        >= `three_min_ft` (23.75 ft), `paint` within `paint_max_ft` (8 ft), `mid_range`
        otherwise; null for non-shots or a 2pt shot without a distance. Bounds come from the
        `shot_zones` seed. -#}
    case
        when {{ action_type }} = '3pt' then 'three'
        when {{ action_type }} <> '2pt' then null
        when {{ shot_distance }} is null then null
        when {{ shot_distance }} >= {{ three_min_ft }} then 'three'
        when {{ shot_distance }} <= {{ paint_max_ft }} then 'paint'
        else 'mid_range'
    end
{%- endmacro %}
