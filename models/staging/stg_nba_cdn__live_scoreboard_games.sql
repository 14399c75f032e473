with

source as (

    select * from {{ source('nba_cdn', 'live_scoreboard_games') }}

),

latest as (

    {{ deduplicate('source', partition_by='poll_id, game_id', order_by='_dlt_load_id desc') }}

),

final as (

    select
        poll_id,
        poll_time as poll_at_utc,
        game_id,
        game_code,
        {{ season_from_game_id('game_id') }} as season,
        {{ season_type_from_game_id('game_id') }} as season_type,
        cast(game_status as {{ dbt.type_int() }}) as game_status,
        trim(game_status_text) as game_status_text,
        cast(period as {{ dbt.type_int() }}) as period,
        {{ clock_to_seconds('game_clock') }} as game_clock_seconds,
        {{ to_utc_timestamp('game_time_utc') }} as game_starts_at_utc,
        {{ to_eastern_date(to_utc_timestamp('game_time_utc')) }} as game_date,
        cast(scoreboard_game_date as date) as scoreboard_game_date,
        cast(home_team__team_id as {{ dbt.type_bigint() }}) as home_team_id,
        cast(away_team__team_id as {{ dbt.type_bigint() }}) as away_team_id,
        home_team__team_tricode as home_team_tricode,
        away_team__team_tricode as away_team_tricode,
        cast(home_team__score as {{ dbt.type_int() }}) as home_team_score,
        cast(away_team__score as {{ dbt.type_int() }}) as away_team_score,
        cast(home_team__wins as {{ dbt.type_int() }}) as home_team_wins,
        cast(home_team__losses as {{ dbt.type_int() }}) as home_team_losses,
        cast(away_team__wins as {{ dbt.type_int() }}) as away_team_wins,
        cast(away_team__losses as {{ dbt.type_int() }}) as away_team_losses,
        series_text,
        _payload_sha256 as payload_sha256
    from latest

)

select * from final
