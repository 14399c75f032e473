{{
    config(
        replace_key='game_id',
        indexes=[{'columns': ['game_id', 'possession_number'], 'unique': true}, {'columns': ['game_date']}],
    )
}}

{#-
    A possession is a maximal run of consecutive actions within one period during which the
    PBP's `possession` team does not change. Actions the CDN logs before a period's start
    marker (between-period substitutions, technical free throws) carry the previous period's
    `possession` and have none of their own: with the start marker, they open the period's
    first possession, whose offense is the team with the ball when the period starts (the
    start marker's `possession` in periods 2-4, the jump-ball winner in period 1 and every
    overtime). A defensive rebound ends the possession of the team that missed (the CDN
    already gives it the rebounding team): the rebounding team's possession starts with the
    next action, as in pbpstats. Checked possession by possession against pbpstats on every
    real game in ../shared/realdata (tests/test_dbt_analytics.py). A possession lasts from
    the end of the previous one of its period (the period start for the first) to its own
    last action, so a period's durations add up to its length.
-#}

with

events as (

    select * from {{ ref('game_events') }}
    where {{ date_window_filter('game_date') }}

),

games as (

    select * from {{ ref('games') }}

),

marked as (

    select
        *,
        min(case when action_type = 'period' and sub_type = 'start' then order_number end) over (
            partition by game_id, period
        ) as period_start_order_number,
        case when action_type = 'rebound' and sub_type = 'defensive' then 1 else 0 end as is_defensive_rebound
    from events

),

grouped as (

    -- each action other than a defensive rebound opens a group; the rebounds after it join it
    select
        *,
        sum(1 - is_defensive_rebound) over (
            partition by game_id
            order by order_number
            rows between unbounded preceding and current row
        ) as rebound_group
    from marked

),

owned as (

    -- the possession each action belongs to, or null when it has none of its own
    select
        *,
        case
            when order_number < period_start_order_number then null
            -- periods 1 and 5+ open with a jump ball: its winner has the first possession
            when order_number = period_start_order_number and (period = 1 or period > 4) then null
            -- a defensive rebound ends the possession of the team that missed
            when is_defensive_rebound = 1
                then max(case when is_defensive_rebound = 0 then possession_team_id end) over (
                    partition by game_id, rebound_group
                )
            else possession_team_id
        end as owned_possession_team_id
    from grouped

),

known as (

    select
        *,
        count(owned_possession_team_id) over (
            partition by game_id, period
            order by order_number
            rows between unbounded preceding and current row
        ) as known_possessions_so_far,
        lag(home_score) over (partition by game_id order by order_number) as previous_home_score,
        lag(away_score) over (partition by game_id order by order_number) as previous_away_score
    from owned

),

carried as (

    select
        *,
        coalesce(
            max(owned_possession_team_id) over (partition by game_id, period, known_possessions_so_far),
            max(case when known_possessions_so_far = 1 then owned_possession_team_id end) over (partition by game_id, period)
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

timed as (

    -- a possession starts when the previous one of its period ends (the first at the period's
    -- start) and ends at its last action: the durations of a period add up to its length
    select
        *,
        coalesce(
            lag(end_elapsed_seconds) over (partition by game_id, period order by possession_number),
            {{ period_start_elapsed_seconds('period') }}
        ) as start_elapsed_seconds
    from aggregated

),

final as (

    select
        timed.game_id,
        timed.possession_number,
        timed.game_date,
        timed.season,
        timed.season_type,
        timed.period,
        timed.offense_team_id,
        case
            when timed.offense_team_id = games.home_team_id then games.away_team_id
            when timed.offense_team_id = games.away_team_id then games.home_team_id
        end as defense_team_id,
        {{ side_of_team('timed.offense_team_id', 'games.home_team_id', 'games.away_team_id') }} as offense_side,
        timed.start_action_number,
        timed.end_action_number,
        timed.start_order_number,
        timed.end_order_number,
        timed.action_count,
        timed.start_elapsed_seconds,
        timed.end_elapsed_seconds,
        timed.end_elapsed_seconds - timed.start_elapsed_seconds as duration_seconds,
        case
            when timed.offense_team_id = games.home_team_id
                then timed.start_home_score - timed.start_away_score
            when timed.offense_team_id = games.away_team_id
                then timed.start_away_score - timed.start_home_score
        end as start_score_margin,
        case
            when timed.offense_team_id = games.home_team_id
                then timed.end_home_score - timed.start_home_score
            when timed.offense_team_id = games.away_team_id
                then timed.end_away_score - timed.start_away_score
        end as points,
        timed.ending_action_number,
        case
            when timed.ending_action_type in ('period', 'game') then 'end_of_period'
            when timed.ending_action_type = 'turnover' then 'turnover'
            when timed.ending_action_type in ('2pt', '3pt') and timed.ending_shot_result = 'Made' then 'made_field_goal'
            when timed.ending_action_type in ('2pt', '3pt') then 'missed_field_goal'
            when timed.ending_action_type = 'freethrow' then 'free_throw'
            when timed.ending_action_type = 'jumpball' then 'jump_ball'
            when timed.ending_action_type = 'violation' then 'violation'
            else 'other'
        end as end_reason
    from timed
    left join games on timed.game_id = games.game_id

)

select * from final
