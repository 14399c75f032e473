{{
    config(
        materialized='table',
        indexes=[{'columns': ['team_id', 'game_date']}, {'columns': ['game_id']}],
    )
}}

{#- Helper for the as-of models: each team's scheduled games in order, with how many of its
    FINAL games came before each date. Rolling windows are defined on the schedule (the games
    that should be there), so a game missing upstream shows up as an incomplete window instead
    of the window silently sliding over it. Games the schedule payload does not list (past
    seasons: the CDN schedule covers the current season only) come from analytics.games,
    which dates them from their PBP and boxscore. Small (two rows per game): a table, rebuilt
    on every run. -#}

with

schedule_games as (

    select * from {{ ref('stg_nba_cdn__schedule_games') }}

),

games as (

    select * from {{ ref('games') }}

),

payload_only_games as (

    select
        games.game_id,
        games.season,
        games.game_date,
        games.game_starts_at_utc,
        games.game_status,
        games.home_team_id,
        games.away_team_id
    from games
    left join schedule_games on games.game_id = schedule_games.game_id
    where schedule_games.game_id is null
        and games.home_team_id is not null
        and games.away_team_id is not null

),

schedule as (

    select game_id, season, game_date, game_starts_at_utc, game_status, home_team_id, away_team_id
    from schedule_games
    union all
    select game_id, season, game_date, game_starts_at_utc, game_status, home_team_id, away_team_id
    from payload_only_games

),

team_games as (

    select game_id, season, game_date, game_starts_at_utc, game_status, home_team_id as team_id, away_team_id as opponent_team_id, true as is_home
    from schedule
    union all
    select game_id, season, game_date, game_starts_at_utc, game_status, away_team_id as team_id, home_team_id as opponent_team_id, false as is_home
    from schedule

),

last_final as (

    select max(game_date) as last_final_game_date
    from schedule
    where game_status = 3

),

next_game_day as (

    -- the first scheduled date after the last final game: upcoming games get features too
    select min(schedule.game_date) as next_game_date
    from schedule
    cross join last_final
    where schedule.game_date > last_final.last_final_game_date
        or last_final.last_final_game_date is null

),

sequenced as (

    select
        team_games.*,
        team_games.game_status = 3 as is_final,
        row_number() over (
            partition by team_games.season, team_games.team_id
            order by team_games.game_date, team_games.game_starts_at_utc, team_games.game_id
        ) as team_game_number,
        -- final games of the team in the season on earlier dates (a team plays once a day)
        sum(case when team_games.game_status = 3 then 1 else 0 end) over (
            partition by team_games.season, team_games.team_id
            order by team_games.game_date, team_games.game_starts_at_utc, team_games.game_id
            rows between unbounded preceding and 1 preceding
        ) as prior_final_games,
        lag(team_games.game_date) over (
            partition by team_games.season, team_games.team_id
            order by team_games.game_date, team_games.game_starts_at_utc, team_games.game_id
        ) as previous_game_date
    from team_games

),

final as (

    select
        sequenced.game_id,
        sequenced.team_id,
        sequenced.season,
        sequenced.game_date,
        sequenced.game_starts_at_utc,
        sequenced.game_status,
        sequenced.is_final,
        sequenced.opponent_team_id,
        sequenced.is_home,
        sequenced.team_game_number,
        coalesce(sequenced.prior_final_games, 0) as prior_final_games,
        case when sequenced.is_final then coalesce(sequenced.prior_final_games, 0) + 1 end as final_game_number,
        sequenced.previous_game_date,
        sequenced.game_date <= coalesce(next_game_day.next_game_date, last_final.last_final_game_date) as is_analysis_date
    from sequenced
    cross join next_game_day
    cross join last_final

)

select * from final
