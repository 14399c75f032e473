{{
    config(
        replace_key='game_id',
        indexes=[{'columns': ['game_id', 'possession_number'], 'unique': true}, {'columns': ['game_date']}],
    )
}}

{#-
    A possession is a maximal run of consecutive actions within one period during which the
    PBP's `possession` team does not change. Actions before the first known possession of a
    period (period start, jump ball) belong to the period's first possession. On real game
    0022000001 this gives pbpstats' count exactly (112 per team).
-#}

with

events as (

    select * from {{ ref('game_events') }}
    where {{ date_window_filter('game_date') }}

),

games as (

    select * from {{ ref('games') }}

),

known as (

    select
        *,
        count(possession_team_id) over (
            partition by game_id, period
            order by order_number
            rows between unbounded preceding and current row
        ) as known_possessions_so_far,
        lag(home_score) over (partition by game_id order by order_number) as previous_home_score,
        lag(away_score) over (partition by game_id order by order_number) as previous_away_score
    from events

),

carried as (

    select
        *,
        coalesce(
            max(possession_team_id) over (partition by game_id, period, known_possessions_so_far),
            max(case when known_possessions_so_far = 1 then possession_team_id end) over (partition by game_id, period)
        ) as offense_team_id
    from known

),

starts as (

    select
        *,
        case
            when offense_team_id is null then 0
            when lag(offense_team_id) over (partition by game_id, period order by order_number) is null then 1
            when lag(offense_team_id) over (partition by game_id, period order by order_number) <> offense_team_id then 1
            else 0
        end as is_possession_start
    from carried

),

numbered as (

    select
        *,
        sum(is_possession_start) over (
            partition by game_id
            order by order_number
            rows between unbounded preceding and current row
        ) as possession_number
    from starts
    where offense_team_id is not null

),

ranked as (

    select
        *,
        row_number() over (partition by game_id, possession_number order by order_number) as rank_in_possession,
        row_number() over (partition by game_id, possession_number order by order_number desc) as reverse_rank_in_possession,
        -- the last action that can end a possession (not a substitution, timeout, ...)
        row_number() over (
            partition by game_id, possession_number
            order by
                case
                    when action_type in ('2pt', '3pt', 'freethrow', 'turnover', 'period', 'game', 'jumpball', 'violation')
                        then 0
                    else 1
                end,
                order_number desc
        ) as ending_rank
    from numbered

),

aggregated as (

    select
        game_id,
        possession_number,
        max(game_date) as game_date,
        max(season) as season,
        max(season_type) as season_type,
        max(period) as period,
        max(offense_team_id) as offense_team_id,
        count(*) as action_count,
        max(case when rank_in_possession = 1 then action_number end) as start_action_number,
        max(case when reverse_rank_in_possession = 1 then action_number end) as end_action_number,
        min(order_number) as start_order_number,
        max(order_number) as end_order_number,
        min(elapsed_seconds) as start_elapsed_seconds,
        max(elapsed_seconds) as end_elapsed_seconds,
        max(case when rank_in_possession = 1 then coalesce(previous_home_score, 0) end) as start_home_score,
        max(case when rank_in_possession = 1 then coalesce(previous_away_score, 0) end) as start_away_score,
        max(case when reverse_rank_in_possession = 1 then home_score end) as end_home_score,
        max(case when reverse_rank_in_possession = 1 then away_score end) as end_away_score,
        max(case when ending_rank = 1 then action_type end) as ending_action_type,
        max(case when ending_rank = 1 then sub_type end) as ending_sub_type,
        max(case when ending_rank = 1 then shot_result end) as ending_shot_result,
        max(case when ending_rank = 1 then action_number end) as ending_action_number
    from ranked
    group by game_id, possession_number

),

final as (

    select
        aggregated.game_id,
        aggregated.possession_number,
        aggregated.game_date,
        aggregated.season,
        aggregated.season_type,
        aggregated.period,
        aggregated.offense_team_id,
        case
            when aggregated.offense_team_id = games.home_team_id then games.away_team_id
            when aggregated.offense_team_id = games.away_team_id then games.home_team_id
        end as defense_team_id,
        {{ side_of_team('aggregated.offense_team_id', 'games.home_team_id', 'games.away_team_id') }} as offense_side,
        aggregated.start_action_number,
        aggregated.end_action_number,
        aggregated.start_order_number,
        aggregated.end_order_number,
        aggregated.action_count,
        aggregated.start_elapsed_seconds,
        aggregated.end_elapsed_seconds,
        aggregated.end_elapsed_seconds - aggregated.start_elapsed_seconds as duration_seconds,
        case
            when aggregated.offense_team_id = games.home_team_id
                then aggregated.start_home_score - aggregated.start_away_score
            when aggregated.offense_team_id = games.away_team_id
                then aggregated.start_away_score - aggregated.start_home_score
        end as start_score_margin,
        case
            when aggregated.offense_team_id = games.home_team_id
                then aggregated.end_home_score - aggregated.start_home_score
            when aggregated.offense_team_id = games.away_team_id
                then aggregated.end_away_score - aggregated.start_away_score
        end as points,
        aggregated.ending_action_number,
        case
            when aggregated.ending_action_type in ('period', 'game') then 'end_of_period'
            when aggregated.ending_action_type = 'turnover' then 'turnover'
            when aggregated.ending_action_type in ('2pt', '3pt') and aggregated.ending_shot_result = 'Made' then 'made_field_goal'
            when aggregated.ending_action_type in ('2pt', '3pt') then 'missed_field_goal'
            when aggregated.ending_action_type = 'freethrow' then 'free_throw'
            when aggregated.ending_action_type = 'jumpball' then 'jump_ball'
            when aggregated.ending_action_type = 'violation' then 'violation'
            else 'other'
        end as end_reason
    from aggregated
    left join games on aggregated.game_id = games.game_id

)

select * from final
