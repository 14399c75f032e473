{% test leakage(model, entity_id_column='person_id', game_id_column='game_id', starts_at_column='game_starts_at_utc', date_column='game_date', input_game_ids_column='input_game_ids', games=none) %}
{#- Point-in-time check: no row may use a game that tipped off at or after the row's own
    tip-off (its own game included). Each id of `input_game_ids_column` is looked up in
    `games` (default ref('games'): game_id, game_starts_at_utc); an input game of unknown
    tip-off is judged by its game date against the row's. One failing row per leaked input:
    model, entity_id, analysis_date, game_id (the row's game), leaked_game_id, reason. -#}
{%- set games_relation = games if games is not none else ref('games') %}

with

feature_rows as (

    select
        cast({{ entity_id_column }} as {{ dbt.type_string() }}) as entity_id,
        cast({{ game_id_column }} as {{ dbt.type_string() }}) as row_game_id,
        {{ date_column }} as row_date,
        {{ starts_at_column }} as row_starts_at,
        {{ input_game_ids_column }} as input_game_ids
    from {{ model }}

),

inputs as (

    select
        feature_rows.*,
        ids.game_id as input_game_id
    from feature_rows
    {{ unnest_game_id_list('feature_rows.input_game_ids', 'ids') }}

)

select
    cast('{{ tested_relation_name(model) }}' as {{ dbt.type_string() }}) as model,
    inputs.entity_id,
    inputs.row_date as analysis_date,
    inputs.row_game_id as game_id,
    inputs.input_game_id as leaked_game_id,
    cast(
        'input game ' || inputs.input_game_id || ' tipped off at '
        || coalesce(cast(games.game_starts_at_utc as {{ dbt.type_string() }}), cast(games.game_date as {{ dbt.type_string() }}), '?')
        || ', not before this row''s tip-off ' || coalesce(cast(inputs.row_starts_at as {{ dbt.type_string() }}), cast(inputs.row_date as {{ dbt.type_string() }}))
    as {{ dbt.type_string() }}) as reason
from inputs
left join {{ games_relation }} as games
    on inputs.input_game_id = cast(games.game_id as {{ dbt.type_string() }})
where inputs.input_game_id = inputs.row_game_id
    or games.game_starts_at_utc >= inputs.row_starts_at
    or (
        (games.game_starts_at_utc is null or inputs.row_starts_at is null)
        and games.game_date >= inputs.row_date
    )

{% endtest %}
