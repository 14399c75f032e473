{{
    config(
        materialized='incremental',
        incremental_strategy='as_of_window',
        date_column='analysis_date',
        unique_key=['person_id', 'analysis_date'],
        indexes=[{'columns': ['person_id', 'analysis_date'], 'unique': true}, {'columns': ['analysis_date']}],
    )
}}

-- depends_on: {{ ref('team_schedule') }}

{#- League averages are season to date, so a rebuild reaches to the season's last date. #}

{#- shot zones of player_shot_zone_analysis / team_defense_zone_analysis and the points a
    make is worth there -#}
{%- set zones = [('paint', 2), ('mid_range', 2), ('three', 3)] %}

with

entities as (

    select * from {{ ref('int_player_analysis_dates') }}
    where {{ as_of_window_filter('analysis_date') }}

),

player_zones as (

    select * from {{ ref('player_shot_zone_analysis') }}
    where {{ as_of_window_filter('analysis_date') }}

),

team_defense as (

    select * from {{ ref('team_defense_zone_analysis') }}
    where {{ as_of_window_filter('analysis_date') }}

),

player_games as (

    select game_id, person_id, game_date, minutes
    from {{ ref('player_game_summary') }}
    where season in (select distinct season from entities)

),

lines as (

    -- pre-tip-off (closing) prices only: a line seen after tip-off would leak the game
    select * from {{ ref('game_lines') }}
    where closing_snapshot_at_utc is not null
        and closing_snapshot_at_utc < game_starts_at_utc

),

book_moneyline as (

    select
        game_id,
        book_id,
        1.0 / max(case when outcome_type = 'home' then closing_odds end) as home_implied,
        1.0 / max(case when outcome_type = 'away' then closing_odds end) as away_implied,
        max(closing_snapshot_at_utc) as closing_snapshot_at_utc
    from lines
    where market_name = '2way'
    group by game_id, book_id

),

moneyline as (

    select
        game_id,
        avg(home_implied / (home_implied + away_implied)) as home_win_probability,
        count(*) as book_count,
        max(closing_snapshot_at_utc) as closing_snapshot_at_utc
    from book_moneyline
    where home_implied is not null and away_implied is not null
    group by game_id

),

spreads as (

    select
        game_id,
        avg(case when outcome_type = 'home' then closing_spread end) as home_spread,
        avg(case when outcome_type = 'away' then closing_spread end) as away_spread,
        max(closing_snapshot_at_utc) as closing_snapshot_at_utc
    from lines
    where market_name = 'spread'
    group by game_id

),

recent_minutes as (

    -- minutes over the 7 days before the analysis date (games inside the zone window)
    select
        entities.person_id,
        entities.analysis_date,
        sum(player_games.minutes) as minutes_last_7_days,
        count(player_games.game_id) as games_last_7_days
    from entities
    inner join player_games
        on entities.person_id = player_games.person_id
        and player_games.game_date < entities.analysis_date
        and player_games.game_date >= {{ dbt.dateadd('day', -7, 'entities.analysis_date') }}
    group by entities.person_id, entities.analysis_date

),

joined as (

    select
        entities.*,
        player_zones.paint_share,
        player_zones.mid_range_share,
        player_zones.three_share,
        opponent.opponent_paint_fg_pct,
        opponent.opponent_mid_range_fg_pct,
        opponent.opponent_three_fg_pct,
        opponent.league_paint_fg_pct,
        opponent.league_mid_range_fg_pct,
        opponent.league_three_fg_pct,
        opponent.paint_fg_pct_vs_league as opponent_paint_fg_pct_vs_league,
        opponent.mid_range_fg_pct_vs_league as opponent_mid_range_fg_pct_vs_league,
        opponent.three_fg_pct_vs_league as opponent_three_fg_pct_vs_league,
        opponent.pace as opponent_pace,
        own.pace as team_pace,
        coalesce(own.league_pace, opponent.league_pace) as league_pace,
        least(player_zones.window_start_date, opponent.window_start_date, own.window_start_date) as window_start_date,
        greatest(player_zones.window_end_date, opponent.window_end_date, own.window_end_date) as window_end_date,
        player_zones.is_complete as zones_complete,
        opponent.is_complete as opponent_complete,
        own.is_complete as team_complete,
        (case when player_zones.person_id is not null then 1 else 0 end)
            + (case when opponent.team_id is not null then 1 else 0 end)
            + (case when own.team_id is not null then 1 else 0 end) as input_row_count,
        player_zones.expected_game_ids as zone_expected_game_ids,
        opponent.expected_game_ids as opponent_expected_game_ids,
        own.expected_game_ids as team_expected_game_ids,
        player_zones.input_game_ids as zone_input_game_ids,
        opponent.input_game_ids as opponent_input_game_ids,
        own.input_game_ids as team_input_game_ids,
        recent_minutes.minutes_last_7_days,
        recent_minutes.games_last_7_days,
        moneyline.home_win_probability,
        spreads.home_spread,
        spreads.away_spread,
        greatest(moneyline.closing_snapshot_at_utc, spreads.closing_snapshot_at_utc) as line_snapshot_at_utc
    from entities
    left join player_zones
        on entities.person_id = player_zones.person_id
        and entities.analysis_date = player_zones.analysis_date
    left join team_defense as opponent
        on entities.opponent_team_id = opponent.team_id
        and entities.analysis_date = opponent.analysis_date
    left join team_defense as own
        on entities.team_id = own.team_id
        and entities.analysis_date = own.analysis_date
    left join recent_minutes
        on entities.person_id = recent_minutes.person_id
        and entities.analysis_date = recent_minutes.analysis_date
    left join moneyline on entities.next_game_id = moneyline.game_id
    left join spreads on entities.next_game_id = spreads.game_id

),

-- materialized: the unions are subqueries; inlined, Postgres would evaluate them again at
-- every reference in `final` (ten per list)
lineage as {{ materialized_cte() }} (

    select
        *,
        {{ game_id_list_union(['zone_expected_game_ids', 'opponent_expected_game_ids', 'team_expected_game_ids']) }} as expected_game_ids,
        {{ game_id_list_union(['zone_input_game_ids', 'opponent_input_game_ids', 'team_input_game_ids']) }} as input_game_ids
    from joined

),

final as (

    select
        person_id,
        analysis_date,
        season,
        team_id,
        opponent_team_id,
        next_game_id as game_id,
        next_game_starts_at_utc as game_starts_at_utc,
        is_home,
        -- matchup: points per zone shot the player's shot mix is worth at the FG% the opponent
        -- allows in each zone, over the same mix at the league's FG% (1.0 = league average)
        cast(
            (
                {%- for zone, shot_value in zones %}
                case when {{ zone }}_share > 0 then {{ zone }}_share * {{ shot_value }} * coalesce(opponent_{{ zone }}_fg_pct, league_{{ zone }}_fg_pct) else 0 end{{ " +" if not loop.last }}
                {%- endfor %}
            ) / nullif(
                {%- for zone, shot_value in zones %}
                case when {{ zone }}_share > 0 then {{ zone }}_share * {{ shot_value }} * league_{{ zone }}_fg_pct else 0 end{{ " +" if not loop.last }}
                {%- endfor %}
            , 0)
        as {{ dbt.type_numeric() }}) as matchup_factor,
        paint_share,
        mid_range_share,
        three_share,
        cast(opponent_paint_fg_pct_vs_league as {{ dbt.type_numeric() }}) as opponent_paint_fg_pct_vs_league,
        cast(opponent_mid_range_fg_pct_vs_league as {{ dbt.type_numeric() }}) as opponent_mid_range_fg_pct_vs_league,
        cast(opponent_three_fg_pct_vs_league as {{ dbt.type_numeric() }}) as opponent_three_fg_pct_vs_league,
        -- fatigue
        {{ dbt.datediff('previous_game_date', 'analysis_date', 'day') }} - 1 as rest_days,
        coalesce({{ dbt.datediff('previous_game_date', 'analysis_date', 'day') }} = 1, false) as is_back_to_back,
        cast(coalesce(minutes_last_7_days, 0) as {{ dbt.type_numeric() }}) as minutes_last_7_days,
        coalesce(games_last_7_days, 0) as games_last_7_days,
        -- pace: expected possessions of this matchup relative to the league
        cast(team_pace as {{ dbt.type_numeric() }}) as team_pace,
        cast(opponent_pace as {{ dbt.type_numeric() }}) as opponent_pace,
        cast(league_pace as {{ dbt.type_numeric() }}) as league_pace,
        cast((team_pace + opponent_pace) / 2.0 / nullif(league_pace, 0) as {{ dbt.type_numeric() }}) as pace_factor,
        -- latest pre-tip-off line
        cast(case when is_home then home_win_probability else 1 - home_win_probability end as {{ dbt.type_numeric() }}) as team_win_probability,
        cast(case when is_home then home_spread else away_spread end as {{ dbt.type_numeric() }}) as team_spread,
        line_snapshot_at_utc,
        -- lineage: union of the three upstream rows' windows
        window_start_date,
        window_end_date,
        {{ game_id_list_length('expected_game_ids') }} as expected_game_count,
        {{ game_id_list_length('input_game_ids') }} as input_game_count,
        input_row_count,
        input_row_count = 3
            and coalesce(zones_complete and opponent_complete and team_complete, false)
            and expected_game_ids = input_game_ids as is_complete,
        expected_game_ids,
        input_game_ids,
        {{ lineage_fingerprint('input_game_ids') }} as input_fingerprint
    from lineage

)

select * from final
