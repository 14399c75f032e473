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
        - `{game_id_column: c}`: the games the schedule, a boxscore or a live poll dates in
          [start_date, end_date] (window_game_ids_for_tests; literal ids, so filters reach
          into staging views): raw, staging and analytics;
        - `{as_of_date_column: c}`: `c` >= start_date: precompute and feature rows (a
          superset of those rebuilt, which run to where rolling windows stop reaching).
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
    {%- if spec.get('game_id_column') -%}
        {{ return(window_game_ids_for_tests(spec['game_id_column'], dates.start_date, dates.end_date)) }}
    {%- elif spec.get('as_of_date_column') -%}
        {{ return('' if dates.start_date is none else spec['as_of_date_column'] ~ " >= cast('" ~ dates.start_date ~ "' as date)") }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error(
        "meta.rebuilt_rows of " ~ relation ~ " needs game_id_column or as_of_date_column; got " ~ spec) }}
{%- endmacro %}


{% macro window_game_ids_for_tests(column, start_date, end_date) -%}
    {#- `column in (<ids>)` of the games the schedule, a boxscore or a live poll dates on
        [start_date, end_date] (US-Eastern; either bound may be none): the games a windowed
        run rebuilds (see dated_game_ids_filter), read now from the staging views. Those
        views are not dependencies of the test: one not built yet (a first build) is left
        out, and Postgres swaps a view in one transaction, so once there it stays there.
        '' (test every row) when none of the views exists or no game is dated in the
        window: a test never silently checks nothing. -#}
    {%- set candidates = [] -%}
    {%- for name in ['stg_nba_cdn__schedule_games', 'stg_nba_cdn__boxscore_games', 'stg_nba_cdn__live_scoreboard_games'] -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.name == name -%}
                {%- do candidates.append(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set exists_sql -%}
        select
        {%- for relation in candidates %}
            to_regclass('"{{ relation.schema }}"."{{ relation.identifier }}"') is not null{{ "," if not loop.last }}
        {%- endfor %}
    {%- endset -%}
    {%- set present = run_query(exists_sql).rows[0] -%}
    {%- set relations = [] -%}
    {%- for relation in candidates -%}
        {%- if present[loop.index0] -%}
            {%- do relations.append(relation) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if relations | length == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set ids_sql -%}
        select game_id
        from ({{ dated_games_sql(relations) }}) as dated
        where game_date is not null
        {%- if start_date is not none %} and game_date >= cast('{{ start_date }}' as date){% endif %}
        {%- if end_date is not none %} and game_date <= cast('{{ end_date }}' as date){% endif %}
    {%- endset -%}
    {%- set filter = game_ids_in(column, ids_sql) -%}
    {{ return('' if filter == '1 = 0' else filter) }}
{%- endmacro %}
