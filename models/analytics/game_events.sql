{{
    config(
        replace_key='game_id',
        indexes=[{'columns': ['game_id', 'order_number'], 'unique': true}, {'columns': ['game_date']}],
    )
}}

with

games as (

    select * from {{ ref('games') }}
    where {{ date_window_filter('game_date') }}

),

pbp as (

    select * from {{ ref('stg_nba_cdn__pbp_actions') }}
    where {{ window_game_ids_filter('game_id') }}

),

shot_zones as (

    select * from {{ ref('shot_zones') }}

),

zone_bounds as (

    select
        max(case when zone = 'paint' then max_distance_ft end) as paint_max_ft,
        min(case when is_three then min_distance_ft end) as three_min_ft
    from shot_zones

),

game_actions as (

    select
        pbp.*,
        games.game_date,
        games.home_team_id,
        games.away_team_id,
        games.winning_side as final_winning_side
    from pbp
    inner join games on pbp.game_id = games.game_id

),

scored as (

    -- a score missing on an action carries the last known score forward
    select
        *,
        coalesce(
            home_score,
            max(home_score) over (partition by game_id order by order_number rows between unbounded preceding and current row),
            0
        ) as running_home_score,
        coalesce(
            away_score,
            max(away_score) over (partition by game_id order by order_number rows between unbounded preceding and current row),
            0
        ) as running_away_score,
        row_number() over (partition by game_id order by order_number) as event_sequence
    from game_actions

),

final as (

    select
        scored.game_id,
        scored.action_number,
        scored.order_number,
        scored.event_sequence,
        scored.game_date,
        scored.season,
        scored.season_type,
        scored.period,
        scored.period_type,
        scored.clock,
        scored.clock_seconds,
        scored.elapsed_seconds,
        scored.seconds_remaining,
        scored.action_type,
        scored.sub_type,
        scored.descriptor,
        scored.qualifiers,
        scored.team_id,
        scored.team_tricode,
        {{ side_of_team('scored.team_id', 'scored.home_team_id', 'scored.away_team_id') }} as team_side,
        scored.person_id,
        scored.player_name,
        scored.running_home_score as home_score,
        scored.running_away_score as away_score,
        scored.running_home_score - scored.running_away_score as point_differential,
        scored.possession_team_id,
        {{ side_of_team('scored.possession_team_id', 'scored.home_team_id', 'scored.away_team_id') }} as possession_side,
        {{ leading_side('scored.running_home_score', 'scored.running_away_score') }} as current_winning_side,
        scored.final_winning_side,
        scored.is_field_goal,
        scored.shot_result,
        scored.is_made_shot,
        scored.shot_points,
        scored.shot_distance_ft,
        case
            when scored.is_field_goal
                then {{ shot_zone('scored.action_type', 'scored.shot_distance_ft', 'zone_bounds.paint_max_ft', 'zone_bounds.three_min_ft') }}
        end as shot_zone,
        scored.x,
        scored.y,
        scored.x_legacy,
        scored.y_legacy,
        scored.area,
        scored.area_detail,
        scored.shot_action_number,
        scored.assist_person_id,
        scored.block_person_id,
        scored.steal_person_id,
        scored.foul_drawn_person_id,
        scored.description,
        scored.action_at_utc
    from scored
    cross join zone_bounds

)

select * from final
