{% macro dated_game_ids_filter(column, window) -%}
    {#- For `games` on a windowed run: `column in (<ids>)`, the games the window can hold,
        as literal ids so the filter reaches raw PBP through its staging view's game_id index
        (a time filter on actions cannot, and would read every season). The ids: games the
        schedule, a boxscore or a live poll dates inside the window, plus the games known
        only from their PBP (fetched, but dated by none of those: e.g. an old game fetched by id),
        which are few and are read whole, their date then coming from their first action.
        `true` when the whole history is built. -#}
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
        where game_date is not null
            {%- if window.start is not none %} and game_date >= cast('{{ window.start }}' as date){% endif %}
            {%- if window.end is not none %} and game_date <= cast('{{ window.end }}' as date){% endif %}
        union
        select game_id
        from fetched_pbp
        where not exists (
            select 1 from dated
            where dated.game_id = fetched_pbp.game_id and dated.game_date is not null
        )
    {%- endset -%}
    {{ return(game_ids_in(column, ids_sql)) }}
{%- endmacro %}
