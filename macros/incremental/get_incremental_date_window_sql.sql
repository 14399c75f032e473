{% macro get_incremental_date_window_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set replace_key = config.get('replace_key', none) -%}
    {%- set dest_columns = arg_dict['dest_columns'] -%}
    {%- set column = config.get('date_column', 'game_date') -%}
    {%- set window = date_window(column) -%}
    {%- set columns_csv = get_quoted_csv(dest_columns | map(attribute='name')) -%}
    {%- if replace_key is string -%}{%- set keys = [replace_key] -%}{%- else -%}{%- set keys = replace_key or [] -%}{%- endif -%}

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
