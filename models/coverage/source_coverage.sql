{#- One row per game, feed and source attempted: what ingestion asked for, what it got,
    when, and the game's quality tier. Read from the fetch log (every request an ingestion
    run made, or every archived payload it replayed). -#}
{%- set sources = [
    {'endpoint': 'pbp', 'feed': 'pbp', 'source': 'cdn'},
    {'endpoint': 'boxscore', 'feed': 'boxscore', 'source': 'cdn'},
    {'endpoint': 'boxscoretraditionalv3', 'feed': 'boxscore', 'source': 'fallback'},
] -%}

with

fetch_log as (

    select * from {{ ref('stg_nba_cdn__fetch_log') }}

),

schedule as (

    select * from {{ ref('stg_nba_cdn__schedule_games') }}

),

cdn_box_games as (

    select * from {{ ref('stg_nba_cdn__boxscore_games') }}

),

fallback_box_teams as (

    select * from {{ ref('stg_nba_stats__boxscore_traditional_teams') }}

),

-- the games whose box score is in staging now, per source
landed_boxscores as (

    select game_id, 'cdn' as source from cdn_box_games
    union
    select game_id, 'fallback' as source from fallback_box_teams

),

attempts as (

    select
        fetch_log.game_id,
        case fetch_log.feed
            {%- for s in sources %}
            when '{{ s.endpoint }}' then '{{ s.feed }}'
            {%- endfor %}
        end as feed,
        case fetch_log.feed
            {%- for s in sources %}
            when '{{ s.endpoint }}' then '{{ s.source }}'
            {%- endfor %}
        end as source,
        fetch_log.feed as endpoint,
        fetch_log.outcome,
        fetch_log.http_status,
        fetch_log.error,
        fetch_log.fetched_at_utc,
        -- loaded now, or the same payload as one loaded before
        fetch_log.outcome in ('loaded', 'unchanged') as is_loaded,
        row_number() over (
            partition by fetch_log.game_id, fetch_log.feed
            order by fetch_log.fetched_at_utc desc, fetch_log.fetch_id desc
        ) as recency_rank
    from fetch_log
    where fetch_log.game_id is not null
        and fetch_log.feed in ({% for s in sources %}'{{ s.endpoint }}'{{ ', ' if not loop.last }}{% endfor %})

),

per_source as (

    select
        game_id,
        feed,
        source,
        max(endpoint) as endpoint,
        count(*) as attempts,
        min(fetched_at_utc) as first_attempted_at_utc,
        max(fetched_at_utc) as last_attempted_at_utc,
        max(case when is_loaded then fetched_at_utc end) as last_found_at_utc,
        max(case when is_loaded then 1 else 0 end) = 1 as is_loaded,
        max(case when recency_rank = 1 then outcome end) as last_outcome,
        max(case when recency_rank = 1 then http_status end) as last_http_status,
        max(case when recency_rank = 1 then error end) as last_error
    from attempts
    group by game_id, feed, source

),

found as (

    -- a box score is found when its rows are in staging now; play-by-play when a request
    -- loaded it (its raw table is too big to probe here)
    select
        attempted.*,
        case
            when attempted.feed = 'pbp' then attempted.is_loaded
            else landed_boxscores.game_id is not null
        end as is_found
    from per_source as attempted
    left join landed_boxscores
        on attempted.game_id = landed_boxscores.game_id
        and attempted.source = landed_boxscores.source
        and attempted.feed = 'boxscore'

),

per_game as (

    select
        game_id,
        max(case when feed = 'pbp' and is_found then 1 else 0 end) = 1 as has_pbp,
        case
            when max(case when feed = 'boxscore' and source = 'cdn' and is_found then 1 else 0 end) = 1 then 'cdn'
            when max(case when feed = 'boxscore' and source = 'fallback' and is_found then 1 else 0 end) = 1 then 'fallback'
        end as boxscore_source
    from found
    group by game_id

),

final as (

    select
        found.game_id,
        schedule.game_date,
        found.feed,
        found.source,
        found.endpoint,
        case
            when found.is_found then 'found'
            when found.last_outcome = 'no_data' then 'no_data'
            else 'error'
        end as outcome,
        found.last_outcome,
        found.last_http_status,
        found.last_error,
        found.attempts,
        found.first_attempted_at_utc,
        found.last_attempted_at_utc,
        found.last_found_at_utc,
        -- the source whose rows the warehouse uses (the CDN's box score over the fallback's)
        case
            when found.feed = 'pbp' then found.is_found
            else coalesce(per_game.boxscore_source = found.source, false)
        end as is_used,
        {{ coverage_tier('per_game.has_pbp', 'per_game.boxscore_source') }} as quality_tier
    from found
    inner join per_game on found.game_id = per_game.game_id
    left join schedule on found.game_id = schedule.game_id

)

select * from final
