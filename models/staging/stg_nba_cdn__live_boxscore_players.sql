{#- raw.live_boxscore_players exists only once a game in progress was polled; until then this
    view is empty (typed) instead of failing. -#}
{%- set raw_columns = existing_columns(source('nba_cdn', 'live_boxscore_players')) -%}

with

source as (

    select
        {{ column_or_null(raw_columns, 'poll_id', dbt.type_string()) }} as poll_id,
        {{ column_or_null(raw_columns, 'poll_time', dbt.type_timestamp()) }} as poll_at_utc,
        {{ column_or_null(raw_columns, 'game_id', dbt.type_string()) }} as game_id,
        {{ column_or_null(raw_columns, 'team_id', dbt.type_bigint()) }} as team_id,
        {{ column_or_null(raw_columns, 'team_side', dbt.type_string()) }} as team_side,
        {{ column_or_null(raw_columns, 'person_id', dbt.type_bigint()) }} as person_id,
        {{ column_or_null(raw_columns, 'name', dbt.type_string()) }} as player_name,
        {{ column_or_null(raw_columns, 'game_status', dbt.type_int()) }} as game_status,
        {{ column_or_null(raw_columns, 'game_period', dbt.type_int()) }} as period,
        {{ column_or_null(raw_columns, 'game_clock', dbt.type_string()) }} as game_clock,
        {{ column_or_null(raw_columns, 'oncourt', dbt.type_string()) }} = '1' as is_on_court,
        {{ column_or_null(raw_columns, 'statistics__minutes', dbt.type_string()) }} as minutes_clock,
        {{ column_or_null(raw_columns, 'statistics__points', dbt.type_int()) }} as points,
        {{ column_or_null(raw_columns, 'statistics__rebounds_total', dbt.type_int()) }} as rebounds_total,
        {{ column_or_null(raw_columns, 'statistics__assists', dbt.type_int()) }} as assists,
        {{ column_or_null(raw_columns, 'statistics__steals', dbt.type_int()) }} as steals,
        {{ column_or_null(raw_columns, 'statistics__blocks', dbt.type_int()) }} as blocks,
        {{ column_or_null(raw_columns, 'statistics__turnovers', dbt.type_int()) }} as turnovers,
        {{ column_or_null(raw_columns, 'statistics__field_goals_made', dbt.type_int()) }} as field_goals_made,
        {{ column_or_null(raw_columns, 'statistics__field_goals_attempted', dbt.type_int()) }} as field_goals_attempted,
        {{ column_or_null(raw_columns, 'statistics__three_pointers_made', dbt.type_int()) }} as three_pointers_made,
        {{ column_or_null(raw_columns, 'statistics__three_pointers_attempted', dbt.type_int()) }} as three_pointers_attempted,
        {{ column_or_null(raw_columns, 'statistics__free_throws_made', dbt.type_int()) }} as free_throws_made,
        {{ column_or_null(raw_columns, 'statistics__free_throws_attempted', dbt.type_int()) }} as free_throws_attempted,
        {{ column_or_null(raw_columns, 'statistics__fouls_personal', dbt.type_int()) }} as fouls_personal,
        {{ column_or_null(raw_columns, 'statistics__plus_minus_points', dbt.type_int()) }} as plus_minus_points,
        {{ column_or_null(raw_columns, '_dlt_load_id', dbt.type_string()) }} as dlt_load_id
    from {{ relation_or_empty(source('nba_cdn', 'live_boxscore_players'), raw_columns) }}

),

latest as (

    select
        *,
        row_number() over (
            partition by poll_id, game_id, person_id
            order by dlt_load_id desc
        ) as version_rank
    from source

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
    where version_rank = 1

)

select * from final
