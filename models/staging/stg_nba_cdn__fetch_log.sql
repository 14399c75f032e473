with

source as (

    {{ source_or_empty('nba_cdn', 'fetch_log', {'fetch_id': 'text', 'run_id': 'text', 'feed': 'text', 'resource_key': 'text', 'url': 'text', 'game_id': 'text', 'outcome': 'text', 'http_status': 'bigint', 'attempts': 'bigint', 'elapsed_seconds': 'double precision', 'bytes': 'bigint', 'sha256': 'text', 'error': 'text', 'archive_path': 'text', 'from_archive': 'boolean', 'fetched_at': 'timestamp with time zone', '_dlt_load_id': 'text'}) }}

),

latest as (

    -- an ingestor writes its whole log after each feed of a run, so one request can be
    -- loaded several times: keep the last write of each fetch_id (its final outcome)
    select
        *,
        row_number() over (partition by fetch_id order by _dlt_load_id desc) as version_rank
    from source

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
        cast(elapsed_seconds as {{ dbt.type_float() }}) as elapsed_seconds,
        cast(bytes as {{ dbt.type_bigint() }}) as response_bytes,
        sha256 as payload_sha256,
        error,
        archive_path,
        coalesce(from_archive, false) as is_from_archive,
        fetched_at as fetched_at_utc
    from latest
    where version_rank = 1

)

select * from final
