{{
    config(
        materialized='table',
        indexes=[{'columns': ['game_id', 'team_id'], 'unique': true}],
    )
}}

{#- A table, rebuilt on every run: it describes the current state (games not started yet),
    so a game that tipped off must leave it whatever dates the run covers. -#}

with

games as (

    select * from {{ ref('games') }}

),

lines as (

    select * from {{ ref('game_lines') }}

),

team_games as (

    select game_id, game_date, game_starts_at_utc, game_status, home_team_id as team_id, away_team_id as opponent_team_id, true as is_home
    from games
    union all
    select game_id, game_date, game_starts_at_utc, game_status, away_team_id as team_id, home_team_id as opponent_team_id, false as is_home
    from games

),

with_history as (

    select
        *,
        lag(game_date) over (partition by team_id order by game_starts_at_utc, game_id) as previous_game_date
    from team_games
    where team_id is not null

),

recent_load as (

    select
        upcoming.game_id,
        upcoming.team_id,
        count(earlier.game_id) as games_in_last_7_days
    from with_history as upcoming
    left join team_games as earlier
        on upcoming.team_id = earlier.team_id
        and earlier.game_date < upcoming.game_date
        and earlier.game_date >= {{ dbt.dateadd('day', -7, 'upcoming.game_date') }}
    where upcoming.game_status = 1
    group by upcoming.game_id, upcoming.team_id

),

latest_moneyline as (

    select
        game_id,
        outcome_type,
        max(consensus_no_vig_probability) as consensus_win_probability,
        max(latest_snapshot_at_utc) as latest_snapshot_at_utc
    from lines
    where market_name = '2way'
    group by game_id, outcome_type

),

latest_spread as (

    select
        game_id,
        outcome_type,
        avg(latest_spread) as consensus_spread
    from lines
    where market_name = 'spread'
    group by game_id, outcome_type

),

final as (

    select
        with_history.game_id,
        with_history.team_id,
        with_history.opponent_team_id,
        with_history.game_date,
        with_history.game_starts_at_utc,
        with_history.is_home,
        case when with_history.is_home then 'home' else 'away' end as home_away,
        with_history.previous_game_date,
        {{ dbt.datediff('with_history.previous_game_date', 'with_history.game_date', 'day') }} - 1 as rest_days,
        coalesce({{ dbt.datediff('with_history.previous_game_date', 'with_history.game_date', 'day') }} = 1, false) as is_back_to_back,
        recent_load.games_in_last_7_days,
        latest_moneyline.consensus_win_probability as latest_consensus_win_probability,
        latest_spread.consensus_spread as latest_consensus_spread,
        latest_moneyline.latest_snapshot_at_utc as latest_line_snapshot_at_utc
    from with_history
    inner join recent_load
        on with_history.game_id = recent_load.game_id and with_history.team_id = recent_load.team_id
    left join latest_moneyline
        on with_history.game_id = latest_moneyline.game_id
        and latest_moneyline.outcome_type = case when with_history.is_home then 'home' else 'away' end
    left join latest_spread
        on with_history.game_id = latest_spread.game_id
        and latest_spread.outcome_type = case when with_history.is_home then 'home' else 'away' end
    where with_history.game_status = 1

)

select * from final
