{% test gap_detection(model, layer, game_id_column='game_id', no_data_feed=none, coverage_feed=none) %}
{#- Every FINAL game of the schedule (inside the start_date/end_date vars window when set)
    must have rows in `model` (a source or model: the `layer`), except the games listed as
    known gaps of this layer (macro known_gap_games: the known_data_gaps seed and var, and
    with `no_data_feed` the source's confirmed no-data answers). With `coverage_feed`, a
    game that coverage.source_coverage finds for that feed from another source (the
    boxscore fallback) is present too (macro present_game_ids). One failing row per
    missing game: layer, game_id, game_date. -#}
{%- set parsed = validate_date_vars() -%}
{%- set gap_sql -%}
with

expected as (

    select
        cast(game_id as {{ dbt.type_string() }}) as game_id,
        game_date
    from {{ ref('stg_nba_cdn__schedule_games') }}
    where game_status = 3
        {%- if parsed.start_date is not none or parsed.end_date is not none %}
        and {{ in_date_window('game_date', {'start': parsed.start_date, 'end': parsed.end_date}) }}
        {%- endif %}

),

present as (

{{ present_game_ids(model, game_id_column, coverage_feed) }}

),

known_gaps as (

{{ known_gap_games(layer, no_data_feed) }}

)

select
    cast('{{ layer }}' as {{ dbt.type_string() }}) as layer,
    expected.game_id,
    expected.game_date
from expected
left join present on expected.game_id = present.game_id
where present.game_id is null
    and expected.game_id not in (select game_id from known_gaps where game_id is not null)
{%- endset -%}
{#- say which games are missing in dbt's own output too (the failing rows are also stored) -#}
{%- if execute and flags.WHICH in ('test', 'build') -%}
    {%- set missing = run_query(gap_sql ~ ' order by game_date, game_id limit 21') -%}
    {%- if missing.rows | length > 0 -%}
        {%- set names = [] -%}
        {%- for row in missing.rows[:20] -%}{%- do names.append(row['game_id'] ~ ' (' ~ row['game_date'] ~ ')') -%}{%- endfor -%}
        {{ log("gap_detection " ~ layer ~ ": missing games " ~ names | join(', ') ~ (' ...' if missing.rows | length > 20 else '') ~ "; see audit.gap__" ~ layer ~ " or add known gaps to seeds/known_data_gaps.csv", info=true) }}
    {%- endif -%}
{%- endif -%}
{{ gap_sql }}

{% endtest %}
