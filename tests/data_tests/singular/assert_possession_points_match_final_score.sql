-- Every point of a game is scored in exactly one possession: per team, the points of its
-- possessions add up to its final PBP score.
with

possessions as (

    select * from {{ ref('possessions') }}

),

games as (

    select * from {{ ref('games') }}

),

by_team as (

    select
        game_id,
        offense_team_id,
        sum(points) as possession_points
    from possessions
    group by game_id, offense_team_id

)

select
    by_team.game_id,
    by_team.offense_team_id,
    by_team.possession_points,
    case
        when by_team.offense_team_id = games.home_team_id then games.pbp_final_home_score
        else games.pbp_final_away_score
    end as pbp_final_score
from by_team
inner join games on by_team.game_id = games.game_id
where games.game_status = 3
    and by_team.possession_points is distinct from case
        when by_team.offense_team_id = games.home_team_id then games.pbp_final_home_score
        else games.pbp_final_away_score
    end
