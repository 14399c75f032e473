{% macro known_gap_games(layer, no_data_feed=none) -%}
{#- The games known to be missing from `layer` for good, with why: one row per game and
    reason (game_id, reason). Read by the gap_detection test and by
    coverage.game_layer_coverage, so both agree on what a known gap is. -#}
{%- set extra_gaps = var('known_data_gaps', []) or [] -%}
    select
        cast(game_id as {{ dbt.type_string() }}) as game_id,
        cast(reason as {{ dbt.type_string() }}) as reason
    from {{ ref('known_data_gaps') }}
    where layer in ('{{ layer }}', '*')
    {%- for gap in extra_gaps %}
        {%- set gap_layer = gap.get('layer', '*') if gap is mapping else '*' -%}
        {%- set gap_game = gap.get('game_id') if gap is mapping else gap %}
        {%- if gap_layer in (layer, '*') %}
    union all
    select
        cast('{{ gap_game }}' as {{ dbt.type_string() }}),
        cast('listed in the known_data_gaps var of the last build' as {{ dbt.type_string() }})
        {%- endif %}
    {%- endfor %}
    {%- if no_data_feed %}
    union all
    -- the source answered "nothing here" well after the game: a confirmed source gap
    select
        cast(fetches.game_id as {{ dbt.type_string() }}),
        cast('the NBA answered no data for its {{ no_data_feed }}' as {{ dbt.type_string() }})
    from {{ ref('stg_nba_cdn__fetch_log') }} as fetches
    inner join {{ ref('stg_nba_cdn__schedule_games') }} as games
        on fetches.game_id = games.game_id
    where fetches.feed = '{{ no_data_feed }}'
        and fetches.outcome = 'no_data'
        and fetches.fetched_at_utc >= {{ dbt.dateadd('hour', var('confirmed_gap_after_hours', 24), 'games.game_starts_at_utc') }}
    {%- endif %}
{%- endmacro %}
