{% macro game_id_list_length(game_id_list_expression) -%}
    case
        when coalesce({{ game_id_list_expression }}, '') = '' then 0
        else {{ dbt.length(game_id_list_expression) }} - {{ dbt.length(dbt.replace(game_id_list_expression, "','", "''")) }} + 1
    end
{%- endmacro %}
