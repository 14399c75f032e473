with

source as (

    select * from {{ source('nba_cdn', 'schedule_games') }}

),

renamed as (

    select
        game_id,
        game_code,
        {{ season_from_game_id('game_id') }} as season,
        season_year as schedule_season_year,
        {{ season_type_code_from_game_id('game_id') }} as season_type_code,
        {{ season_type_from_game_id('game_id') }} as season_type,
        cast(game_status as {{ dbt.type_int() }}) as game_status,
        trim(game_status_text) as game_status_text,
        {{ to_utc_timestamp('game_date_time_utc') }} as game_starts_at_utc,
        cast(left(game_date_est, 10) as date) as schedule_game_date_est,
        cast(home_team__team_id as {{ dbt.type_bigint() }}) as home_team_id,
        cast(away_team__team_id as {{ dbt.type_bigint() }}) as away_team_id,
        home_team__team_tricode as home_team_tricode,
        away_team__team_tricode as away_team_tricode,
        home_team__team_city as home_team_city,
        away_team__team_city as away_team_city,
        home_team__team_name as home_team_name,
        away_team__team_name as away_team_name,
        cast(home_team__score as {{ dbt.type_int() }}) as home_team_score,
        cast(away_team__score as {{ dbt.type_int() }}) as away_team_score,
        cast(home_team__wins as {{ dbt.type_int() }}) as home_team_wins,
        cast(home_team__losses as {{ dbt.type_int() }}) as home_team_losses,
        cast(away_team__wins as {{ dbt.type_int() }}) as away_team_wins,
        cast(away_team__losses as {{ dbt.type_int() }}) as away_team_losses,
        arena_name,
        arena_city,
        arena_state,
        cast(week_number as {{ dbt.type_int() }}) as week_number,
        week_name,
        game_label,
        game_sub_label,
        series_text,
        postponed_status,
        lower(trim(cast(if_necessary as {{ dbt.type_string() }}))) in ('true', '1') as is_if_necessary,
        _payload_sha256 as payload_sha256,
        _fetched_at as fetched_at_utc,
        _dlt_load_id as dlt_load_id

    from source

),

real_games as (

    -- placeholder games (undetermined postseason/IST participants) carry team id 0
    select *
    from renamed
    where home_team_id <> 0
        and away_team_id <> 0

),

latest as (

    {{ deduplicate(
        'real_games',
        partition_by='game_id',
        order_by='fetched_at_utc desc, dlt_load_id desc'
    ) }}

),

final as (

    select
        game_id,
        game_code,
        season,
        schedule_season_year,
        season_type_code,
        season_type,
        game_status,
        game_status_text,
        game_starts_at_utc,
        coalesce({{ to_eastern_date('game_starts_at_utc') }}, schedule_game_date_est) as game_date,
        home_team_id,
        away_team_id,
        home_team_tricode,
        away_team_tricode,
        home_team_city,
        away_team_city,
        home_team_name,
        away_team_name,
        home_team_score,
        away_team_score,
        home_team_wins,
        home_team_losses,
        away_team_wins,
        away_team_losses,
        arena_name,
        arena_city,
        arena_state,
        week_number,
        week_name,
        game_label,
        game_sub_label,
        series_text,
        postponed_status,
        is_if_necessary,
        payload_sha256,
        fetched_at_utc
    from latest

)

select * from final
