{#- dbt-spark's incremental materialization knows only its own strategies (append, merge,
    insert_overwrite, microbatch) and has no hook for custom ones: these two overrides of its
    macros (the root project's win) let it run the project's date_window and as_of_window,
    and hand every other strategy to dbt-spark's own code unchanged. -#}

{% macro dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format) -%}
    {%- if raw_strategy in ['date_window', 'as_of_window'] -%}
        {%- if file_format != 'delta' -%}
            {%- do exceptions.raise_compiler_error(
                "Incremental strategy " ~ raw_strategy ~ " deletes rows: it needs file_format 'delta' (got '" ~ file_format ~ "')"
            ) -%}
        {%- endif -%}
        {{ return(raw_strategy) }}
    {%- endif -%}
    {{ return(dbt_spark.dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format)) }}
{%- endmacro %}

{% macro dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) -%}
    {%- if strategy in ['date_window', 'as_of_window'] -%}
        {%- set arg_dict = {
            'target_relation': target,
            'temp_relation': source,
            'unique_key': unique_key,
            'dest_columns': adapter.get_columns_in_relation(target),
            'incremental_predicates': incremental_predicates,
        } -%}
        {%- if strategy == 'date_window' -%}
            {{ get_incremental_date_window_sql(arg_dict) }}
        {%- else -%}
            {{ get_incremental_as_of_window_sql(arg_dict) }}
        {%- endif -%}
    {%- else -%}
        {{ dbt_spark.dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) }}
    {%- endif -%}
{%- endmacro %}
