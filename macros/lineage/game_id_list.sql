{% macro game_id_list(game_id_expression) -%}
    {#- Aggregate: the distinct game ids of a group, sorted and comma-joined ('' for none).
        The canonical form of a lineage list; `lineage_fingerprint()` hashes it. -#}
    coalesce({{ dbt.listagg('distinct ' ~ game_id_expression, "','", 'order by ' ~ game_id_expression) }}, '')
{%- endmacro %}
