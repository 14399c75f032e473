{% macro get_incremental_as_of_window_sql(arg_dict) -%}
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
