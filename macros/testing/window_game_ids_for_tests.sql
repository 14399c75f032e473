{% macro window_game_ids_for_tests(column, start_date, end_date) -%}
    {%- set candidates = [] -%}
    {%- for name in ['stg_nba_cdn__schedule_games', 'stg_nba_cdn__boxscore_games', 'stg_nba_cdn__live_scoreboard_games'] -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.name == name -%}
                {%- do candidates.append(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set relations = existing_relations(candidates) -%}
    {%- if relations | length == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set ids_sql -%}
        select game_id
        from ({{ dated_games_sql(relations) }}) as dated
        where {{ in_date_window('game_date', {'start': start_date, 'end': end_date}) }}
    {%- endset -%}
    {%- set filter = game_ids_in(column, ids_sql) -%}
    {{ return('' if filter == '1 = 0' else filter) }}
{%- endmacro %}

{% macro existing_relations(relations) -%}
    {#- Those of `relations` that exist now, asked of the database itself (not dbt's relation
        cache, which a view being built by another thread of the same run can outdate) -#}
    {{ return(adapter.dispatch('existing_relations', 'courtside')(relations)) }}
{%- endmacro %}

{% macro postgres__existing_relations(candidates) -%}
    {#- the views are not dependencies of the test: one not built yet (a first build) is left
        out; Postgres swaps a view in one transaction, so once there it stays there -#}
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
    {{ return(relations) }}
{%- endmacro %}

{% macro spark__existing_relations(candidates) -%}
    {%- set relations = [] -%}
    {%- for relation in candidates -%}
        {%- set found = run_query("show tables in " ~ relation.schema ~ " like '" ~ relation.identifier ~ "'") -%}
        {%- if found.rows | length > 0 -%}
            {%- do relations.append(relation) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(relations) }}
{%- endmacro %}
