{% test cascade_contamination(model, entity_id_column, date_column='analysis_date', upstream_games=none, upstream_rows=none) %}
{#- Fails on rows whose recorded lineage no longer matches upstream, and on rows marked
    complete although their upstream rows are not. Two kinds of upstream (either or both):
    - upstream_games {relation, entity_column (optional)}: game-level rows (analytics). For
      each row, the games of its `expected_game_ids` present upstream NOW are recounted and
      fingerprinted: a different `input_game_count`, `input_fingerprint` or `input_row_count`
      (upstream rows of the row's entity in those games) means the row was built from inputs
      that have changed since (e.g. a game ingested after the row was built).
    - upstream_rows [{relation, columns: {model column: upstream column}}]: as-of rows
      (precompute) the row was assembled from. The union of their `input_game_ids` NOW must
      equal the row's (count and fingerprint), their number its `input_row_count`, and a row
      marked `is_complete` needs every upstream row present and complete.
    One failing row per row and reason: model, entity_id, analysis_date, reason. -#}

{%- set mapped = [] %}
{%- for upstream in (upstream_rows or []) %}
    {%- for model_column in upstream['columns'].keys() %}
        {%- if model_column not in mapped %}{% do mapped.append(model_column) %}{% endif %}
    {%- endfor %}
{%- endfor %}

with

rows_built as (

    select
        cast({{ entity_id_column }} as {{ dbt.type_string() }}) as entity_id,
        {{ date_column }} as analysis_date,
        {{ entity_id_column }} as entity_key,
        {%- for model_column in mapped %}
        {{ model_column }} as mapped__{{ model_column }},
        {%- endfor %}
        input_game_count,
        input_row_count,
        input_fingerprint,
        is_complete,
        expected_game_ids
    from {{ model }}

)

{%- set checks = [] %}

{%- if upstream_games is not none %}
{%- set games_relation = upstream_games['relation'] %}
{%- set entity_column = upstream_games.get('entity_column', none) %}
,

expected_games as (

    select
        rows_built.entity_id,
        rows_built.analysis_date,
        rows_built.entity_key,
        expected.game_id
    from rows_built
    {{ unnest_game_id_list('rows_built.expected_game_ids', 'expected') }}

),

upstream_game_rows as (

    select
        cast(game_id as {{ dbt.type_string() }}) as game_id,
        {%- if entity_column %}
        {{ entity_column }} as entity_key,
        {%- endif %}
        1 as one
    from {{ games_relation }}

),

upstream_games_present as (

    select distinct game_id from upstream_game_rows

),

{%- if entity_column %}
upstream_entity_rows as (

    select game_id, entity_key, count(*) as row_count
    from upstream_game_rows
    group by game_id, entity_key

),
{%- endif %}

recounted_games as (

    select
        expected_games.entity_id,
        expected_games.analysis_date,
        count(upstream_games_present.game_id) as game_count,
        {{ game_id_list('upstream_games_present.game_id') }} as game_ids,
        {%- if entity_column %}
        coalesce(sum(upstream_entity_rows.row_count), 0) as row_count
        {%- else %}
        count(upstream_games_present.game_id) as row_count
        {%- endif %}
    from expected_games
    left join upstream_games_present on expected_games.game_id = upstream_games_present.game_id
    {%- if entity_column %}
    left join upstream_entity_rows
        on upstream_games_present.game_id = upstream_entity_rows.game_id
        and expected_games.entity_key = upstream_entity_rows.entity_key
    {%- endif %}
    group by expected_games.entity_id, expected_games.analysis_date

),

games_check as (

    select
        rows_built.entity_id,
        rows_built.analysis_date,
        case
            when coalesce(recounted_games.game_count, 0) <> rows_built.input_game_count
                then 'input games changed upstream: recorded ' || cast(rows_built.input_game_count as {{ dbt.type_string() }})
                    || ', upstream now holds ' || cast(coalesce(recounted_games.game_count, 0) as {{ dbt.type_string() }})
            when {{ lineage_fingerprint("coalesce(recounted_games.game_ids, '')") }} <> rows_built.input_fingerprint
                then 'input fingerprint differs from upstream now'
            when coalesce(recounted_games.row_count, 0) <> rows_built.input_row_count
                then 'input rows changed upstream: recorded ' || cast(rows_built.input_row_count as {{ dbt.type_string() }})
                    || ', upstream now holds ' || cast(coalesce(recounted_games.row_count, 0) as {{ dbt.type_string() }})
        end as reason
    from rows_built
    left join recounted_games
        on rows_built.entity_id = recounted_games.entity_id
        and rows_built.analysis_date = recounted_games.analysis_date

)
{%- do checks.append('games_check') %}
{%- endif %}

{%- if upstream_rows is not none %}
{%- for upstream in upstream_rows %}
,

upstream_{{ loop.index }} as (

    select
        rows_built.entity_id,
        rows_built.analysis_date,
        upstream.input_game_ids,
        upstream.is_complete
    from rows_built
    inner join {{ upstream['relation'] }} as upstream
        on {% for model_column, upstream_column in upstream['columns'].items() -%}
            rows_built.mapped__{{ model_column }} = upstream.{{ upstream_column }}{{ " and " if not loop.last }}
        {%- endfor %}

)
{%- endfor %}
,

upstream_union as (

    {%- for upstream in upstream_rows %}
    select * from upstream_{{ loop.index }}
    {{ "union all" if not loop.last }}
    {%- endfor %}

),

upstream_ids as (

    select
        upstream_union.entity_id,
        upstream_union.analysis_date,
        ids.game_id
    from upstream_union
    {{ unnest_game_id_list('upstream_union.input_game_ids', 'ids') }}

),

upstream_counts as (

    select
        entity_id,
        analysis_date,
        count(*) as row_count,
        sum(case when coalesce(is_complete, false) then 0 else 1 end) as incomplete_count
    from upstream_union
    group by entity_id, analysis_date

),

recounted_rows as (

    select
        rows_built.entity_id,
        rows_built.analysis_date,
        coalesce(upstream_counts.row_count, 0) as row_count,
        coalesce(upstream_counts.incomplete_count, 0) as incomplete_count
    from rows_built
    left join upstream_counts
        on rows_built.entity_id = upstream_counts.entity_id
        and rows_built.analysis_date = upstream_counts.analysis_date

),

recounted_ids as (

    select
        entity_id,
        analysis_date,
        count(distinct game_id) as game_count,
        {{ game_id_list('game_id') }} as game_ids
    from upstream_ids
    group by entity_id, analysis_date

),

rows_check as (

    select
        rows_built.entity_id,
        rows_built.analysis_date,
        case
            when rows_built.is_complete and (recounted_rows.incomplete_count > 0 or recounted_rows.row_count < {{ upstream_rows | length }})
                then 'marked complete but ' || cast(recounted_rows.incomplete_count + {{ upstream_rows | length }} - recounted_rows.row_count as {{ dbt.type_string() }})
                    || ' upstream row(s) incomplete or missing'
            when recounted_rows.row_count <> rows_built.input_row_count
                then 'upstream rows changed: recorded ' || cast(rows_built.input_row_count as {{ dbt.type_string() }})
                    || ', upstream now holds ' || cast(recounted_rows.row_count as {{ dbt.type_string() }})
            when coalesce(recounted_ids.game_count, 0) <> rows_built.input_game_count
                then 'input games changed upstream: recorded ' || cast(rows_built.input_game_count as {{ dbt.type_string() }})
                    || ', upstream rows now hold ' || cast(coalesce(recounted_ids.game_count, 0) as {{ dbt.type_string() }})
            when {{ lineage_fingerprint("coalesce(recounted_ids.game_ids, '')") }} <> rows_built.input_fingerprint
                then 'input fingerprint differs from upstream rows now'
        end as reason
    from rows_built
    inner join recounted_rows
        on rows_built.entity_id = recounted_rows.entity_id
        and rows_built.analysis_date = recounted_rows.analysis_date
    left join recounted_ids
        on rows_built.entity_id = recounted_ids.entity_id
        and rows_built.analysis_date = recounted_ids.analysis_date

)
{%- do checks.append('rows_check') %}
{%- endif %}

{%- for check in checks %}
select
    cast('{{ tested_relation_name(model) }}' as {{ dbt.type_string() }}) as model,
    entity_id,
    analysis_date,
    cast(reason as {{ dbt.type_string() }}) as reason
from {{ check }}
where reason is not null
{{ "union all" if not loop.last }}
{%- endfor %}

{% endtest %}
