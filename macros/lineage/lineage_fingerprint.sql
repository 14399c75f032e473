{% macro lineage_fingerprint(game_id_list_expression) -%}
    {#- Fingerprint of a lineage list: md5 of the sorted, comma-joined input game ids
        (the output of `game_id_list()`); the md5 of '' for an empty window. -#}
    {{ dbt.hash('coalesce(' ~ game_id_list_expression ~ ", '')") }}
{%- endmacro %}
