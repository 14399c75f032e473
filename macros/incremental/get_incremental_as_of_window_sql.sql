{% macro get_incremental_as_of_window_sql(arg_dict) -%}
    {#- Custom incremental strategy `as_of_window` (precompute and feature store): delete every
        target row whose `date_column` (default analysis_date) is in `as_of_window()` (the vars'
        window stretched forward to every analysis date whose rolling window can reach it), then
        insert the batch. A backfill of [X, Y] therefore leaves no row built from the old data. -#}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set column = config.get('date_column', 'analysis_date') -%}
    {%- set window = as_of_window() -%}
    {%- set columns_csv = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}

    delete from {{ target }}
    where
        {% if window is none -%}
            true
        {%- else -%}
            {{ column }} is not null
            {%- if window.start is not none %} and {{ column }} >= cast('{{ window.start }}' as date){% endif %}
            {%- if window.end is not none %} and {{ column }} <= cast('{{ window.end }}' as date){% endif %}
        {%- endif %};

    insert into {{ target }} ({{ columns_csv }})
    select {{ columns_csv }}
    from {{ source }}
{%- endmacro %}
