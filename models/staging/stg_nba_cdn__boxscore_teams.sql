with

source as (

    select * from {{ source('nba_cdn', 'boxscore_teams') }}

),

latest as (

    {{ deduplicate(
        'source',
        partition_by='game_id, team_id',
        order_by='_fetched_at desc, _dlt_load_id desc'
    ) }}

),

final as (

    select
        game_id,
        cast(team_id as {{ dbt.type_bigint() }}) as team_id,
        team_side,
        team_side = 'home' as is_home,
        team_name,
        team_city,
        team_tricode,
        cast(score as {{ dbt.type_int() }}) as score,
        periods as period_scores,
        in_bonus = '1' as is_in_bonus,
        cast(timeouts_remaining as {{ dbt.type_int() }}) as timeouts_remaining,
        {{ clock_to_seconds('statistics__minutes') }} as seconds_played,
        cast(statistics__points as {{ dbt.type_int() }}) as points,
        cast(statistics__points_against as {{ dbt.type_int() }}) as points_against,
        cast(statistics__field_goals_made as {{ dbt.type_int() }}) as field_goals_made,
        cast(statistics__field_goals_attempted as {{ dbt.type_int() }}) as field_goals_attempted,
        cast(statistics__three_pointers_made as {{ dbt.type_int() }}) as three_pointers_made,
        cast(statistics__three_pointers_attempted as {{ dbt.type_int() }}) as three_pointers_attempted,
        cast(statistics__free_throws_made as {{ dbt.type_int() }}) as free_throws_made,
        cast(statistics__free_throws_attempted as {{ dbt.type_int() }}) as free_throws_attempted,
        cast(statistics__rebounds_offensive as {{ dbt.type_int() }}) as rebounds_offensive,
        cast(statistics__rebounds_defensive as {{ dbt.type_int() }}) as rebounds_defensive,
        cast(statistics__rebounds_total as {{ dbt.type_int() }}) as rebounds_total,
        cast(statistics__rebounds_team as {{ dbt.type_int() }}) as rebounds_team,
        cast(statistics__assists as {{ dbt.type_int() }}) as assists,
        cast(statistics__steals as {{ dbt.type_int() }}) as steals,
        cast(statistics__blocks as {{ dbt.type_int() }}) as blocks,
        cast(statistics__turnovers as {{ dbt.type_int() }}) as turnovers,
        cast(statistics__turnovers_team as {{ dbt.type_int() }}) as turnovers_team,
        cast(statistics__turnovers_total as {{ dbt.type_int() }}) as turnovers_total,
        cast(statistics__fouls_personal as {{ dbt.type_int() }}) as fouls_personal,
        cast(statistics__points_in_the_paint as {{ dbt.type_int() }}) as points_in_the_paint,
        cast(statistics__points_fast_break as {{ dbt.type_int() }}) as points_fast_break,
        cast(statistics__points_second_chance as {{ dbt.type_int() }}) as points_second_chance,
        cast(statistics__points_from_turnovers as {{ dbt.type_int() }}) as points_from_turnovers,
        cast(statistics__bench_points as {{ dbt.type_int() }}) as bench_points,
        cast(statistics__lead_changes as {{ dbt.type_int() }}) as lead_changes,
        cast(statistics__times_tied as {{ dbt.type_int() }}) as times_tied,
        cast('cdn' as {{ dbt.type_string() }}) as boxscore_source,
        _payload_sha256 as payload_sha256,
        _fetched_at as fetched_at_utc
    from latest

)

select * from final
