{% macro get_where_subquery(relation) -%}
    {#- Overrides dbt's built-in: what a generic data test reads as its `model`. Besides the
        test's own `where` config, a windowed run (`start_date`/`end_date` vars) tests only
        the rows it rebuilt, on models and sources that declare them in
        `meta.rebuilt_rows` (see `rebuilt_rows_filter`); set var `test_all_rows: true` to
        test whole tables anyway. Runs without date vars test every row. -#}
    {%- set predicates = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do predicates.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set rebuilt = rebuilt_rows_filter(relation) -%}
    {%- if rebuilt -%}
        {%- do predicates.append('(' ~ rebuilt ~ ')') -%}
    {%- endif -%}
    {%- if predicates | length == 0 -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set filtered -%}
        (select * from {{ relation }} where {{ predicates | join(' and ') }}) dbt_subquery
    {%- endset -%}
    {{ return(filtered) }}
{%- endmacro %}


{% macro rebuilt_rows_filter(relation) -%}
    {#- The predicate selecting the rows of `relation` a windowed run rebuilds, from the
        `meta.rebuilt_rows` of the model, seed, snapshot or source behind it:
        - `{game_id_column: c}`: games scheduled on a date in [start_date, end_date]
          (literal ids, so filters reach into staging views);
        - `{date_column: c}`: `c` in [start_date, end_date] (analytics grain);
        - `{as_of_date_column: c}`: `c` >= start_date (precompute/feature rows, whose window
          reaches every later date).
        '' (no filter) without date vars, with `test_all_rows`, or without that meta. -#}
    {%- if not execute or var('test_all_rows', false) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set dates = validate_date_vars() -%}
    {%- if dates.start_date is none and dates.end_date is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set found = [] -%}
    {%- for node in (graph.nodes.values() | list) + (graph.sources.values() | list) -%}
        {%- if found | length == 0
              and node.resource_type in ('model', 'seed', 'snapshot', 'source')
              and (node.schema | lower) == (relation.schema | lower)
              and ((node.alias if node.resource_type != 'source' else node.identifier) | lower) == (relation.identifier | lower) -%}
            {%- do found.append((node.config.meta or {}).get('rebuilt_rows') or (node.meta or {}).get('rebuilt_rows')) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set spec = found[0] if found else none -%}
    {%- if not spec -%}
        {{ return('') }}
    {%- endif -%}
    {%- set bounds = [] -%}
    {%- if spec.get('game_id_column') -%}
        {{ return(scheduled_game_ids_filter(spec['game_id_column'], dates.start_date, dates.end_date)) }}
    {%- elif spec.get('date_column') -%}
        {%- set column = spec['date_column'] -%}
        {%- if dates.start_date is not none %}{% do bounds.append(column ~ " >= cast('" ~ dates.start_date ~ "' as date)") %}{% endif -%}
        {%- if dates.end_date is not none %}{% do bounds.append(column ~ " <= cast('" ~ dates.end_date ~ "' as date)") %}{% endif -%}
    {%- elif spec.get('as_of_date_column') -%}
        {%- if dates.start_date is not none %}{% do bounds.append(spec['as_of_date_column'] ~ " >= cast('" ~ dates.start_date ~ "' as date)") %}{% endif -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "meta.rebuilt_rows of " ~ relation ~ " needs one of game_id_column, date_column, as_of_date_column; got " ~ spec) }}
    {%- endif -%}
    {{ return(bounds | join(' and ')) }}
{%- endmacro %}


{% macro scheduled_game_ids_filter(column, start_date, end_date) -%}
    {#- `column in (<ids of the games scheduled on [start_date, end_date]>)`, read now from
        the schedule staging view (US-Eastern dates; either bound may be none); `1 = 0` when
        none are; '' (no filter) while that view does not exist. -#}
    {%- set found = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.name == 'stg_nba_cdn__schedule_games' -%}
            {%- do found.append(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set schedule = found[0] -%}
    {#- the view is not a dependency of the test: on a first build it may not exist yet (or
        not be committed yet), and then the test reads every row. Postgres swaps a view in one
        transaction, so once there it stays there. -#}
    {%- set exists_sql -%}
        select to_regclass('"{{ schedule.schema }}"."{{ schedule.identifier }}"') is not null
    {%- endset -%}
    {%- if not run_query(exists_sql).columns[0].values()[0] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set ids_sql -%}
        select distinct game_id
        from {{ schedule }}
        where game_date is not null
        {%- if start_date is not none %} and game_date >= cast('{{ start_date }}' as date){% endif %}
        {%- if end_date is not none %} and game_date <= cast('{{ end_date }}' as date){% endif %}
    {%- endset -%}
    {{ return(game_ids_in(column, ids_sql)) }}
{%- endmacro %}
