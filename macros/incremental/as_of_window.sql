{% macro as_of_window() -%}
    {%- set parsed = validate_date_vars() -%}
    {%- set column = config.get('date_column', 'analysis_date') -%}
    {%- if parsed.start_date is none and parsed.end_date is none -%}
        {{ return(date_window(column)) }}
    {%- endif -%}
    {%- if parsed.end_date is none or not execute -%}
        {{ return({'start': parsed.start_date, 'end': parsed.end_date}) }}
    {%- endif -%}
    {%- set window_games = config.get('window_games', none) -%}
    {%- set schedule = ref('team_schedule') -%}
    {%- set end_literal = "cast('" ~ parsed.end_date ~ "' as date)" -%}
    {%- if window_games is not none -%}
        {%- set horizon_sql -%}
            with team_games as (
                select team_id, game_date, season from {{ schedule }}
            ),
            anchor as (
                select max(season) as season from {{ schedule }} where game_date <= {{ end_literal }}
            ),
            after_end as (
                select
                    team_games.team_id,
                    team_games.game_date,
                    row_number() over (partition by team_games.team_id order by team_games.game_date) as games_after
                from team_games
                inner join anchor on team_games.season = anchor.season
                where team_games.game_date > {{ end_literal }}
            )
            select cast(max(game_date) as {{ dbt.type_string() }}) from after_end where games_after <= {{ window_games | int }}
        {%- endset -%}
    {%- else -%}
        {%- set horizon_sql -%}
            select cast(max(game_date) as {{ dbt.type_string() }})
            from {{ schedule }}
            where season = (select max(season) from {{ schedule }} where game_date <= {{ end_literal }})
        {%- endset -%}
    {%- endif -%}
    {%- set horizon = run_query(horizon_sql).columns[0].values()[0] -%}
    {%- set end = parsed.end_date -%}
    {%- if horizon is not none and horizon[0:10] > end -%}
        {%- set end = horizon[0:10] -%}
    {%- endif -%}
    {{ return({'start': parsed.start_date, 'end': end}) }}
{%- endmacro %}
