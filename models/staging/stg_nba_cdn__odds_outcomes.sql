with

source as (

    select * from {{ source('nba_cdn', 'odds_outcomes') }}

),

renamed as (

    select
        snapshot_id,
        snapshot_time as snapshot_at_utc,
        game_id,
        {{ dbt.safe_cast("nullif(home_team_id, '')", dbt.type_bigint()) }} as home_team_id,
        {{ dbt.safe_cast("nullif(away_team_id, '')", dbt.type_bigint()) }} as away_team_id,
        book_id,
        book_name,
        book_country_code,
        market_name,
        market_group_name,
        type as outcome_type,
        {{ dbt.safe_cast("nullif(odds, '')", dbt.type_numeric()) }} as decimal_odds,
        {{ dbt.safe_cast("nullif(opening_odds, '')", dbt.type_numeric()) }} as opening_decimal_odds,
        nullif(odds_trend, '') as odds_trend,
        {{ dbt.safe_cast("nullif(spread, '')", dbt.type_numeric()) }} as spread,
        {{ dbt.safe_cast("nullif(opening_spread, '')", dbt.type_numeric()) }} as opening_spread,
        cast(market_position as {{ dbt.type_int() }}) as market_position,
        cast(book_position as {{ dbt.type_int() }}) as book_position,
        cast(outcome_position as {{ dbt.type_int() }}) as outcome_position,
        _payload_sha256 as payload_sha256,
        _dlt_load_id as dlt_load_id
    from source

),

deduplicated as (

    -- the feed can list the same book twice in a market (e.g. one per country):
    -- keep its first listing
    {{ deduplicate(
        'renamed',
        partition_by='snapshot_id, game_id, market_name, book_id, outcome_type',
        order_by='book_position, outcome_position, dlt_load_id desc'
    ) }}

),

final as (

    select
        snapshot_id,
        snapshot_at_utc,
        game_id,
        home_team_id,
        away_team_id,
        case
            when outcome_type = 'home' then home_team_id
            when outcome_type = 'away' then away_team_id
        end as team_id,
        book_id,
        book_name,
        book_country_code,
        market_name,
        market_group_name,
        outcome_type,
        decimal_odds,
        opening_decimal_odds,
        odds_trend,
        spread,
        opening_spread,
        market_position,
        book_position,
        outcome_position,
        payload_sha256
    from deduplicated

)

select * from final
