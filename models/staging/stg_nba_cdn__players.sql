with

source as (

    select * from {{ source('nba_cdn', 'players') }}

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
