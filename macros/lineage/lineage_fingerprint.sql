{% macro lineage_fingerprint(game_id_list_expression) -%}
    {{ dbt.hash('coalesce(' ~ game_id_list_expression ~ ", '')") }}
{%- endmacro %}
