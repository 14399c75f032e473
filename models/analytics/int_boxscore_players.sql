{{ config(materialized='view') }}

{#- Each game's box score players from one source: the CDN's when it has the game, the
    fallback's (stats.nba.com boxscoretraditionalv3) otherwise. Both staging models have
    these columns, typed alike; `boxscore_source` says which one a row came from. -#}
{%- set box_columns = [
    'game_id', 'team_id', 'team_side', 'person_id', 'player_name', 'player_name_i',
    'first_name', 'family_name', 'jersey_num', 'position', 'is_starter', 'is_on_court',
    'has_played', 'player_status', 'not_playing_reason', 'not_playing_description',
    'seconds_played', 'points', 'field_goals_made', 'field_goals_attempted',
    'three_pointers_made', 'three_pointers_attempted', 'free_throws_made',
    'free_throws_attempted', 'rebounds_offensive', 'rebounds_defensive', 'rebounds_total',
    'assists', 'steals', 'blocks', 'blocks_received', 'turnovers', 'fouls_personal',
    'fouls_drawn', 'plus_minus_points', 'points_in_the_paint', 'points_fast_break',
    'points_second_chance', 'boxscore_source', 'payload_sha256', 'fetched_at_utc',
] -%}

with

cdn_players as (

    select * from {{ ref('stg_nba_cdn__boxscore_players') }}

),

fallback_players as (

    select * from {{ ref('stg_nba_stats__boxscore_traditional_players') }}

),

cdn_games as (

    select * from {{ ref('stg_nba_cdn__boxscore_games') }}

),

fallback_only as (

    select fallback_players.*
    from fallback_players
    left join cdn_games on fallback_players.game_id = cdn_games.game_id
    where cdn_games.game_id is null

),

unioned as (

    select
        {%- for column in box_columns %}
        {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from cdn_players

    union all

    select
        {%- for column in box_columns %}
        {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from fallback_only

)

select * from unioned
