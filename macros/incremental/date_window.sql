{% macro date_window(date_column=none) -%}
    {%- set parsed = validate_date_vars() -%}
    {%- set column = date_column or config.get('date_column', 'game_date') -%}
    {%- if parsed.start_date is not none or parsed.end_date is not none -%}
        {{ return({'start': parsed.start_date, 'end': parsed.end_date}) }}
    {%- endif -%}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set condition = config.get('hwm_condition', none) -%}
    {%- set hwm_sql -%}
        select cast(max({{ column }}) as {{ dbt.type_string() }})
        from {{ this }}
        {% if condition %}where {{ condition }}{% endif %}
    {%- endset -%}
    {%- set hwm = run_query(hwm_sql).columns[0].values()[0] -%}
    {%- if hwm is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set start = (modules.datetime.datetime.strptime(hwm[0:10], '%Y-%m-%d') - modules.datetime.timedelta(days=parsed.lookback_days)).strftime('%Y-%m-%d') -%}
    {{ return({'start': start, 'end': none}) }}
{%- endmacro %}
