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
    select
        entities.person_id,
        entities.analysis_date,
        window_game.game_id,
        window_game.game_date,
        found_games.game_id as found_game_id
    from entities
    inner join team_schedule as window_game
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
        coalesce(sum(paint_field_goals_made), 0) as paint_made,
        coalesce(sum(paint_field_goals_attempted), 0) as paint_attempted,
        coalesce(sum(mid_range_field_goals_made), 0) as mid_range_made,
        coalesce(sum(mid_range_field_goals_attempted), 0) as mid_range_attempted,
        coalesce(sum(three_zone_field_goals_made), 0) as three_made,
        coalesce(sum(three_zone_field_goals_attempted), 0) as three_attempted,
        -- lineage
        min(game_date) as window_start_date,
        max(game_date) as window_end_date,
        count(*) as expected_game_count,
        count(found_game_id) as input_game_count,
        count(player_game_id) as input_row_count,
        {{ game_id_list('game_id') }} as expected_game_ids,
        {{ game_id_list('found_game_id') }} as input_game_ids
    from window_rows
    group by person_id, analysis_date

),

final as (

    select
        entities.person_id,
        entities.analysis_date,
        entities.season,
        entities.team_id,
        entities.next_game_id,
        {{ window_games }} as window_size_games,
        coalesce(aggregated.input_game_count, 0) as games_in_window,
        coalesce(aggregated.games_played_in_window, 0) as games_played_in_window,
        coalesce(aggregated.paint_made, 0) as paint_made,
        coalesce(aggregated.paint_attempted, 0) as paint_attempted,
        coalesce(aggregated.mid_range_made, 0) as mid_range_made,
        coalesce(aggregated.mid_range_attempted, 0) as mid_range_attempted,
        coalesce(aggregated.three_made, 0) as three_made,
        coalesce(aggregated.three_attempted, 0) as three_attempted,
        coalesce(aggregated.paint_attempted + aggregated.mid_range_attempted + aggregated.three_attempted, 0) as field_goals_attempted,
        cast(1.0 * aggregated.paint_made / nullif(aggregated.paint_attempted, 0) as {{ dbt.type_numeric() }}) as paint_fg_pct,
        cast(1.0 * aggregated.mid_range_made / nullif(aggregated.mid_range_attempted, 0) as {{ dbt.type_numeric() }}) as mid_range_fg_pct,
        cast(1.0 * aggregated.three_made / nullif(aggregated.three_attempted, 0) as {{ dbt.type_numeric() }}) as three_fg_pct,
        cast(1.0 * aggregated.paint_attempted / nullif(aggregated.paint_attempted + aggregated.mid_range_attempted + aggregated.three_attempted, 0) as {{ dbt.type_numeric() }}) as paint_share,
        cast(1.0 * aggregated.mid_range_attempted / nullif(aggregated.paint_attempted + aggregated.mid_range_attempted + aggregated.three_attempted, 0) as {{ dbt.type_numeric() }}) as mid_range_share,
        cast(1.0 * aggregated.three_attempted / nullif(aggregated.paint_attempted + aggregated.mid_range_attempted + aggregated.three_attempted, 0) as {{ dbt.type_numeric() }}) as three_share,
        aggregated.window_start_date,
        aggregated.window_end_date,
        coalesce(aggregated.expected_game_count, 0) as expected_game_count,
        coalesce(aggregated.input_game_count, 0) as input_game_count,
        coalesce(aggregated.input_row_count, 0) as input_row_count,
        coalesce(aggregated.input_game_count, 0) = coalesce(aggregated.expected_game_count, 0) as is_complete,
        coalesce(aggregated.expected_game_ids, '') as expected_game_ids,
        coalesce(aggregated.input_game_ids, '') as input_game_ids,
        {{ lineage_fingerprint("coalesce(aggregated.input_game_ids, '')") }} as input_fingerprint
    from entities
    left join aggregated
        on entities.person_id = aggregated.person_id
        and entities.analysis_date = aggregated.analysis_date

)

select * from final
