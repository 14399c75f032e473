{% macro get_incremental_date_window_sql(arg_dict) -%}
    {#- Strategy date_window: the model's rows dated in the run's window (date_window()) are
        replaced by the batch; so are rows of the batch's keys (replace_key) dated elsewhere
        (a game whose date moved). -#}
    {{ return(adapter.dispatch('get_incremental_date_window_sql', 'courtside')(arg_dict)) }}
{%- endmacro %}

{% macro postgres__get_incremental_date_window_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set keys = incremental_replace_keys() -%}
    {%- set dest_columns = arg_dict['dest_columns'] -%}
    {%- set column = config.get('date_column', 'game_date') -%}
    {%- set window = date_window(column) -%}
    {%- set columns_csv = get_quoted_csv(dest_columns | map(attribute='name')) -%}

    {{ refresh_statistics(source) }};

    delete from {{ target }}
    where
        {{ in_date_window(column, window) }};

    {% if window is not none and keys | length > 0 -%}
    {#- rows of the batch's keys dated outside the window (a game whose date moved): a join
        on the batch's distinct keys, linear whatever the batch size, never a per-row
        subplan (`or key in (select ...)` rescans the batch for every row once it outgrows
        work_mem) -#}
    delete from {{ target }} as target
    using (
        select distinct {{ keys | join(', ') }}
        from {{ source }}
    ) as replaced
    where
        {% for key in keys -%}
        target.{{ key }} = replaced.{{ key }}{{ " and" if not loop.last }}
        {% endfor -%};
    {%- endif %}

    insert into {{ target }} ({{ columns_csv }})
    select {{ columns_csv }}
    from {{ source }}
{%- endmacro %}

{% macro spark__get_incremental_date_window_sql(arg_dict) -%}
    {#- Delta: the same two deletes (a DELETE, then a MERGE ... WHEN MATCHED THEN DELETE on the
        batch's distinct keys), each its own statement (Spark runs one per call), then the
        insert that dbt runs as the model's main statement. The batch is a temporary view of
        the model's query, which never reads the model itself, so the deletes cannot change it. -#}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set keys = incremental_replace_keys() -%}
    {%- set column = config.get('date_column', 'game_date') -%}
    {%- set window = date_window(column) -%}
    {%- set columns_csv = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- do run_query('delete from ' ~ target ~ ' where ' ~ in_date_window(column, window)) -%}
    {%- if window is not none and keys | length > 0 -%}
        {%- set merge_sql -%}
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
        {%- endset -%}
        {%- do run_query(merge_sql) -%}
    {%- endif %}
    insert into {{ target }} ({{ columns_csv }})
    select {{ columns_csv }}
    from {{ source }}
{%- endmacro %}

{% macro incremental_replace_keys() -%}
    {%- set replace_key = config.get('replace_key', none) -%}
    {%- if replace_key is string -%}
        {{ return([replace_key]) }}
    {%- endif -%}
    {{ return(replace_key or []) }}
{%- endmacro %}
