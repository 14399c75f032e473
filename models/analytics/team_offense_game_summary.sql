{{
    config(
        replace_key='game_id',
        indexes=[{'columns': ['game_id', 'team_id'], 'unique': true}, {'columns': ['game_date']}],
    )
}}

with

games as (

    select * from {{ ref('games') }}
    where {{ date_window_filter('game_date') }}
        and (has_pbp or has_boxscore)

),

box_teams as (

    select * from {{ ref('int_boxscore_teams') }}

),

pbp_totals_by_player as (

    select * from {{ ref('int_game_pbp_totals') }}
    where {{ date_window_filter('game_date') }}

),

possessions as (

    select * from {{ ref('possessions') }}
    where {{ date_window_filter('game_date') }}

),

team_games as (

    select game_id, game_date, season, season_type, home_team_id as team_id, away_team_id as opponent_team_id, 0 as team_side, home_score as final_points, periods_played, overtime_periods
    from games
    union all
    select game_id, game_date, season, season_type, away_team_id as team_id, home_team_id as opponent_team_id, 1 as team_side, away_score as final_points, periods_played, overtime_periods
    from games

),

pbp_offense as (

    select
        game_id,
        team_id,
        sum(points) as points,
        sum(field_goals_attempted) as field_goals_attempted,
        sum(field_goals_made) as field_goals_made,
        sum(three_pointers_attempted) as three_pointers_attempted,
        sum(three_pointers_made) as three_pointers_made,
        sum(free_throws_attempted) as free_throws_attempted,
        sum(free_throws_made) as free_throws_made,
        sum(rebounds_offensive) as rebounds_offensive,
        sum(turnovers) as turnovers,
        sum(assisted_shots_made) as assists,
        {{ sum_shot_zone_measures() }}
    from pbp_totals_by_player
    where team_id is not null
    group by game_id, team_id

),

team_possessions as (

    select
        game_id,
        offense_team_id as team_id,
        count(*) as possessions,
        sum(points) as possession_points
    from possessions
    group by game_id, offense_team_id

),

final as (

    select
        team_games.game_id,
        team_games.team_id,
        team_games.game_date,
        team_games.season,
        team_games.season_type,
        team_games.team_side,
        team_games.opponent_team_id,
        coalesce(box_teams.points, team_games.final_points, pbp_offense.points) as points,
        coalesce(box_teams.field_goals_made, pbp_offense.field_goals_made) as field_goals_made,
        coalesce(box_teams.field_goals_attempted, pbp_offense.field_goals_attempted) as field_goals_attempted,
        coalesce(box_teams.three_pointers_made, pbp_offense.three_pointers_made) as three_pointers_made,
        coalesce(box_teams.three_pointers_attempted, pbp_offense.three_pointers_attempted) as three_pointers_attempted,
        coalesce(box_teams.free_throws_made, pbp_offense.free_throws_made) as free_throws_made,
        coalesce(box_teams.free_throws_attempted, pbp_offense.free_throws_attempted) as free_throws_attempted,
        coalesce(box_teams.rebounds_offensive, pbp_offense.rebounds_offensive) as rebounds_offensive,
        coalesce(box_teams.assists, pbp_offense.assists) as assists,
        coalesce(box_teams.turnovers_total, pbp_offense.turnovers) as turnovers,
        {{ coalesced_shot_zone_measures('pbp_offense') }},
        pbp_offense.points as pbp_points,
        team_possessions.possessions,
        opponent_possessions.possessions as opponent_possessions,
        {{ var('regulation_periods', 4) * var('regulation_period_seconds', 720) }}
            + coalesce(team_games.overtime_periods, 0) * {{ var('overtime_period_seconds', 300) }} as game_seconds,
        -- possessions per 48 minutes, averaged over both teams
        case
            when team_possessions.possessions is not null and opponent_possessions.possessions is not null
                then round(cast(
                    2880.0 * (team_possessions.possessions + opponent_possessions.possessions) / 2.0
                    / ({{ var('regulation_periods', 4) * var('regulation_period_seconds', 720) }}
                        + coalesce(team_games.overtime_periods, 0) * {{ var('overtime_period_seconds', 300) }})
                as {{ dbt.type_numeric() }}), 2)
        end as pace,
        -- points per 100 possessions
        case
            when team_possessions.possessions > 0
                then round(cast(100.0 * coalesce(box_teams.points, team_games.final_points, pbp_offense.points) / team_possessions.possessions as {{ dbt.type_numeric() }}), 2)
        end as offensive_rating
    from team_games
    left join box_teams
        on team_games.game_id = box_teams.game_id and team_games.team_id = box_teams.team_id
    left join pbp_offense
        on team_games.game_id = pbp_offense.game_id and team_games.team_id = pbp_offense.team_id
    left join team_possessions
        on team_games.game_id = team_possessions.game_id and team_games.team_id = team_possessions.team_id
    left join team_possessions as opponent_possessions
        on team_games.game_id = opponent_possessions.game_id and team_games.opponent_team_id = opponent_possessions.team_id
    where team_games.team_id is not null

)

select * from final
