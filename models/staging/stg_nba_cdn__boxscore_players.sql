with

source as (

    select * from {{ source('nba_cdn', 'boxscore_players') }}

),

latest as (

    {{ deduplicate(
        'source',
        partition_by='game_id, person_id',
        order_by='_fetched_at desc, _dlt_load_id desc'
    ) }}

),

final as (

    select
        game_id,
        cast(team_id as {{ dbt.type_bigint() }}) as team_id,
        team_side,
        cast(person_id as {{ dbt.type_bigint() }}) as person_id,
        name as player_name,
        name_i as player_name_i,
        first_name,
        family_name,
        jersey_num,
        nullif(position, '') as position,
        starter = '1' as is_starter,
        oncourt = '1' as is_on_court,
        played = '1' as has_played,
        status as player_status,
        cast(not_playing_reason as {{ dbt.type_string() }}) as not_playing_reason,
        cast(not_playing_description as {{ dbt.type_string() }}) as not_playing_description,
        coalesce({{ clock_to_seconds('statistics__minutes') }}, 0) as seconds_played,
        cast(statistics__points as {{ dbt.type_int() }}) as points,
        cast(statistics__field_goals_made as {{ dbt.type_int() }}) as field_goals_made,
        cast(statistics__field_goals_attempted as {{ dbt.type_int() }}) as field_goals_attempted,
        cast(statistics__three_pointers_made as {{ dbt.type_int() }}) as three_pointers_made,
        cast(statistics__three_pointers_attempted as {{ dbt.type_int() }}) as three_pointers_attempted,
        cast(statistics__free_throws_made as {{ dbt.type_int() }}) as free_throws_made,
        cast(statistics__free_throws_attempted as {{ dbt.type_int() }}) as free_throws_attempted,
        cast(statistics__rebounds_offensive as {{ dbt.type_int() }}) as rebounds_offensive,
        cast(statistics__rebounds_defensive as {{ dbt.type_int() }}) as rebounds_defensive,
        cast(statistics__rebounds_total as {{ dbt.type_int() }}) as rebounds_total,
        cast(statistics__assists as {{ dbt.type_int() }}) as assists,
        cast(statistics__steals as {{ dbt.type_int() }}) as steals,
        cast(statistics__blocks as {{ dbt.type_int() }}) as blocks,
        cast(statistics__blocks_received as {{ dbt.type_int() }}) as blocks_received,
        cast(statistics__turnovers as {{ dbt.type_int() }}) as turnovers,
        cast(statistics__fouls_personal as {{ dbt.type_int() }}) as fouls_personal,
        cast(statistics__fouls_drawn as {{ dbt.type_int() }}) as fouls_drawn,
        cast(statistics__plus_minus_points as {{ dbt.type_int() }}) as plus_minus_points,
        cast(statistics__points_in_the_paint as {{ dbt.type_int() }}) as points_in_the_paint,
        cast(statistics__points_fast_break as {{ dbt.type_int() }}) as points_fast_break,
        cast(statistics__points_second_chance as {{ dbt.type_int() }}) as points_second_chance,
        cast('cdn' as {{ dbt.type_string() }}) as boxscore_source,
        _payload_sha256 as payload_sha256,
        _fetched_at as fetched_at_utc
    from latest

)

select * from final
