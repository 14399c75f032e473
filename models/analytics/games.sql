{{
    config(
        replace_key='game_id',
        hwm_condition='game_status = 3',
        indexes=[{'columns': ['game_id'], 'unique': true}, {'columns': ['game_date']}],
    )
}}

with

schedule as (

    select * from {{ ref('stg_nba_cdn__schedule_games') }}

),

box_games as (

    select * from {{ ref('stg_nba_cdn__boxscore_games') }}

),

box_teams as (

    -- the CDN's box score, or the fallback's for a game the CDN never published
    select * from {{ ref('int_boxscore_teams') }}

),

live_polls as (

    select * from {{ ref('stg_nba_cdn__live_scoreboard_games') }}

),

{%- set window = date_window() %}

pbp as (

    {#- a windowed run reads the PBP of the window's games only (dated_game_ids_filter,
        which also reads the fetch log) -#}
    -- depends_on: {{ ref('stg_nba_cdn__fetch_log') }}
    select * from {{ ref('stg_nba_cdn__pbp_actions') }}
    where {{ dated_game_ids_filter('game_id', window) }}

),

box_sides as (

    select
        game_id,
        max(case when team_side = 'home' then team_id end) as home_team_id,
        max(case when team_side = 'away' then team_id end) as away_team_id,
        max(case when team_side = 'home' then team_tricode end) as home_team_tricode,
        max(case when team_side = 'away' then team_tricode end) as away_team_tricode,
        max(case when team_side = 'home' then score end) as home_score,
        max(case when team_side = 'away' then score end) as away_score,
        max(boxscore_source) as boxscore_source
    from box_teams
    group by game_id

),

live_latest as (

    select
        *,
        row_number() over (partition by game_id order by poll_at_utc desc, poll_id desc) as poll_rank
    from live_polls

),

pbp_ordered as (

    select
        game_id,
        order_number,
        period,
        action_type,
        sub_type,
        team_id,
        team_tricode,
        home_score,
        away_score,
        action_at_utc,
        home_score - coalesce(lag(home_score) over (partition by game_id order by order_number), 0) as home_score_delta,
        away_score - coalesce(lag(away_score) over (partition by game_id order by order_number), 0) as away_score_delta,
        row_number() over (partition by game_id order by order_number desc) as reverse_rank
    from pbp

),

pbp_games as (

    select
        game_id,
        min(action_at_utc) as first_action_at_utc,
        max(period) as last_period,
        max(case when action_type = 'game' and sub_type = 'end' then 1 else 0 end) = 1 as has_game_end,
        max(case when reverse_rank = 1 then home_score end) as home_score,
        max(case when reverse_rank = 1 then away_score end) as away_score
    from pbp_ordered
    group by game_id

),

pbp_team_scoring as (

    -- which team's made shots move the home score: only needed for games with PBP but
    -- neither a boxscore nor a schedule row (e.g. an old game fetched by id)
    select
        game_id,
        team_id,
        max(team_tricode) as team_tricode,
        sum(case when home_score_delta > 0 then 1 else 0 end) as home_increments,
        sum(case when away_score_delta > 0 then 1 else 0 end) as away_increments
    from pbp_ordered
    where team_id is not null
    group by game_id, team_id

),

pbp_sides as (

    select
        game_id,
        max(case when home_increments > away_increments then team_id end) as home_team_id,
        max(case when away_increments > home_increments then team_id end) as away_team_id,
        max(case when home_increments > away_increments then team_tricode end) as home_team_tricode,
        max(case when away_increments > home_increments then team_tricode end) as away_team_tricode
    from pbp_team_scoring
    group by game_id

),

game_ids as (

    select game_id from schedule
    union
    select game_id from box_games
    union
    select game_id from box_sides
    union
    select game_id from live_polls
    union
    select game_id from pbp_games

),

combined as (

    select
        game_ids.game_id,
        {{ season_from_game_id('game_ids.game_id') }} as season,
        {{ season_type_code_from_game_id('game_ids.game_id') }} as season_type_code,
        {{ season_type_from_game_id('game_ids.game_id') }} as season_type,
        coalesce(
            box_games.game_starts_at_utc,
            live_latest.game_starts_at_utc,
            schedule.game_starts_at_utc,
            pbp_games.first_action_at_utc
        ) as game_starts_at_utc,
        coalesce(box_games.game_date, live_latest.game_date, schedule.game_date) as reported_game_date,
        coalesce(box_sides.home_team_id, live_latest.home_team_id, schedule.home_team_id, pbp_sides.home_team_id) as home_team_id,
        coalesce(box_sides.away_team_id, live_latest.away_team_id, schedule.away_team_id, pbp_sides.away_team_id) as away_team_id,
        coalesce(box_sides.home_team_tricode, live_latest.home_team_tricode, schedule.home_team_tricode, pbp_sides.home_team_tricode) as home_team_tricode,
        coalesce(box_sides.away_team_tricode, live_latest.away_team_tricode, schedule.away_team_tricode, pbp_sides.away_team_tricode) as away_team_tricode,
        greatest(
            coalesce(schedule.game_status, 1),
            coalesce(box_games.game_status, 1),
            coalesce(live_latest.game_status, 1),
            case when pbp_games.has_game_end then 3 when pbp_games.game_id is not null then 2 else 1 end
        ) as game_status,
        coalesce(
            box_sides.home_score,
            pbp_games.home_score,
            live_latest.home_team_score,
            case when schedule.game_status > 1 then schedule.home_team_score end
        ) as home_score,
        coalesce(
            box_sides.away_score,
            pbp_games.away_score,
            live_latest.away_team_score,
            case when schedule.game_status > 1 then schedule.away_team_score end
        ) as away_score,
        pbp_games.home_score as pbp_final_home_score,
        pbp_games.away_score as pbp_final_away_score,
        coalesce(pbp_games.last_period, box_games.period, live_latest.period) as periods_played,
        coalesce(box_games.regulation_periods, {{ var('regulation_periods', 4) }}) as regulation_periods,
        coalesce(box_games.arena_name, schedule.arena_name) as arena_name,
        box_games.attendance,
        schedule.game_id is not null as is_in_schedule,
        box_sides.game_id is not null as has_boxscore,
        box_sides.boxscore_source,
        pbp_games.game_id is not null as has_pbp
    from game_ids
    left join schedule on game_ids.game_id = schedule.game_id
    left join box_games on game_ids.game_id = box_games.game_id
    left join box_sides on game_ids.game_id = box_sides.game_id
    left join live_latest on game_ids.game_id = live_latest.game_id and live_latest.poll_rank = 1
    left join pbp_games on game_ids.game_id = pbp_games.game_id
    left join pbp_sides on game_ids.game_id = pbp_sides.game_id

),

final as (

    select
        game_id,
        season,
        season_type_code,
        season_type,
        coalesce(reported_game_date, {{ to_eastern_date('game_starts_at_utc') }}) as game_date,
        game_starts_at_utc,
        game_status,
        case game_status
            when 1 then 'scheduled'
            when 2 then 'in_progress'
            when 3 then 'final'
        end as game_status_label,
        home_team_id,
        away_team_id,
        home_team_tricode,
        away_team_tricode,
        case when game_status >= 2 then home_score end as home_score,
        case when game_status >= 2 then away_score end as away_score,
        case
            when game_status = 3 and home_score > away_score then home_team_id
            when game_status = 3 and away_score > home_score then away_team_id
        end as winner_team_id,
        case when game_status = 3 then {{ leading_side('home_score', 'away_score') }} end as winning_side,
        periods_played,
        case
            when game_status = 3 then greatest(coalesce(periods_played, regulation_periods) - regulation_periods, 0)
        end as overtime_periods,
        pbp_final_home_score,
        pbp_final_away_score,
        arena_name,
        attendance,
        is_in_schedule,
        has_boxscore,
        boxscore_source,
        has_pbp,
        {{ coverage_tier('has_pbp', 'boxscore_source') }} as coverage_tier
    from combined

)

select *
from final
where {{ date_window_filter('game_date') }}
