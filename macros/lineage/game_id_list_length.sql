{% macro game_id_list_length(game_id_list_expression) -%}
    {#- Number of ids in a comma-joined game id list (0 for '' or null). -#}
    case
        when coalesce({{ game_id_list_expression }}, '') = '' then 0
        else {{ dbt.length(game_id_list_expression) }} - {{ dbt.length(dbt.replace(game_id_list_expression, "','", "''")) }} + 1
    end
{%- endmacro %}
