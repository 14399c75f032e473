{% macro latest_fetch_rows(relation, game_id_column='game_id', fetched_at_column='_fetched_at') -%}
    {#- The body of a staging model's CTE: the rows of `relation` that came with the latest
        fetch of their game (a game's payload is one fetch: an action or player left out of a
        newer payload must not linger from an older one, whether raw replaced the game as a
        unit, as on Postgres, or appended each fetch, as on the lake). -#}
    {{ return(adapter.dispatch('latest_fetch_rows', 'courtside')(relation, game_id_column, fetched_at_column)) }}
{%- endmacro %}

{% macro postgres__latest_fetch_rows(relation, game_id_column, fetched_at_column) -%}
    {#- a lateral probe of raw's (game_id, _fetched_at) index (ingest/raw_upkeep.py;
        Postgres memoizes it per game on a full scan), so a filter on game_id reaches raw and
        a one-day rebuild reads one day, not every season -#}
    select source.*
    from {{ relation }} as source
    cross join lateral (
        select max(newer.{{ fetched_at_column }}) as latest_fetched_at
        from {{ relation }} as newer
        where newer.{{ game_id_column }} = source.{{ game_id_column }}
    ) as latest
    where source.{{ fetched_at_column }} >= latest.latest_fetched_at
{%- endmacro %}

{% macro spark__latest_fetch_rows(relation, game_id_column, fetched_at_column) -%}
    {#- a join on each game's latest fetch time: Spark plans it as an aggregate and a hash
        join, and a filter on game_id is pushed to both sides -#}
    select source.*
    from {{ relation }} as source
    inner join (
        select
            {{ game_id_column }},
            max({{ fetched_at_column }}) as latest_fetched_at
        from {{ relation }}
        group by {{ game_id_column }}
    ) as latest
        on source.{{ game_id_column }} = latest.{{ game_id_column }}
        and source.{{ fetched_at_column }} >= latest.latest_fetched_at
{%- endmacro %}
