{{
    config(
        replace_key='game_id',
        indexes=[{'columns': ['game_id']}, {'columns': ['game_date']}],
    )
}}

{#- The one definition of the PBP box-score counts (shots, shot zones, rebounds, turnovers),
    per game, team and player, so player_game_summary (by player) and
    team_offense_game_summary (by team) only sum them. Counts are integers, so the sums
    downstream are bigints as when each model counted the actions itself. -#}

with

events as (

    select * from {{ ref('game_events') }}
    where {{ date_window_filter('game_date') }}

),

final as (

    select
        game_id,
        max(game_date) as game_date,
        team_id,
        person_id,
        max(player_name) as player_name,
        cast(sum(shot_points) as {{ dbt.type_int() }}) as points,
        cast(sum(case when is_field_goal then 1 else 0 end) as {{ dbt.type_int() }}) as field_goals_attempted,
        cast(sum(case when is_field_goal and is_made_shot then 1 else 0 end) as {{ dbt.type_int() }}) as field_goals_made,
        cast(sum(case when action_type = '3pt' then 1 else 0 end) as {{ dbt.type_int() }}) as three_pointers_attempted,
        cast(sum(case when action_type = '3pt' and is_made_shot then 1 else 0 end) as {{ dbt.type_int() }}) as three_pointers_made,
        cast(sum(case when action_type = 'freethrow' then 1 else 0 end) as {{ dbt.type_int() }}) as free_throws_attempted,
        cast(sum(case when action_type = 'freethrow' and is_made_shot then 1 else 0 end) as {{ dbt.type_int() }}) as free_throws_made,
        cast(sum(case when action_type = 'rebound' then 1 else 0 end) as {{ dbt.type_int() }}) as rebounds,
        cast(sum(case when action_type = 'rebound' and sub_type = 'offensive' then 1 else 0 end) as {{ dbt.type_int() }}) as rebounds_offensive,
        cast(sum(case when action_type = 'turnover' then 1 else 0 end) as {{ dbt.type_int() }}) as turnovers,
        cast(sum(case when is_made_shot and assist_person_id is not null then 1 else 0 end) as {{ dbt.type_int() }}) as assisted_shots_made,
        cast(sum(case when shot_zone = 'paint' then 1 else 0 end) as {{ dbt.type_int() }}) as paint_field_goals_attempted,
        cast(sum(case when shot_zone = 'paint' and is_made_shot then 1 else 0 end) as {{ dbt.type_int() }}) as paint_field_goals_made,
        cast(sum(case when shot_zone = 'paint' then shot_points else 0 end) as {{ dbt.type_int() }}) as paint_points,
        cast(sum(case when shot_zone = 'mid_range' then 1 else 0 end) as {{ dbt.type_int() }}) as mid_range_field_goals_attempted,
        cast(sum(case when shot_zone = 'mid_range' and is_made_shot then 1 else 0 end) as {{ dbt.type_int() }}) as mid_range_field_goals_made,
        cast(sum(case when shot_zone = 'mid_range' then shot_points else 0 end) as {{ dbt.type_int() }}) as mid_range_points,
        cast(sum(case when shot_zone = 'three' then 1 else 0 end) as {{ dbt.type_int() }}) as three_zone_field_goals_attempted,
        cast(sum(case when shot_zone = 'three' and is_made_shot then 1 else 0 end) as {{ dbt.type_int() }}) as three_zone_field_goals_made,
        cast(sum(case when shot_zone = 'three' then shot_points else 0 end) as {{ dbt.type_int() }}) as three_zone_points,
        cast(sum(case when action_type = 'freethrow' then shot_points else 0 end) as {{ dbt.type_int() }}) as free_throw_points
    from events
    where team_id is not null
        or person_id is not null
    group by game_id, team_id, person_id

)

select * from final
