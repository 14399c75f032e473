{% macro get_incremental_date_window_sql(arg_dict) -%}
    {#- Custom incremental strategy `date_window`: delete every target row whose date
        (`date_column` config, default `game_date`) is in the model's `date_window()`, and every
        row whose `replace_key` config (e.g. `game_id`) is in the new batch (a game whose date moved), then insert the
        batch. So a rebuilt window holds exactly what upstream holds now: rows deleted upstream
        do not linger, and rows outside the window are not touched. -#}
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
                {{ column }} is not null
                {%- if window.start is not none %} and {{ column }} >= cast('{{ window.start }}' as date){% endif %}
                {%- if window.end is not none %} and {{ column }} <= cast('{{ window.end }}' as date){% endif %}
            )
            {%- if keys | length > 0 %}
            or ({{ keys | join(', ') }}) in (select {{ keys | join(', ') }} from {{ source }})
            {%- endif %}
        {%- endif %};

    insert into {{ target }} ({{ columns_csv }})
    select {{ columns_csv }}
    from {{ source }}
{%- endmacro %}
