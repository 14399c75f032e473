{{
    config(
        materialized='incremental',
        incremental_strategy='as_of_window',
        date_column='analysis_date',
        window_games=var('player_zone_window_games', 10),
        unique_key=['person_id', 'analysis_date'],
        indexes=[{'columns': ['person_id', 'analysis_date'], 'unique': true}, {'columns': ['analysis_date']}],
    )
}}

{%- set window_games = var('player_zone_window_games', 10) %}

with

team_schedule as (

    select * from {{ ref('team_schedule') }}

),

player_games as (

    select * from {{ ref('player_game_summary') }}

),

entities as (

    select * from {{ ref('int_player_analysis_dates') }}
    where {{ as_of_window_filter('analysis_date') }}

),

found_games as (

    select distinct game_id from player_games

),

window_games as (

    -- the player's team's last N final games before the analysis date, from the schedule
    -- (left join: an empty window is one row of nulls, so every entity has its lineage)
    select
        entities.person_id,
        entities.analysis_date,
        window_game.game_id,
        window_game.game_date,
        found_games.game_id as found_game_id
    from entities
    left join team_schedule as window_game
        on {{ in_team_window('entities', 'window_game', window_games) }}
    left join found_games on window_game.game_id = found_games.game_id

),

window_rows as (

    select
        window_games.*,
        player_games.game_id as player_game_id,
        coalesce(player_games.has_played, true) as has_played,
        player_games.paint_field_goals_made,
        player_games.paint_field_goals_attempted,
        player_games.mid_range_field_goals_made,
        player_games.mid_range_field_goals_attempted,
        player_games.three_zone_field_goals_made,
        player_games.three_zone_field_goals_attempted
    from window_games
    left join player_games
        on window_games.found_game_id = player_games.game_id
        and window_games.person_id = player_games.person_id

),

aggregated as (

    select
        person_id,
        analysis_date,
        sum(case when player_game_id is not null and has_played then 1 else 0 end) as games_played_in_window,
        coalesce(sum(paint_field_goals_made), 0) as paint_field_goals_made,
        coalesce(sum(paint_field_goals_attempted), 0) as paint_field_goals_attempted,
        coalesce(sum(mid_range_field_goals_made), 0) as mid_range_field_goals_made,
        coalesce(sum(mid_range_field_goals_attempted), 0) as mid_range_field_goals_attempted,
        coalesce(sum(three_zone_field_goals_made), 0) as three_zone_field_goals_made,
        coalesce(sum(three_zone_field_goals_attempted), 0) as three_zone_field_goals_attempted,
        count(player_game_id) as input_row_count,
        {{ window_lineage('game_date', 'game_id', 'found_game_id') }}
    from window_rows
    group by person_id, analysis_date

),

zone_totals as (

    select
        *,
        paint_field_goals_attempted + mid_range_field_goals_attempted + three_zone_field_goals_attempted as zone_field_goals_attempted
    from aggregated

),

final as (

    select
        entities.person_id,
        entities.analysis_date,
        entities.season,
        entities.team_id,
        entities.next_game_id,
        {{ window_games }} as window_size_games,
        zone_totals.input_game_count as games_in_window,
        zone_totals.games_played_in_window,
        zone_totals.paint_field_goals_made,
        zone_totals.paint_field_goals_attempted,
        zone_totals.mid_range_field_goals_made,
        zone_totals.mid_range_field_goals_attempted,
        zone_totals.three_zone_field_goals_made,
        zone_totals.three_zone_field_goals_attempted,
        zone_totals.zone_field_goals_attempted,
        cast(1.0 * zone_totals.paint_field_goals_made / nullif(zone_totals.paint_field_goals_attempted, 0) as {{ dbt.type_numeric() }}) as paint_fg_pct,
        cast(1.0 * zone_totals.mid_range_field_goals_made / nullif(zone_totals.mid_range_field_goals_attempted, 0) as {{ dbt.type_numeric() }}) as mid_range_fg_pct,
        cast(1.0 * zone_totals.three_zone_field_goals_made / nullif(zone_totals.three_zone_field_goals_attempted, 0) as {{ dbt.type_numeric() }}) as three_fg_pct,
        cast(1.0 * zone_totals.paint_field_goals_attempted / nullif(zone_totals.zone_field_goals_attempted, 0) as {{ dbt.type_numeric() }}) as paint_share,
        cast(1.0 * zone_totals.mid_range_field_goals_attempted / nullif(zone_totals.zone_field_goals_attempted, 0) as {{ dbt.type_numeric() }}) as mid_range_share,
        cast(1.0 * zone_totals.three_zone_field_goals_attempted / nullif(zone_totals.zone_field_goals_attempted, 0) as {{ dbt.type_numeric() }}) as three_share,
        zone_totals.window_start_date,
        zone_totals.window_end_date,
        zone_totals.expected_game_count,
        zone_totals.input_game_count,
        zone_totals.input_row_count,
        zone_totals.is_complete,
        zone_totals.expected_game_ids,
        zone_totals.input_game_ids,
        zone_totals.input_fingerprint
    from entities
    left join zone_totals
        on entities.person_id = zone_totals.person_id
        and entities.analysis_date = zone_totals.analysis_date

)

select * from final
