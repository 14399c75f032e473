{% macro get_incremental_as_of_window_sql(arg_dict) -%}
    {#- Strategy as_of_window: the model's rows of the run's as-of dates (as_of_window()) are
        replaced by the batch. -#}
    {{ return(adapter.dispatch('get_incremental_as_of_window_sql', 'courtside')(arg_dict)) }}
{%- endmacro %}

{% macro postgres__get_incremental_as_of_window_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set column = config.get('date_column', 'analysis_date') -%}
    {%- set window = as_of_window() -%}
    {%- set columns_csv = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}

    {{ refresh_statistics(source) }};

    delete from {{ target }}
    where
        {{ in_date_window(column, window) }};

    insert into {{ target }} ({{ columns_csv }})
    select {{ columns_csv }}
    from {{ source }}
{%- endmacro %}

{% macro spark__get_incremental_as_of_window_sql(arg_dict) -%}
    {#- Delta: the DELETE is its own statement (Spark runs one per call); the insert is the
        model's main statement -#}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set column = config.get('date_column', 'analysis_date') -%}
    {%- set window = as_of_window() -%}
    {%- set columns_csv = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- do run_query('delete from ' ~ target ~ ' where ' ~ in_date_window(column, window)) -%}
    insert into {{ target }} ({{ columns_csv }})
    select {{ columns_csv }}
    from {{ source }}
{%- endmacro %}
