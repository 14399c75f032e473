{{
    config(
        materialized='incremental',
        incremental_strategy='as_of_window',
        date_column='analysis_date',
        unique_key=['person_id', 'analysis_date'],
        indexes=[{'columns': ['person_id', 'analysis_date'], 'unique': true}, {'columns': ['analysis_date']}],
    )
}}

{#- Season-to-date window: a changed game affects every later analysis date of its season,
    so a date-var rebuild reaches to the season's last scheduled date (no window_games). -#}

{%- set stats = ['points', 'rebounds', 'assists', 'steals', 'blocks', 'turnovers', 'minutes', 'field_goals_attempted', 'three_pointers_attempted', 'free_throws_attempted'] %}
{#- Rates over a window are ratios of the window's sums, never means of per-game rates (a
    1-minute game would weigh as much as a 35-minute one): rate -> (numerator, denominator,
    scale), both from player_game_summary. A window with less than var
    rolling_rate_min_minutes (default 10) on the floor in the games it counts has no rate:
    three seconds with one shot is a usage of 940 %, not a measurement. -#}
{%- set rates = {'usage_rate': ('usage_plays', 'team_plays_on_floor', 100)} %}
{%- set windows = {'last_5': 'rows between 4 preceding and current row', 'last_10': 'rows between 9 preceding and current row', 'season': 'rows between unbounded preceding and current row'} %}

with

team_schedule as (

    select * from {{ ref('team_schedule') }}

),

entities as (

    select * from {{ ref('int_player_analysis_dates') }}
    where {{ as_of_window_filter('analysis_date') }}

),

player_games as (

    select
        game_id,
        person_id,
        team_id,
        season,
        game_date,
        coalesce(has_played, true) and coalesce(seconds_played, 1) > 0 as has_played,
        points,
        rebounds_total as rebounds,
        assists,
        steals,
        blocks,
        turnovers,
        minutes,
        field_goals_attempted,
        three_pointers_attempted,
        free_throws_attempted,
        {%- for rate, (numerator, denominator, scale) in rates.items() %}
        -- a game counts in both sums or in neither
        case when {{ denominator }} > 0 then {{ numerator }} end as {{ numerator }},
        case when {{ denominator }} > 0 then {{ denominator }} end as {{ denominator }},
        case when {{ denominator }} > 0 then minutes end as {{ rate }}_minutes{{ "," if not loop.last }}
        {%- endfor %}
    from {{ ref('player_game_summary') }}
    where season in (select distinct season from entities)

),

found_games as (

    select distinct game_id from {{ ref('player_game_summary') }}

),

team_windows as (

    -- lineage of each team's season-to-date window, once per team and date (not per player)
    select
        dates.team_id,
        dates.analysis_date,
        {{ window_lineage('window_game.game_date', 'window_game.game_id', 'found_games.game_id') }}
    from (select distinct team_id, season, analysis_date, prior_final_games from entities) as dates
    left join team_schedule as window_game
        on {{ in_team_window('dates', 'window_game') }}
    left join found_games on window_game.game_id = found_games.game_id
    group by dates.team_id, dates.analysis_date

),

all_rows as (

    -- every row of the player with a team (played or not): how many upstream rows a window holds
    select
        person_id,
        team_id,
        season,
        game_date,
        count(*) over (partition by person_id, team_id, season order by game_date rows between unbounded preceding and current row) as rows_to_date,
        lead(game_date) over (partition by person_id, team_id, season order by game_date) as next_game_date
    from player_games

),

played_rows as (

    -- rolling means of counts and rolling rates (ratios of sums) over the games the player played
    select
        person_id,
        team_id,
        season,
        game_date,
        lead(game_date) over (partition by person_id, team_id, season order by game_date) as next_game_date,
        count(*) over (partition by person_id, team_id, season order by game_date rows between unbounded preceding and current row) as games_played_season,
        {%- for stat in stats %}
        {%- for window, frame in windows.items() %}
        avg({{ stat }}) over (partition by person_id, team_id, season order by game_date {{ frame }}) as {{ stat }}_{{ window }},
        {%- endfor %}
        {%- endfor %}
        {%- for rate, (numerator, denominator, scale) in rates.items() %}
        {%- for window, frame in windows.items() %}
        case
            when sum({{ rate }}_minutes) over (partition by person_id, team_id, season order by game_date {{ frame }}) >= {{ var('rolling_rate_min_minutes', 10) }}
                then {{ scale }}.0 * sum({{ numerator }}) over (partition by person_id, team_id, season order by game_date {{ frame }})
                    / nullif(sum({{ denominator }}) over (partition by person_id, team_id, season order by game_date {{ frame }}), 0)
        end as {{ rate }}_{{ window }}{{ "," if not loop.last }}
        {%- endfor %}{{ "," if not loop.last }}
        {%- endfor %}
    from player_games
    where has_played

),

final as (

    select
        entities.person_id,
        entities.analysis_date,
        entities.season,
        entities.team_id,
        entities.next_game_id,
        coalesce(played_rows.games_played_season, 0) as games_played_season,
        least(coalesce(played_rows.games_played_season, 0), 5) as games_in_last_5,
        least(coalesce(played_rows.games_played_season, 0), 10) as games_in_last_10,
        {%- for stat in stats + rates.keys() | list %}
        {%- for window in windows %}
        cast(played_rows.{{ stat }}_{{ window }} as {{ dbt.type_numeric() }}) as {{ stat }}_{{ window }},
        {%- endfor %}
        {%- endfor %}
        team_windows.window_start_date,
        team_windows.window_end_date,
        team_windows.expected_game_count,
        team_windows.input_game_count,
        coalesce(all_rows.rows_to_date, 0) as input_row_count,
        team_windows.is_complete,
        team_windows.expected_game_ids,
        team_windows.input_game_ids,
        team_windows.input_fingerprint
    from entities
    left join team_windows
        on entities.team_id = team_windows.team_id
        and entities.analysis_date = team_windows.analysis_date
    left join all_rows
        on entities.person_id = all_rows.person_id
        and entities.team_id = all_rows.team_id
        and entities.season = all_rows.season
        and all_rows.game_date < entities.analysis_date
        and (all_rows.next_game_date is null or all_rows.next_game_date >= entities.analysis_date)
    left join played_rows
        on entities.person_id = played_rows.person_id
        and entities.team_id = played_rows.team_id
        and entities.season = played_rows.season
        and played_rows.game_date < entities.analysis_date
        and (played_rows.next_game_date is null or played_rows.next_game_date >= entities.analysis_date)

)

select * from final
