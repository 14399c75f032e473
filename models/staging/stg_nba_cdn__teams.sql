with

source as (

    select * from {{ source('nba_cdn', 'teams') }}

),

final as (

    select
        cast(id as {{ dbt.type_bigint() }}) as team_id,
        full_name as team_full_name,
        abbreviation as team_tricode,
        nickname as team_nickname,
        city as team_city,
        state as team_state,
        cast(year_founded as {{ dbt.type_int() }}) as year_founded
    from source

)

select * from final
