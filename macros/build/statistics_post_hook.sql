{% macro statistics_post_hook(relation) -%}
    {%- if not execute or config.get('materialized') == 'view' -%}
        {{ return('') }}
    {%- endif -%}
    {{ return(refresh_statistics(relation)) }}
{%- endmacro %}
