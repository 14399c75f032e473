{% macro rebuilt_rows_filter(relation) -%}
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
        {{ return('' if dates.start_date is none else in_date_window(spec['as_of_date_column'], {'start': dates.start_date, 'end': none})) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error(
        "meta.rebuilt_rows of " ~ relation ~ " needs game_id_column or as_of_date_column; got " ~ spec) }}
{%- endmacro %}
