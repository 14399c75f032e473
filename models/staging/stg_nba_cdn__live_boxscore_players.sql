with

source as (

    select * from {{ source('nba_cdn', 'live_boxscore_players') }}

),

renamed as (

    select
        cast(poll_id as {{ dbt.type_string() }}) as poll_id,
        cast(poll_time as {{ dbt.type_timestamp() }}) as poll_at_utc,
        cast(game_id as {{ dbt.type_string() }}) as game_id,
        cast(team_id as {{ dbt.type_bigint() }}) as team_id,
        cast(team_side as {{ dbt.type_string() }}) as team_side,
        cast(person_id as {{ dbt.type_bigint() }}) as person_id,
        cast(name as {{ dbt.type_string() }}) as player_name,
        cast(game_status as {{ dbt.type_int() }}) as game_status,
        cast(game_period as {{ dbt.type_int() }}) as period,
        cast(game_clock as {{ dbt.type_string() }}) as game_clock,
        cast(oncourt as {{ dbt.type_string() }}) = '1' as is_on_court,
        cast(statistics__minutes as {{ dbt.type_string() }}) as minutes_clock,
        cast(statistics__points as {{ dbt.type_int() }}) as points,
        cast(statistics__rebounds_total as {{ dbt.type_int() }}) as rebounds_total,
        cast(statistics__assists as {{ dbt.type_int() }}) as assists,
        cast(statistics__steals as {{ dbt.type_int() }}) as steals,
        cast(statistics__blocks as {{ dbt.type_int() }}) as blocks,
        cast(statistics__turnovers as {{ dbt.type_int() }}) as turnovers,
        cast(statistics__field_goals_made as {{ dbt.type_int() }}) as field_goals_made,
        cast(statistics__field_goals_attempted as {{ dbt.type_int() }}) as field_goals_attempted,
        cast(statistics__three_pointers_made as {{ dbt.type_int() }}) as three_pointers_made,
        cast(statistics__three_pointers_attempted as {{ dbt.type_int() }}) as three_pointers_attempted,
        cast(statistics__free_throws_made as {{ dbt.type_int() }}) as free_throws_made,
        cast(statistics__free_throws_attempted as {{ dbt.type_int() }}) as free_throws_attempted,
        cast(statistics__fouls_personal as {{ dbt.type_int() }}) as fouls_personal,
        cast(statistics__plus_minus_points as {{ dbt.type_int() }}) as plus_minus_points,
        cast(_dlt_load_id as {{ dbt.type_string() }}) as dlt_load_id
    from source

),

latest as (

    {{ deduplicate(
        'renamed',
        partition_by='poll_id, game_id, person_id',
        order_by='dlt_load_id desc'
    ) }}

),

final as (

    select
        poll_id,
        poll_at_utc,
        game_id,
        team_id,
        team_side,
        person_id,
        player_name,
        game_status,
        period,
        {{ clock_to_seconds('game_clock') }} as game_clock_seconds,
        is_on_court,
        coalesce({{ clock_to_seconds('minutes_clock') }}, 0) as seconds_played,
        points,
        rebounds_total,
        assists,
        steals,
        blocks,
        turnovers,
        field_goals_made,
        field_goals_attempted,
        three_pointers_made,
        three_pointers_attempted,
        free_throws_made,
        free_throws_attempted,
        fouls_personal,
        plus_minus_points
    from latest

)

select * from final
