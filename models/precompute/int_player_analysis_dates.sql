{{
    config(
        materialized='table',
        indexes=[{'columns': ['person_id', 'analysis_date'], 'unique': true}, {'columns': ['team_id', 'analysis_date']}],
    )
}}

{#- Helper: the players of each analysis date. A player belongs to the team he last played
    for (as of the day before: nothing from the analysis date itself is used) and gets a
    row on each date that team plays. Rebuilt on every run (it is one row per player and
    date but read from whole-season player rows, cheap next to the rolling windows). -#}

with

team_schedule as (

    select * from {{ ref('team_schedule') }}

),

player_games as (

    select person_id, team_id, season, game_date
    from {{ ref('player_game_summary') }}
    where team_id is not null

),

stints as (

    -- a player's spells with a team: first game with it, and the first game with his next team
    select
        person_id,
        team_id,
        season,
        first_game_date,
        lead(first_game_date) over (partition by person_id, season order by first_game_date) as next_team_first_game_date
    from (
        select person_id, team_id, season, min(game_date) as first_game_date
        from player_games
        group by person_id, team_id, season
    ) as spells

),

final as (

    select
        stints.person_id,
        team_schedule.game_date as analysis_date,
        team_schedule.season,
        team_schedule.team_id,
        team_schedule.opponent_team_id,
        team_schedule.is_home,
        team_schedule.game_id as next_game_id,
        team_schedule.game_starts_at_utc as next_game_starts_at_utc,
        team_schedule.previous_game_date,
        team_schedule.prior_final_games
    from team_schedule
    inner join stints
        on team_schedule.team_id = stints.team_id
        and team_schedule.season = stints.season
        and stints.first_game_date < team_schedule.game_date
        and (stints.next_team_first_game_date is null or team_schedule.game_date <= stints.next_team_first_game_date)
    where team_schedule.is_analysis_date

)

select * from final
