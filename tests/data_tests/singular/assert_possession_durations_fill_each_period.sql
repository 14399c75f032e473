-- A possession lasts from the end of the previous one (the period start for the first) to
-- its own end: no duration is negative, and in a final game the durations of each period add
-- up to the period's length (720 s, 300 s in overtime).
with

possessions as (

    select * from {{ ref('possessions') }}

),

games as (

    select * from {{ ref('games') }}

),

by_period as (

    select
        game_id,
        period,
        sum(duration_seconds) as possession_seconds,
        min(duration_seconds) as shortest_possession_seconds
    from possessions
    group by game_id, period

)

select
    by_period.game_id,
    by_period.period,
    by_period.possession_seconds,
    by_period.shortest_possession_seconds
from by_period
inner join games on by_period.game_id = games.game_id
where by_period.shortest_possession_seconds < 0
    or (
        games.game_status = 3
        and by_period.possession_seconds <> case
            when by_period.period <= {{ var('regulation_periods', 4) }} then {{ var('regulation_period_seconds', 720) }}
            else {{ var('overtime_period_seconds', 300) }}
        end
    )
