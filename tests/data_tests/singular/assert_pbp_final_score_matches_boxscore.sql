-- Reconciliation: the final PBP score of every game with a boxscore equals the official
-- boxscore team scores.
with

games as (

    select * from {{ ref('games') }}

),

box_teams as (

    select * from {{ ref('int_boxscore_teams') }}

),

box_scores as (

    select
        game_id,
        max(case when team_side = 'home' then score end) as box_home_score,
        max(case when team_side = 'away' then score end) as box_away_score
    from box_teams
    group by game_id

)

select
    games.game_id,
    games.pbp_final_home_score,
    box_scores.box_home_score,
    games.pbp_final_away_score,
    box_scores.box_away_score
from games
inner join box_scores on games.game_id = box_scores.game_id
where games.has_pbp
    and games.game_status = 3
    and (
        games.pbp_final_home_score is distinct from box_scores.box_home_score
        or games.pbp_final_away_score is distinct from box_scores.box_away_score
    )
