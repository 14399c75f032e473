{% macro get_incremental_as_of_window_sql(arg_dict) -%}
    {#- Strategy as_of_window: the model's rows of the run's as-of dates (as_of_window()) are
        replaced by the batch. -#}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set column = config.get('date_column', 'analysis_date') -%}
    {%- set window = as_of_window() -%}
    {%- set columns_csv = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {{ incremental_statements([
        refresh_statistics(source),
        'delete from ' ~ target ~ ' where ' ~ in_date_window(column, window),
        'insert into ' ~ target ~ ' (' ~ columns_csv ~ ')\n    select ' ~ columns_csv ~ '\n    from ' ~ source,
    ]) }}
{%- endmacro %}

{% macro incremental_statements(statements) -%}
    {#- A strategy's statements (empty ones skipped) as the SQL of dbt's main statement; the
        last one is the insert of the batch. -#}
    {{ return(adapter.dispatch('incremental_statements', 'courtside')(statements)) }}
{%- endmacro %}

{% macro postgres__incremental_statements(statements) -%}
    {#- one multi-statement call, in dbt's transaction -#}
    {%- for statement in statements if statement | trim %}
    {{ statement | trim }}{{ ";" if not loop.last }}
    {% endfor -%}
{%- endmacro %}

{% macro spark__incremental_statements(statements) -%}
    {#- Spark runs one statement per call: all but the last run here, in order; the last is
        dbt's main statement. The batch is a temporary view of the model's query, which never
        reads the model itself, so the deletes before it cannot change it. -#}
    {%- set runnable = statements | map('trim') | select | list -%}
    {%- for statement in runnable[:-1] -%}
        {%- do run_query(statement) -%}
    {%- endfor -%}
    {{ runnable[-1] }}
{%- endmacro %}
