with

source as (

    {{ source_or_empty('nba_cdn', 'players', {'id': 'bigint', 'full_name': 'text', 'first_name': 'text', 'last_name': 'text', 'is_active': 'boolean'}) }}

),

final as (

    select
        cast(id as {{ dbt.type_bigint() }}) as person_id,
        full_name as player_full_name,
        first_name,
        last_name,
        is_active
    from source

)

select * from final
