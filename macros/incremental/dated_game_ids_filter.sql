{% macro dated_game_ids_filter(column, window) -%}
    {%- if window is none or not execute -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set ids_sql -%}
        with

        dated as (
            {{ dated_games_sql([
                ref('stg_nba_cdn__schedule_games'),
                ref('stg_nba_cdn__boxscore_games'),
                ref('stg_nba_cdn__live_scoreboard_games'),
            ]) }}
        ),

        fetched_pbp as (
            select distinct game_id
            from {{ ref('stg_nba_cdn__fetch_log') }}
            where feed = 'pbp' and game_id is not null
        )

        select game_id
        from dated
        where {{ in_date_window('game_date', window) }}
        union
        {# games dated by no source (e.g. an old game fetched by id): few, read whole #}
        select game_id
        from fetched_pbp
        where not exists (
            select 1 from dated
            where dated.game_id = fetched_pbp.game_id and dated.game_date is not null
        )
    {%- endset -%}
    {{ return(game_ids_in(column, ids_sql)) }}
{%- endmacro %}
