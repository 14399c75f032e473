{{
    config(
        replace_key='game_id',
        indexes=[{'columns': ['game_id', 'person_id'], 'unique': true}, {'columns': ['game_date']}],
    )
}}

with

games as (

    select * from {{ ref('games') }}
    where {{ date_window_filter('game_date') }}

),

box_players as (

    -- the CDN's box score, or the fallback's for a game the CDN never published
    select * from {{ ref('int_boxscore_players') }}
    where {{ window_game_ids_filter('game_id') }}

),

events as (

    select * from {{ ref('game_events') }}
    where {{ date_window_filter('game_date') }}

),

pbp_totals_by_team as (

    select * from {{ ref('int_game_pbp_totals') }}
    where {{ date_window_filter('game_date') }}

),

shooter_stats as (

    select
        game_id,
        person_id,
        max(team_id) as team_id,
        max(player_name) as player_name,
        sum(points) as points,
        sum(field_goals_attempted) as field_goals_attempted,
        sum(field_goals_made) as field_goals_made,
        sum(three_pointers_attempted) as three_pointers_attempted,
        sum(three_pointers_made) as three_pointers_made,
        sum(free_throws_attempted) as free_throws_attempted,
        sum(free_throws_made) as free_throws_made,
        sum(rebounds) as rebounds,
        sum(rebounds_offensive) as rebounds_offensive,
        sum(turnovers) as turnovers,
        {{ sum_shot_zone_measures() }}
    from pbp_totals_by_team
    where person_id is not null
    group by game_id, person_id

),

assister_stats as (

    select
        game_id,
        assist_person_id as person_id,
        count(*) as assists
    from events
    where assist_person_id is not null
        and is_made_shot
    group by game_id, assist_person_id

),

blocker_stats as (

    select
        game_id,
        block_person_id as person_id,
        count(*) as blocks,
        sum(case when shot_zone = 'paint' then 1 else 0 end) as blocks_paint,
        sum(case when shot_zone = 'mid_range' then 1 else 0 end) as blocks_mid_range,
        sum(case when shot_zone = 'three' then 1 else 0 end) as blocks_three
    from events
    where block_person_id is not null
        and is_field_goal
    group by game_id, block_person_id

),

stealer_stats as (

    select
        game_id,
        steal_person_id as person_id,
        count(*) as steals
    from events
    where steal_person_id is not null
        and action_type = 'turnover'
    group by game_id, steal_person_id

),

pbp_players as (

    select game_id, person_id from shooter_stats
    union
    select game_id, person_id from assister_stats
    union
    select game_id, person_id from blocker_stats
    union
    select game_id, person_id from stealer_stats

),

pbp_totals as (

    select
        pbp_players.game_id,
        pbp_players.person_id,
        shooter_stats.team_id,
        shooter_stats.player_name,
        coalesce(shooter_stats.points, 0) as points,
        coalesce(shooter_stats.rebounds, 0) as rebounds,
        coalesce(assister_stats.assists, 0) as assists,
        coalesce(shooter_stats.field_goals_made, 0) as field_goals_made,
        coalesce(shooter_stats.field_goals_attempted, 0) as field_goals_attempted,
        coalesce(shooter_stats.three_pointers_made, 0) as three_pointers_made,
        coalesce(shooter_stats.three_pointers_attempted, 0) as three_pointers_attempted,
        coalesce(shooter_stats.free_throws_made, 0) as free_throws_made,
        coalesce(shooter_stats.free_throws_attempted, 0) as free_throws_attempted,
        coalesce(shooter_stats.turnovers, 0) as turnovers,
        {{ coalesced_shot_zone_measures('shooter_stats') }},
        coalesce(blocker_stats.blocks, 0) as blocks,
        coalesce(blocker_stats.blocks_paint, 0) as blocks_paint,
        coalesce(blocker_stats.blocks_mid_range, 0) as blocks_mid_range,
        coalesce(blocker_stats.blocks_three, 0) as blocks_three,
        coalesce(stealer_stats.steals, 0) as steals
    from pbp_players
    left join shooter_stats
        on pbp_players.game_id = shooter_stats.game_id and pbp_players.person_id = shooter_stats.person_id
    left join assister_stats
        on pbp_players.game_id = assister_stats.game_id and pbp_players.person_id = assister_stats.person_id
    left join blocker_stats
        on pbp_players.game_id = blocker_stats.game_id and pbp_players.person_id = blocker_stats.person_id
    left join stealer_stats
        on pbp_players.game_id = stealer_stats.game_id and pbp_players.person_id = stealer_stats.person_id

),

box_in_window as (

    select box_players.*
    from box_players
    inner join games on box_players.game_id = games.game_id

),

team_usage_base as (

    select
        game_id,
        team_id,
        sum(field_goals_attempted) as team_field_goals_attempted,
        sum(free_throws_attempted) as team_free_throws_attempted,
        sum(turnovers) as team_turnovers,
        sum(seconds_played) as team_seconds_played
    from box_in_window
    group by game_id, team_id

),

joined as (

    select
        coalesce(box.game_id, pbp.game_id) as game_id,
        coalesce(box.person_id, pbp.person_id) as person_id,
        coalesce(box.team_id, pbp.team_id) as team_id,
        coalesce(box.player_name, pbp.player_name) as player_name,
        box.game_id is not null as has_boxscore,
        box.boxscore_source,
        box.is_starter,
        box.has_played,
        box.position,
        box.not_playing_reason,
        box.seconds_played,
        -- decimal minutes on the floor, from the boxscore's minutes clock (PT32M15.00S = 32.25)
        cast(box.seconds_played / 60.0 as {{ dbt.type_numeric() }}) as minutes,
        box.points,
        box.field_goals_made,
        box.field_goals_attempted,
        box.three_pointers_made,
        box.three_pointers_attempted,
        box.free_throws_made,
        box.free_throws_attempted,
        box.rebounds_offensive,
        box.rebounds_defensive,
        box.rebounds_total,
        box.assists,
        box.steals,
        box.blocks,
        box.turnovers,
        box.fouls_personal,
        box.plus_minus_points,
        coalesce(pbp.points, 0) as pbp_points,
        coalesce(pbp.rebounds, 0) as pbp_rebounds,
        coalesce(pbp.assists, 0) as pbp_assists,
        coalesce(pbp.steals, 0) as pbp_steals,
        coalesce(pbp.blocks, 0) as pbp_blocks,
        coalesce(pbp.field_goals_made, 0) as pbp_field_goals_made,
        coalesce(pbp.field_goals_attempted, 0) as pbp_field_goals_attempted,
        coalesce(pbp.free_throws_made, 0) as pbp_free_throws_made,
        coalesce(pbp.free_throws_attempted, 0) as pbp_free_throws_attempted,
        coalesce(pbp.turnovers, 0) as pbp_turnovers,
        {{ coalesced_shot_zone_measures('pbp') }},
        coalesce(pbp.blocks_paint, 0) as blocks_paint,
        coalesce(pbp.blocks_mid_range, 0) as blocks_mid_range,
        coalesce(pbp.blocks_three, 0) as blocks_three
    from box_in_window as box
    full outer join pbp_totals as pbp
        on box.game_id = pbp.game_id and box.person_id = pbp.person_id

),

team_plays as (

    select
        joined.game_id,
        joined.person_id,
        cast(joined.field_goals_attempted + 0.44 * joined.free_throws_attempted + joined.turnovers as {{ dbt.type_numeric() }}) as usage_plays,
        case
            when team_usage_base.team_seconds_played > 0
                then cast(
                    (team_usage_base.team_field_goals_attempted + 0.44 * team_usage_base.team_free_throws_attempted + team_usage_base.team_turnovers)
                    * joined.seconds_played / (team_usage_base.team_seconds_played / 5.0)
                as {{ dbt.type_numeric() }})
        end as team_plays_on_floor
    from joined
    left join team_usage_base
        on joined.game_id = team_usage_base.game_id and joined.team_id = team_usage_base.team_id

),

final as (

    select
        joined.game_id,
        joined.person_id,
        joined.team_id,
        case
            when joined.team_id = games.home_team_id then games.home_team_tricode
            when joined.team_id = games.away_team_id then games.away_team_tricode
        end as team_tricode,
        games.game_date,
        games.season,
        games.season_type,
        {{ side_of_team('joined.team_id', 'games.home_team_id', 'games.away_team_id') }} as team_side,
        case
            when joined.team_id = games.home_team_id then games.away_team_id
            when joined.team_id = games.away_team_id then games.home_team_id
        end as opponent_team_id,
        joined.player_name,
        joined.has_boxscore,
        joined.boxscore_source,
        games.coverage_tier,
        joined.is_starter,
        joined.has_played,
        joined.position,
        joined.not_playing_reason,
        joined.seconds_played,
        joined.minutes,
        joined.points,
        joined.field_goals_made,
        joined.field_goals_attempted,
        joined.three_pointers_made,
        joined.three_pointers_attempted,
        joined.free_throws_made,
        joined.free_throws_attempted,
        joined.rebounds_offensive,
        joined.rebounds_defensive,
        joined.rebounds_total,
        joined.assists,
        joined.steals,
        joined.blocks,
        joined.turnovers,
        joined.fouls_personal,
        joined.plus_minus_points,
        {%- for measure in shot_zone_measures() %}
        joined.{{ measure }},
        {%- endfor %}
        joined.blocks_paint,
        joined.blocks_mid_range,
        joined.blocks_three,
        -- usage: the player's plays (FGA + 0.44 FTA + TOV) over the team's plays while he was
        -- on the floor (team plays x his share of the team's floor time); windows divide the sums
        team_plays.usage_plays,
        team_plays.team_plays_on_floor,
        case
            when team_plays.team_plays_on_floor > 0
                then round(cast(100.0 * team_plays.usage_plays / team_plays.team_plays_on_floor as {{ dbt.type_numeric() }}), 2)
        end as usage_rate,
        joined.pbp_points,
        joined.pbp_rebounds,
        joined.pbp_assists,
        joined.pbp_steals,
        joined.pbp_blocks,
        joined.pbp_field_goals_made,
        joined.pbp_field_goals_attempted,
        joined.pbp_free_throws_made,
        joined.pbp_free_throws_attempted,
        joined.has_boxscore
            and joined.pbp_points = joined.points
            and joined.pbp_rebounds = joined.rebounds_total
            and joined.pbp_assists = joined.assists as is_pbp_box_agreed
    from joined
    inner join games on joined.game_id = games.game_id
    left join team_plays
        on joined.game_id = team_plays.game_id and joined.person_id = team_plays.person_id

)

select * from final
