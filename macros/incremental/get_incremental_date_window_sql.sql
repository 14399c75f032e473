{% macro get_incremental_date_window_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set replace_key = config.get('replace_key', none) -%}
    {%- set dest_columns = arg_dict['dest_columns'] -%}
    {%- set column = config.get('date_column', 'game_date') -%}
    {%- set window = date_window(column) -%}
    {%- set columns_csv = get_quoted_csv(dest_columns | map(attribute='name')) -%}
    {%- if replace_key is string -%}{%- set keys = [replace_key] -%}{%- else -%}{%- set keys = replace_key or [] -%}{%- endif -%}

    delete from {{ target }}
    where
        {% if window is none -%}
            true
        {%- else -%}
            (
                {{ in_date_window(column, window) }}
            )
            {%- if keys | length > 0 %}
            or ({{ keys | join(', ') }}) in (select {{ keys | join(', ') }} from {{ source }})
            {%- endif %}
        {%- endif %};

    insert into {{ target }} ({{ columns_csv }})
    select {{ columns_csv }}
    from {{ source }}
{%- endmacro %}
