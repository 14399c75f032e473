with

source as (

    select * from {{ source('nba_stats', 'boxscore_traditional_players') }}

),

latest as (

    {{ deduplicate(
        'source',
        partition_by='game_id, person_id',
        order_by='_fetched_at desc, _dlt_load_id desc'
    ) }}

),

final as (

    -- the same columns, in the same order and types, as stg_nba_cdn__boxscore_players;
    -- what the fallback does not carry is null
    select
        game_id,
        cast(team_id as {{ dbt.type_bigint() }}) as team_id,
        team_side,
        cast(person_id as {{ dbt.type_bigint() }}) as person_id,
        cast(trim(concat(coalesce(first_name, ''), ' ', coalesce(family_name, ''))) as {{ dbt.type_string() }}) as player_name,
        name_i as player_name_i,
        first_name,
        family_name,
        nullif(jersey_num, '') as jersey_num,
        nullif(position, '') as position,
        -- the fallback gives a position to its five starters only
        coalesce(nullif(position, ''), '') <> '' as is_starter,
        cast(null as boolean) as is_on_court,
        coalesce(nullif(statistics__minutes, ''), '') <> '' as has_played,
        cast(null as {{ dbt.type_string() }}) as player_status,
        cast(null as {{ dbt.type_string() }}) as not_playing_reason,
        cast(nullif(comment, '') as {{ dbt.type_string() }}) as not_playing_description,
        coalesce({{ minutes_clock_to_seconds('statistics__minutes') }}, 0) as seconds_played,
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
        cast(null as {{ dbt.type_int() }}) as blocks_received,
        cast(statistics__turnovers as {{ dbt.type_int() }}) as turnovers,
        cast(statistics__fouls_personal as {{ dbt.type_int() }}) as fouls_personal,
        cast(null as {{ dbt.type_int() }}) as fouls_drawn,
        cast(statistics__plus_minus_points as {{ dbt.type_int() }}) as plus_minus_points,
        cast(null as {{ dbt.type_int() }}) as points_in_the_paint,
        cast(null as {{ dbt.type_int() }}) as points_fast_break,
        cast(null as {{ dbt.type_int() }}) as points_second_chance,
        cast('fallback' as {{ dbt.type_string() }}) as boxscore_source,
        _payload_sha256 as payload_sha256,
        _fetched_at as fetched_at_utc
    from latest

)

select * from final
