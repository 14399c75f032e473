{{
    config(
        materialized='incremental',
        incremental_strategy='as_of_window',
        date_column='analysis_date',
        unique_key=['team_id', 'analysis_date'],
        indexes=[{'columns': ['team_id', 'analysis_date'], 'unique': true}, {'columns': ['analysis_date']}],
    )
}}

{%- set window_games = var('team_zone_window_games', 15) %}

with

team_schedule as (

    select * from {{ ref('team_schedule') }}

),

defense as (

    select * from {{ ref('team_defense_game_summary') }}

),

entities as (

    -- one row per team playing on an analysis date
    select
        team_id,
        season,
        game_date as analysis_date,
        game_id as next_game_id,
        prior_final_games
    from team_schedule
    where is_analysis_date
        and {{ as_of_window_filter('game_date') }}

),

window_games as (

    -- the team's last N final games before the analysis date, from the schedule
    -- (left join: an empty window is one row of nulls, so every entity has its lineage)
    select
        entities.team_id,
        entities.analysis_date,
        window_game.game_id,
        window_game.game_date
    from entities
    left join team_schedule as window_game
        on {{ in_team_window('entities', 'window_game', window_games) }}

),

window_rows as (

    select
        window_games.*,
        defense.game_id as found_game_id,
        defense.opponent_paint_field_goals_made,
        defense.opponent_paint_field_goals_attempted,
        defense.opponent_mid_range_field_goals_made,
        defense.opponent_mid_range_field_goals_attempted,
        defense.opponent_three_zone_field_goals_made,
        defense.opponent_three_zone_field_goals_attempted,
        defense.opponent_field_goals_made,
        defense.opponent_field_goals_attempted,
        defense.points_allowed,
        -- a game counts in a rate's sums only when its possessions are known
        case when defense.defensive_possessions > 0 then defense.points_allowed end as rated_points_allowed,
        case when defense.defensive_possessions > 0 then defense.defensive_possessions end as defensive_possessions,
        case when defense.pace is not null then (defense.offensive_possessions + defense.defensive_possessions) / 2.0 end as paced_possessions,
        case when defense.pace is not null then defense.game_seconds end as paced_game_seconds
    from window_games
    left join defense
        on window_games.game_id = defense.game_id
        and window_games.team_id = defense.team_id

),

aggregated as (

    select
        team_id,
        analysis_date,
        sum(opponent_paint_field_goals_made) as opponent_paint_field_goals_made,
        sum(opponent_paint_field_goals_attempted) as opponent_paint_field_goals_attempted,
        sum(opponent_mid_range_field_goals_made) as opponent_mid_range_field_goals_made,
        sum(opponent_mid_range_field_goals_attempted) as opponent_mid_range_field_goals_attempted,
        sum(opponent_three_zone_field_goals_made) as opponent_three_zone_field_goals_made,
        sum(opponent_three_zone_field_goals_attempted) as opponent_three_zone_field_goals_attempted,
        sum(opponent_field_goals_made) as opponent_field_goals_made,
        sum(opponent_field_goals_attempted) as opponent_field_goals_attempted,
        avg(points_allowed) as points_allowed_per_game,
        -- rates of the window: ratios of its sums, not means of the games' rates
        100.0 * sum(rated_points_allowed) / nullif(sum(defensive_possessions), 0) as defensive_rating,
        {{ var('regulation_periods', 4) * var('regulation_period_seconds', 720) }}.0 * sum(paced_possessions) / nullif(sum(paced_game_seconds), 0) as pace,
        count(found_game_id) as input_row_count,
        {{ window_lineage('game_date', 'game_id', 'found_game_id') }}
    from window_rows
    group by team_id, analysis_date

),

league_daily as (

    -- league-wide opponent shooting per game date (every team's defensive games)
    select
        season,
        game_date,
        sum(opponent_paint_field_goals_made) as opponent_paint_field_goals_made,
        sum(opponent_paint_field_goals_attempted) as opponent_paint_field_goals_attempted,
        sum(opponent_mid_range_field_goals_made) as opponent_mid_range_field_goals_made,
        sum(opponent_mid_range_field_goals_attempted) as opponent_mid_range_field_goals_attempted,
        sum(opponent_three_zone_field_goals_made) as opponent_three_zone_field_goals_made,
        sum(opponent_three_zone_field_goals_attempted) as opponent_three_zone_field_goals_attempted,
        sum(case when pace is not null then (offensive_possessions + defensive_possessions) / 2.0 end) as paced_possessions,
        sum(case when pace is not null then game_seconds end) as paced_game_seconds
    from defense
    where season in (select distinct season from entities)
    group by season, game_date

),

league_as_of as (

    -- season to date, strictly before each analysis date
    select
        dates.season,
        dates.analysis_date,
        1.0 * sum(league_daily.opponent_paint_field_goals_made) / nullif(sum(league_daily.opponent_paint_field_goals_attempted), 0) as league_paint_fg_pct,
        1.0 * sum(league_daily.opponent_mid_range_field_goals_made) / nullif(sum(league_daily.opponent_mid_range_field_goals_attempted), 0) as league_mid_range_fg_pct,
        1.0 * sum(league_daily.opponent_three_zone_field_goals_made) / nullif(sum(league_daily.opponent_three_zone_field_goals_attempted), 0) as league_three_fg_pct,
        {{ var('regulation_periods', 4) * var('regulation_period_seconds', 720) }}.0 * sum(league_daily.paced_possessions) / nullif(sum(league_daily.paced_game_seconds), 0) as league_pace
    from (select distinct season, analysis_date from entities) as dates
    left join league_daily
        on dates.season = league_daily.season
        and league_daily.game_date < dates.analysis_date
    group by dates.season, dates.analysis_date

),

final as (

    select
        entities.team_id,
        entities.analysis_date,
        entities.season,
        entities.next_game_id,
        aggregated.input_game_count as games_in_window,
        {{ window_games }} as window_size_games,
        coalesce(aggregated.opponent_paint_field_goals_made, 0) as opponent_paint_field_goals_made,
        coalesce(aggregated.opponent_paint_field_goals_attempted, 0) as opponent_paint_field_goals_attempted,
        coalesce(aggregated.opponent_mid_range_field_goals_made, 0) as opponent_mid_range_field_goals_made,
        coalesce(aggregated.opponent_mid_range_field_goals_attempted, 0) as opponent_mid_range_field_goals_attempted,
        coalesce(aggregated.opponent_three_zone_field_goals_made, 0) as opponent_three_zone_field_goals_made,
        coalesce(aggregated.opponent_three_zone_field_goals_attempted, 0) as opponent_three_zone_field_goals_attempted,
        cast(1.0 * aggregated.opponent_paint_field_goals_made / nullif(aggregated.opponent_paint_field_goals_attempted, 0) as {{ dbt.type_numeric() }}) as opponent_paint_fg_pct,
        cast(1.0 * aggregated.opponent_mid_range_field_goals_made / nullif(aggregated.opponent_mid_range_field_goals_attempted, 0) as {{ dbt.type_numeric() }}) as opponent_mid_range_fg_pct,
        cast(1.0 * aggregated.opponent_three_zone_field_goals_made / nullif(aggregated.opponent_three_zone_field_goals_attempted, 0) as {{ dbt.type_numeric() }}) as opponent_three_fg_pct,
        cast(1.0 * aggregated.opponent_field_goals_made / nullif(aggregated.opponent_field_goals_attempted, 0) as {{ dbt.type_numeric() }}) as opponent_fg_pct,
        cast(league_as_of.league_paint_fg_pct as {{ dbt.type_numeric() }}) as league_paint_fg_pct,
        cast(league_as_of.league_mid_range_fg_pct as {{ dbt.type_numeric() }}) as league_mid_range_fg_pct,
        cast(league_as_of.league_three_fg_pct as {{ dbt.type_numeric() }}) as league_three_fg_pct,
        cast(1.0 * aggregated.opponent_paint_field_goals_made / nullif(aggregated.opponent_paint_field_goals_attempted, 0) - league_as_of.league_paint_fg_pct as {{ dbt.type_numeric() }}) as paint_fg_pct_vs_league,
        cast(1.0 * aggregated.opponent_mid_range_field_goals_made / nullif(aggregated.opponent_mid_range_field_goals_attempted, 0) - league_as_of.league_mid_range_fg_pct as {{ dbt.type_numeric() }}) as mid_range_fg_pct_vs_league,
        cast(1.0 * aggregated.opponent_three_zone_field_goals_made / nullif(aggregated.opponent_three_zone_field_goals_attempted, 0) - league_as_of.league_three_fg_pct as {{ dbt.type_numeric() }}) as three_fg_pct_vs_league,
        cast(aggregated.points_allowed_per_game as {{ dbt.type_numeric() }}) as points_allowed_per_game,
        cast(aggregated.defensive_rating as {{ dbt.type_numeric() }}) as defensive_rating,
        cast(aggregated.pace as {{ dbt.type_numeric() }}) as pace,
        cast(league_as_of.league_pace as {{ dbt.type_numeric() }}) as league_pace,
        aggregated.window_start_date,
        aggregated.window_end_date,
        aggregated.expected_game_count,
        aggregated.input_game_count,
        aggregated.input_row_count,
        aggregated.is_complete,
        aggregated.expected_game_ids,
        aggregated.input_game_ids,
        aggregated.input_fingerprint
    from entities
    left join aggregated
        on entities.team_id = aggregated.team_id
        and entities.analysis_date = aggregated.analysis_date
    left join league_as_of
        on entities.season = league_as_of.season
        and entities.analysis_date = league_as_of.analysis_date

)

select * from final
