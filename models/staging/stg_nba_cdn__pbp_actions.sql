with

latest_payload as (

    -- only the latest payload of each game, so an action deleted in a newer version can
    -- never linger (on the lake each fetch is appended)
    {{ latest_fetch_rows(source('nba_cdn', 'pbp_actions')) }}

),

renamed as (

    select
        game_id,
        cast(action_number as {{ dbt.type_int() }}) as action_number,
        cast(order_number as {{ dbt.type_bigint() }}) as order_number,
        cast(period as {{ dbt.type_int() }}) as period,
        period_type,
        clock,
        {{ clock_to_seconds('clock') }} as clock_seconds,
        action_type,
        nullif(sub_type, '') as sub_type,
        nullif(descriptor, '') as descriptor,
        qualifiers,
        cast(nullif(team_id, 0) as {{ dbt.type_bigint() }}) as team_id,
        nullif(team_tricode, '') as team_tricode,
        cast(nullif(person_id, 0) as {{ dbt.type_bigint() }}) as person_id,
        nullif(player_name, '') as player_name,
        nullif(player_name_i, '') as player_name_i,
        cast(nullif(possession, 0) as {{ dbt.type_bigint() }}) as possession_team_id,
        {{ dbt.safe_cast("nullif(trim(score_home), '')", dbt.type_int()) }} as home_score,
        {{ dbt.safe_cast("nullif(trim(score_away), '')", dbt.type_int()) }} as away_score,
        coalesce(is_field_goal, 0) = 1 as is_field_goal,
        nullif(shot_result, '') as shot_result,
        cast(shot_distance as {{ dbt.type_numeric() }}) as shot_distance_ft,
        cast(x as {{ type_double() }}) as x,
        cast(y as {{ type_double() }}) as y,
        cast(x_legacy as {{ dbt.type_int() }}) as x_legacy,
        cast(y_legacy as {{ dbt.type_int() }}) as y_legacy,
        nullif(side, '') as side,
        nullif(area, '') as area,
        nullif(area_detail, '') as area_detail,
        cast(points_total as {{ dbt.type_int() }}) as player_points_total,
        cast(shot_action_number as {{ dbt.type_int() }}) as shot_action_number,
        cast(nullif(assist_person_id, 0) as {{ dbt.type_bigint() }}) as assist_person_id,
        cast(nullif(block_person_id, 0) as {{ dbt.type_bigint() }}) as block_person_id,
        cast(nullif(steal_person_id, 0) as {{ dbt.type_bigint() }}) as steal_person_id,
        cast(nullif(foul_drawn_person_id, 0) as {{ dbt.type_bigint() }}) as foul_drawn_person_id,
        cast(nullif(jump_ball_won_person_id, 0) as {{ dbt.type_bigint() }}) as jump_ball_won_person_id,
        cast(nullif(jump_ball_lost_person_id, 0) as {{ dbt.type_bigint() }}) as jump_ball_lost_person_id,
        -- the NBA misspells jumpBallRecoverdPersonId
        cast(nullif(jump_ball_recoverd_person_id, 0) as {{ dbt.type_bigint() }}) as jump_ball_recovered_person_id,
        cast(nullif(official_id, 0) as {{ dbt.type_bigint() }}) as official_id,
        description,
        {{ to_utc_timestamp('time_actual') }} as action_at_utc,
        {{ to_utc_timestamp('edited') }} as edited_at_utc,
        _payload_sha256 as payload_sha256,
        _fetched_at as fetched_at_utc,
        _dlt_load_id as dlt_load_id
    from latest_payload

),

final as (

    select
        game_id,
        action_number,
        order_number,
        {{ season_from_game_id('game_id') }} as season,
        {{ season_type_from_game_id('game_id') }} as season_type,
        period,
        period_type,
        clock,
        clock_seconds,
        {{ game_elapsed_seconds('period', 'clock_seconds') }} as elapsed_seconds,
        {{ game_seconds_remaining('period', 'clock_seconds') }} as seconds_remaining,
        action_type,
        sub_type,
        descriptor,
        qualifiers,
        team_id,
        team_tricode,
        person_id,
        player_name,
        player_name_i,
        possession_team_id,
        home_score,
        away_score,
        is_field_goal,
        shot_result,
        coalesce(action_type in ('2pt', '3pt', 'freethrow') and shot_result = 'Made', false) as is_made_shot,
        case
            when coalesce(shot_result, '') <> 'Made' then 0
            when action_type = '3pt' then 3
            when action_type = '2pt' then 2
            when action_type = 'freethrow' then 1
            else 0
        end as shot_points,
        shot_distance_ft,
        x,
        y,
        x_legacy,
        y_legacy,
        side,
        area,
        area_detail,
        player_points_total,
        shot_action_number,
        assist_person_id,
        block_person_id,
        steal_person_id,
        foul_drawn_person_id,
        jump_ball_won_person_id,
        jump_ball_lost_person_id,
        jump_ball_recovered_person_id,
        official_id,
        description,
        action_at_utc,
        edited_at_utc,
        payload_sha256,
        fetched_at_utc
    from renamed

)

select * from final
