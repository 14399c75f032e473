{% macro season_from_game_id(game_id) -%}
    {%- set yy = dbt.safe_cast("substring(" ~ game_id ~ ", 4, 2)", dbt.type_int()) -%}
    case
        when length({{ game_id }}) = 10
            then
                cast(case when {{ yy }} >= 46 then 1900 else 2000 end + {{ yy }} as {{ dbt.type_string() }})
                || '-'
                || lpad(cast(({{ yy }} + 1) % 100 as {{ dbt.type_string() }}), 2, '0')
    end
{%- endmacro %}
