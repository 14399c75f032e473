with

source as (

    select * from {{ source('nba_stats', 'boxscore_traditional_teams') }}

),

latest as (

    {{ deduplicate(
        'source',
        partition_by='game_id, team_id',
        order_by='_fetched_at desc, _dlt_load_id desc'
    ) }}

),

final as (

    -- the same columns, in the same order and types, as stg_nba_cdn__boxscore_teams;
    -- what the fallback does not carry is null
    select
        game_id,
        cast(team_id as {{ dbt.type_bigint() }}) as team_id,
        team_side,
        team_side = 'home' as is_home,
        team_name,
        team_city,
        team_tricode,
        cast(statistics__points as {{ dbt.type_int() }}) as score,
        cast(null as boolean) as is_in_bonus,
        cast(null as {{ dbt.type_int() }}) as timeouts_remaining,
        {{ minutes_clock_to_seconds('statistics__minutes') }} as seconds_played,
        cast(statistics__points as {{ dbt.type_int() }}) as points,
        -- the other team's points of the same payload
        cast(sum(statistics__points) over (partition by game_id) - statistics__points as {{ dbt.type_int() }}) as points_against,
        cast(statistics__field_goals_made as {{ dbt.type_int() }}) as field_goals_made,
        cast(statistics__field_goals_attempted as {{ dbt.type_int() }}) as field_goals_attempted,
        cast(statistics__three_pointers_made as {{ dbt.type_int() }}) as three_pointers_made,
        cast(statistics__three_pointers_attempted as {{ dbt.type_int() }}) as three_pointers_attempted,
        cast(statistics__free_throws_made as {{ dbt.type_int() }}) as free_throws_made,
        cast(statistics__free_throws_attempted as {{ dbt.type_int() }}) as free_throws_attempted,
        cast(statistics__rebounds_offensive as {{ dbt.type_int() }}) as rebounds_offensive,
        cast(statistics__rebounds_defensive as {{ dbt.type_int() }}) as rebounds_defensive,
        cast(statistics__rebounds_total as {{ dbt.type_int() }}) as rebounds_total,
        cast(null as {{ dbt.type_int() }}) as rebounds_team,
        cast(statistics__assists as {{ dbt.type_int() }}) as assists,
        cast(statistics__steals as {{ dbt.type_int() }}) as steals,
        cast(statistics__blocks as {{ dbt.type_int() }}) as blocks,
        cast(statistics__turnovers as {{ dbt.type_int() }}) as turnovers,
        cast(null as {{ dbt.type_int() }}) as turnovers_team,
        cast(null as {{ dbt.type_int() }}) as turnovers_total,
        cast(statistics__fouls_personal as {{ dbt.type_int() }}) as fouls_personal,
        cast(null as {{ dbt.type_int() }}) as points_in_the_paint,
        cast(null as {{ dbt.type_int() }}) as points_fast_break,
        cast(null as {{ dbt.type_int() }}) as points_second_chance,
        cast(null as {{ dbt.type_int() }}) as points_from_turnovers,
        cast(bench__points as {{ dbt.type_int() }}) as bench_points,
        cast(null as {{ dbt.type_int() }}) as lead_changes,
        cast(null as {{ dbt.type_int() }}) as times_tied,
        cast('fallback' as {{ dbt.type_string() }}) as boxscore_source,
        _payload_sha256 as payload_sha256,
        _fetched_at as fetched_at_utc
    from latest

)

select * from final
