with

source as (

    select * from {{ source('nba_cdn', 'boxscore_games') }}

),

latest as (

    {{ deduplicate(
        'source',
        partition_by='game_id',
        order_by='_fetched_at desc, _dlt_load_id desc'
    ) }}

),

final as (

    select
        game_id,
        game_code,
        {{ season_from_game_id('game_id') }} as season,
        {{ season_type_code_from_game_id('game_id') }} as season_type_code,
        {{ season_type_from_game_id('game_id') }} as season_type,
        cast(game_status as {{ dbt.type_int() }}) as game_status,
        trim(game_status_text) as game_status_text,
        {{ to_utc_timestamp('game_time_utc') }} as game_starts_at_utc,
        {{ to_eastern_date(to_utc_timestamp('game_time_utc')) }} as game_date,
        cast(period as {{ dbt.type_int() }}) as period,
        cast(regulation_periods as {{ dbt.type_int() }}) as regulation_periods,
        {{ clock_to_seconds('game_clock') }} as game_clock_seconds,
        cast(duration as {{ dbt.type_int() }}) as duration_minutes,
        cast(attendance as {{ dbt.type_int() }}) as attendance,
        sellout = '1' as is_sellout,
        cast(arena__arena_id as {{ dbt.type_bigint() }}) as arena_id,
        arena__arena_name as arena_name,
        arena__arena_city as arena_city,
        arena__arena_state as arena_state,
        arena__arena_country as arena_country,
        arena__arena_timezone as arena_timezone,
        officials,
        _payload_sha256 as payload_sha256,
        _fetched_at as fetched_at_utc
    from latest

)

select * from final
