{% macro validate_date_vars() -%}
    {%- set parsed = {} -%}
    {%- for name in ['start_date', 'end_date'] -%}
        {%- set raw = var(name, none) -%}
        {%- if raw is none or (raw | string | trim) in ('', 'none', 'None', 'null') -%}
            {%- do parsed.update({name: none}) -%}
        {%- else -%}
            {%- set text = raw | string | trim -%}
            {%- set ok = modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', text) -%}
            {%- if ok -%}
                {%- set year = text[0:4] | int -%}
                {%- set month = text[5:7] | int -%}
                {%- set day = text[8:10] | int -%}
                {%- set month_days = [31, 29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
                {%- set ok = month >= 1 and month <= 12 and day >= 1 and day <= month_days[month - 1] -%}
            {%- endif -%}
            {%- if not ok -%}
                {{ exceptions.raise_compiler_error(
                    "Invalid var " ~ name ~ "=" ~ (raw | string) ~ ": expected a real calendar date as YYYY-MM-DD, "
                    ~ "e.g. --vars '{start_date: \"2024-11-01\", end_date: \"2024-11-07\"}'") }}
            {%- endif -%}
            {%- do parsed.update({name: text}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if parsed.start_date is not none and parsed.end_date is not none and parsed.start_date > parsed.end_date -%}
        {{ exceptions.raise_compiler_error(
            "Invalid date window: start_date " ~ parsed.start_date ~ " is after end_date " ~ parsed.end_date) }}
    {%- endif -%}
    {%- set lookback = var('lookback_days', 3) -%}
    {%- if not modules.re.match('^[0-9]+$', lookback | string | trim) -%}
        {{ exceptions.raise_compiler_error(
            "Invalid var lookback_days=" ~ (lookback | string) ~ ": expected a whole number of days >= 0") }}
    {%- endif -%}
    {%- do parsed.update({'lookback_days': lookback | string | trim | int}) -%}
    {{ return(parsed) }}
{%- endmacro %}
