with

source as (

    select * from {{ source('nba_cdn', 'fetch_log') }}

),

latest as (

    -- an ingestor writes its whole log after each feed of a run, so one request can be
    -- loaded several times: keep the last write of each fetch_id (its final outcome)
    {{ deduplicate('source', partition_by='fetch_id', order_by='_dlt_load_id desc') }}

),

final as (

    select
        fetch_id,
        run_id,
        feed,
        resource_key,
        url,
        nullif(game_id, '') as game_id,
        outcome,
        cast(http_status as {{ dbt.type_int() }}) as http_status,
        cast(attempts as {{ dbt.type_int() }}) as attempts,
        cast(elapsed_seconds as {{ type_double() }}) as elapsed_seconds,
        cast(bytes as {{ dbt.type_bigint() }}) as response_bytes,
        sha256 as payload_sha256,
        error,
        archive_path,
        coalesce(from_archive, false) as is_from_archive,
        fetched_at as fetched_at_utc
    from latest

)

select * from final
