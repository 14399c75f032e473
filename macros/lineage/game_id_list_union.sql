{% macro game_id_list_union(list_expressions) -%}
    {{ return(adapter.dispatch('game_id_list_union', 'courtside')(list_expressions)) }}
{%- endmacro %}

{% macro postgres__game_id_list_union(list_expressions) -%}
    coalesce((
        select string_agg(distinct merged.game_id, ',' order by merged.game_id)
        from unnest(string_to_array(concat_ws(',', {{ list_expressions | join(', ') }}), ',')) as merged (game_id)
        where merged.game_id <> ''
    ), '')
{%- endmacro %}

{% macro spark__game_id_list_union(list_expressions) -%}
    array_join(
        array_sort(array_distinct(filter(
            split(concat_ws(',', {{ list_expressions | join(', ') }}), ','),
            game_id -> game_id <> ''
        ))),
        ','
    )
{%- endmacro %}
