{% macro present_game_ids(relation, game_id_column='game_id', coverage_feed=none) -%}
{#- The games a layer holds (one row per game_id): those with rows in `relation`, and with
    `coverage_feed`, those coverage.source_coverage finds for that feed from any source (a
    box score from the fallback counts for the raw boxscore layer). Read by the
    gap_detection test and by coverage.game_layer_coverage, so both agree. -#}
    select distinct cast({{ game_id_column }} as {{ dbt.type_string() }}) as game_id
    from {{ relation }}
    {%- if coverage_feed %}
    union
    select cast(game_id as {{ dbt.type_string() }})
    from {{ ref('source_coverage') }}
    where feed = '{{ coverage_feed }}'
        and outcome = 'found'
    {%- endif %}
{%- endmacro %}
