{{
    config(
        replace_key='game_id',
        indexes=[{'columns': ['game_id', 'person_id', 'poll_id'], 'unique': true}, {'columns': ['game_date']}],
    )
}}

with

live_players as (

    select * from {{ ref('stg_nba_cdn__live_boxscore_players') }}

),

games as (

    select * from {{ ref('games') }}

),

dated as (

    select
        live_players.*,
        coalesce(games.game_date, {{ to_eastern_date('min(live_players.poll_at_utc) over (partition by live_players.game_id)') }}) as game_date
    from live_players
    left join games on live_players.game_id = games.game_id

),

in_window as (

    select * from dated
    where {{ date_window_filter('game_date') }}

),

sequenced as (

    select
        *,
        row_number() over (partition by game_id, person_id order by poll_at_utc, poll_id) as poll_sequence,
        points - coalesce(
            lag(points) over (partition by game_id, person_id order by poll_at_utc, poll_id), 0
        ) as points_since_previous_poll
    from in_window

),

milestones as (

    select
        *,
        min(case when points >= 10 then poll_at_utc end) over (partition by game_id, person_id) as reached_10_points_at_utc,
        min(case when points >= 20 then poll_at_utc end) over (partition by game_id, person_id) as reached_20_points_at_utc,
        min(case when points >= 30 then poll_at_utc end) over (partition by game_id, person_id) as reached_30_points_at_utc,
        min(case when points >= 10 then poll_sequence end) over (partition by game_id, person_id) as reached_10_points_poll_sequence,
        min(case when points >= 20 then poll_sequence end) over (partition by game_id, person_id) as reached_20_points_poll_sequence,
        min(case when points >= 30 then poll_sequence end) over (partition by game_id, person_id) as reached_30_points_poll_sequence
    from sequenced

),

final as (

    select
        game_id,
        person_id,
        poll_id,
        poll_at_utc,
        poll_sequence,
        game_date,
        team_id,
        team_side,
        player_name,
        game_status,
        period,
        game_clock_seconds,
        is_on_court,
        seconds_played,
        points,
        points_since_previous_poll,
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
        plus_minus_points,
        reached_10_points_at_utc,
        reached_20_points_at_utc,
        reached_30_points_at_utc,
        reached_10_points_poll_sequence,
        reached_20_points_poll_sequence,
        reached_30_points_poll_sequence,
        poll_sequence = reached_10_points_poll_sequence as is_first_poll_at_10_points,
        poll_sequence = reached_20_points_poll_sequence as is_first_poll_at_20_points,
        poll_sequence = reached_30_points_poll_sequence as is_first_poll_at_30_points
    from milestones

)

select * from final
