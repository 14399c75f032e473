{{
    config(
        replace_key='game_id',
        indexes=[{'columns': ['game_id', 'team_id'], 'unique': true}, {'columns': ['game_date']}],
    )
}}

with

offense as (

    select * from {{ ref('team_offense_game_summary') }}
    where {{ date_window_filter('game_date') }}

),

events as (

    select * from {{ ref('game_events') }}
    where {{ date_window_filter('game_date') }}

),

box_teams as (

    select * from {{ ref('int_boxscore_teams') }}

),

pbp_defense as (

    -- actions credited to the defending team: blocks (on the shot), steals, defensive rebounds
    select
        events.game_id,
        defenders.team_id,
        sum(case when events.is_field_goal and events.block_person_id is not null then 1 else 0 end) as blocks,
        sum(case when events.is_field_goal and events.block_person_id is not null and events.shot_zone = 'paint' then 1 else 0 end) as blocks_paint,
        sum(case when events.is_field_goal and events.block_person_id is not null and events.shot_zone = 'mid_range' then 1 else 0 end) as blocks_mid_range,
        sum(case when events.is_field_goal and events.block_person_id is not null and events.shot_zone = 'three' then 1 else 0 end) as blocks_three,
        sum(case when events.action_type = 'turnover' and events.steal_person_id is not null then 1 else 0 end) as steals
    from events
    inner join offense as defenders
        on events.game_id = defenders.game_id and events.team_id = defenders.opponent_team_id
    group by events.game_id, defenders.team_id

),

defensive_rebounds as (

    select
        game_id,
        team_id,
        sum(case when action_type = 'rebound' and sub_type = 'defensive' then 1 else 0 end) as rebounds_defensive
    from events
    where team_id is not null
    group by game_id, team_id

),

final as (

    select
        offense.game_id,
        offense.team_id,
        offense.game_date,
        offense.season,
        offense.season_type,
        offense.team_side,
        offense.opponent_team_id,
        opponent.points as points_allowed,
        opponent.field_goals_made as opponent_field_goals_made,
        opponent.field_goals_attempted as opponent_field_goals_attempted,
        opponent.three_pointers_made as opponent_three_pointers_made,
        opponent.three_pointers_attempted as opponent_three_pointers_attempted,
        opponent.free_throws_made as opponent_free_throws_made,
        opponent.free_throws_attempted as opponent_free_throws_attempted,
        opponent.turnovers as opponent_turnovers,
        opponent.paint_field_goals_made as opponent_paint_field_goals_made,
        opponent.paint_field_goals_attempted as opponent_paint_field_goals_attempted,
        opponent.paint_points as paint_points_allowed,
        opponent.mid_range_field_goals_made as opponent_mid_range_field_goals_made,
        opponent.mid_range_field_goals_attempted as opponent_mid_range_field_goals_attempted,
        opponent.mid_range_points as mid_range_points_allowed,
        opponent.three_zone_field_goals_made as opponent_three_zone_field_goals_made,
        opponent.three_zone_field_goals_attempted as opponent_three_zone_field_goals_attempted,
        opponent.three_zone_points as three_zone_points_allowed,
        opponent.free_throw_points as free_throw_points_allowed,
        coalesce(box_teams.rebounds_defensive, defensive_rebounds.rebounds_defensive) as rebounds_defensive,
        coalesce(box_teams.steals, pbp_defense.steals, 0) as steals,
        coalesce(box_teams.blocks, pbp_defense.blocks, 0) as blocks,
        coalesce(pbp_defense.blocks_paint, 0) as blocks_paint,
        coalesce(pbp_defense.blocks_mid_range, 0) as blocks_mid_range,
        coalesce(pbp_defense.blocks_three, 0) as blocks_three,
        offense.opponent_possessions as defensive_possessions,
        offense.possessions as offensive_possessions,
        offense.game_seconds,
        offense.pace,
        -- points allowed per 100 opponent possessions
        case
            when offense.opponent_possessions > 0
                then round(cast(100.0 * opponent.points / offense.opponent_possessions as {{ dbt.type_numeric() }}), 2)
        end as defensive_rating
    from offense
    left join offense as opponent
        on offense.game_id = opponent.game_id and offense.opponent_team_id = opponent.team_id
    left join box_teams
        on offense.game_id = box_teams.game_id and offense.team_id = box_teams.team_id
    left join pbp_defense
        on offense.game_id = pbp_defense.game_id and offense.team_id = pbp_defense.team_id
    left join defensive_rebounds
        on offense.game_id = defensive_rebounds.game_id and offense.team_id = defensive_rebounds.team_id

)

select * from final
