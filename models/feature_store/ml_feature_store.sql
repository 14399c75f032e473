{{
    config(
        materialized='incremental',
        incremental_strategy='as_of_window',
        date_column='game_date',
        unique_key=['game_id', 'person_id'],
        indexes=[{'columns': ['game_id', 'person_id'], 'unique': true}, {'columns': ['game_date']}, {'columns': ['person_id', 'game_date']}],
    )
}}

-- depends_on: {{ ref('team_schedule') }}

{#- One row per player per game, from the precompute rows of the game's date: every input
    is as of the day before (games strictly before tip-off), and the row carries the union
    of its inputs' lineage. The leakage test re-checks that against the games' tip-offs. -#}

{%- set core_features = [
    'points_last_5', 'points_last_10', 'points_season', 'rebounds_last_10', 'assists_last_10',
    'minutes_last_10', 'usage_rate_last_10', 'matchup_factor', 'rest_days', 'pace_factor',
    'paint_share', 'three_share', 'team_win_probability', 'team_spread'] %}

with

factors as (

    select * from {{ ref('player_composite_factors') }}
    where {{ as_of_window_filter('analysis_date') }}

),

cache as (

    select * from {{ ref('player_daily_cache') }}
    where {{ as_of_window_filter('analysis_date') }}

),

-- materialized: the lineage unions below are subqueries; inlined, Postgres would evaluate
-- them again at every reference in `final` (ten per list, 20x the work)
joined as {{ materialized_cte() }} (

    select
        factors.game_id,
        factors.person_id,
        factors.analysis_date as game_date,
        factors.game_starts_at_utc,
        factors.season,
        factors.team_id,
        factors.opponent_team_id,
        factors.is_home,
        coalesce(cache.games_played_season, 0) as games_played_season,
        cache.points_last_5,
        cache.points_last_10,
        cache.points_season,
        cache.rebounds_last_5,
        cache.rebounds_last_10,
        cache.rebounds_season,
        cache.assists_last_5,
        cache.assists_last_10,
        cache.assists_season,
        cache.minutes_last_5,
        cache.minutes_last_10,
        cache.minutes_season,
        cache.usage_rate_last_5,
        cache.usage_rate_last_10,
        cache.usage_rate_season,
        cache.field_goals_attempted_last_10,
        cache.three_pointers_attempted_last_10,
        cache.free_throws_attempted_last_10,
        factors.matchup_factor,
        factors.paint_share,
        factors.mid_range_share,
        factors.three_share,
        factors.rest_days,
        factors.is_back_to_back,
        factors.minutes_last_7_days,
        factors.games_last_7_days,
        factors.pace_factor,
        factors.team_win_probability,
        factors.team_spread,
        factors.line_snapshot_at_utc,
        least(factors.window_start_date, cache.window_start_date) as window_start_date,
        greatest(factors.window_end_date, cache.window_end_date) as window_end_date,
        (case when cache.person_id is not null then 1 else 0 end) + 1 as input_row_count,
        coalesce(factors.is_complete and cache.is_complete, false) as inputs_complete,
        {{ game_id_list_union(['factors.expected_game_ids', 'cache.expected_game_ids']) }} as expected_game_ids,
        {{ game_id_list_union(['factors.input_game_ids', 'cache.input_game_ids']) }} as input_game_ids
    from factors
    left join cache
        on factors.person_id = cache.person_id
        and factors.analysis_date = cache.analysis_date

),

final as (

    select
        joined.*,
        {{ game_id_list_length('expected_game_ids') }} as expected_game_count,
        {{ game_id_list_length('input_game_ids') }} as input_game_count,
        inputs_complete and input_row_count = 2 and expected_game_ids = input_game_ids as is_complete,
        {{ lineage_fingerprint('input_game_ids') }} as input_fingerprint,
        games_played_season < {{ var('feature_bootstrap_min_games', 5) }} as is_early_season_bootstrap,
        -- share of the core features present, scaled by the share of the window's games found
        cast(round(cast(
            100.0 * (
                {%- for feature in core_features %}
                (case when {{ feature }} is not null then 1 else 0 end){{ " +" if not loop.last }}
                {%- endfor %}
            ) / {{ core_features | length }}
            * (case when {{ game_id_list_length('expected_game_ids') }} = 0 then 1.0
                else 1.0 * {{ game_id_list_length('input_game_ids') }} / {{ game_id_list_length('expected_game_ids') }} end)
        as {{ dbt.type_numeric() }}), 1) as {{ dbt.type_numeric() }}) as feature_quality_score
    from joined

)

select * from final
