{{ config(materialized='view') }}

{#- Each game's box score teams from one source: the CDN's when it has the game, the
    fallback's (stats.nba.com boxscoretraditionalv3) otherwise. Both staging models have
    these columns, typed alike; `boxscore_source` says which one a row came from. -#}
{%- set box_columns = [
    'game_id', 'team_id', 'team_side', 'is_home', 'team_name', 'team_city', 'team_tricode',
    'score', 'is_in_bonus', 'timeouts_remaining', 'seconds_played', 'points',
    'points_against', 'field_goals_made', 'field_goals_attempted', 'three_pointers_made',
    'three_pointers_attempted', 'free_throws_made', 'free_throws_attempted',
    'rebounds_offensive', 'rebounds_defensive', 'rebounds_total', 'rebounds_team', 'assists',
    'steals', 'blocks', 'turnovers', 'turnovers_team', 'turnovers_total', 'fouls_personal',
    'points_in_the_paint', 'points_fast_break', 'points_second_chance',
    'points_from_turnovers', 'bench_points', 'lead_changes', 'times_tied', 'boxscore_source',
    'payload_sha256', 'fetched_at_utc',
] -%}

with

cdn_teams as (

    select * from {{ ref('stg_nba_cdn__boxscore_teams') }}

),

fallback_teams as (

    select * from {{ ref('stg_nba_stats__boxscore_traditional_teams') }}

),

cdn_games as (

    select * from {{ ref('stg_nba_cdn__boxscore_games') }}

),

fallback_only as (

    select fallback_teams.*
    from fallback_teams
    left join cdn_games on fallback_teams.game_id = cdn_games.game_id
    where cdn_games.game_id is null

),

unioned as (

    select
        {%- for column in box_columns %}
        {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from cdn_teams

    union all

    select
        {%- for column in box_columns %}
        {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from fallback_only

)

select * from unioned
