{% macro get_incremental_date_window_sql(arg_dict) -%}
    {#- Strategy date_window: the model's rows dated in the run's window (date_window()) are
        replaced by the batch; so are rows of the batch's keys (replace_key) dated elsewhere
        (a game whose date moved). -#}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set replace_key = config.get('replace_key', none) -%}
    {%- if replace_key is string -%}{%- set keys = [replace_key] -%}{%- else -%}{%- set keys = replace_key or [] -%}{%- endif -%}
    {%- set column = config.get('date_column', 'game_date') -%}
    {%- set window = date_window(column) -%}
    {%- set columns_csv = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- set statements = [
        refresh_statistics(source),
        'delete from ' ~ target ~ ' where ' ~ in_date_window(column, window),
    ] -%}
    {%- if window is not none and keys | length > 0 -%}
        {%- do statements.append(delete_rows_of_batch_keys_sql(target, source, keys)) -%}
    {%- endif -%}
    {%- do statements.append('insert into ' ~ target ~ ' (' ~ columns_csv ~ ')\n    select ' ~ columns_csv ~ '\n    from ' ~ source) -%}
    {{ incremental_statements(statements) }}
{%- endmacro %}

{% macro delete_rows_of_batch_keys_sql(target, source, keys) -%}
    {#- The rows of `target` whose keys are in the batch `source` (a game whose date moved out
        of the window): a join on the batch's distinct keys, linear whatever the batch size,
        never a per-row subplan. -#}
    {{ return(adapter.dispatch('delete_rows_of_batch_keys_sql', 'courtside')(target, source, keys)) }}
{%- endmacro %}

{% macro postgres__delete_rows_of_batch_keys_sql(target, source, keys) -%}
    {#- `or key in (select ...)` would rescan the batch for every row once it outgrows work_mem -#}
    delete from {{ target }} as target
    using (
        select distinct {{ keys | join(', ') }}
        from {{ source }}
    ) as replaced
    where
        {% for key in keys -%}
        target.{{ key }} = replaced.{{ key }}{{ " and" if not loop.last }}
        {% endfor -%}
{%- endmacro %}

{% macro spark__delete_rows_of_batch_keys_sql(target, source, keys) -%}
    {#- Delta has no DELETE ... USING: a MERGE whose only clause deletes the matched rows -#}
    merge into {{ target }} as target
    using (
        select distinct {{ keys | join(', ') }}
        from {{ source }}
    ) as replaced
    on
        {% for key in keys -%}
        target.{{ key }} = replaced.{{ key }}{{ " and" if not loop.last }}
        {% endfor %}
    when matched then delete
{%- endmacro %}
