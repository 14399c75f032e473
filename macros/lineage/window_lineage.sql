{% macro window_lineage(game_date, expected_game_id, input_game_id) -%}
    {#- Aggregates, in a query grouped by entity and analysis date over the rows of the
        entity's window (one row per window game, a left join from the entity so an empty
        window is one row of nulls): the lineage columns every precompute row carries.
        The one definition of a window's lineage: which games were expected (the schedule's
        window), which were found upstream, and when the window is complete. The model adds
        input_row_count itself (how many upstream rows it read differs per model). -#}
    min({{ game_date }}) as window_start_date,
    max({{ game_date }}) as window_end_date,
    count({{ expected_game_id }}) as expected_game_count,
    count({{ input_game_id }}) as input_game_count,
    count({{ input_game_id }}) = count({{ expected_game_id }}) as is_complete,
    {{ game_id_list(expected_game_id) }} as expected_game_ids,
    {{ game_id_list(input_game_id) }} as input_game_ids,
    {{ lineage_fingerprint(game_id_list(input_game_id)) }} as input_fingerprint
{%- endmacro %}
