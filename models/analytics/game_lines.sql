{{
    config(
        replace_key='game_id',
        indexes=[{'columns': ['game_id', 'market_name', 'book_id', 'outcome_type'], 'unique': true}, {'columns': ['game_date']}],
    )
}}

with

odds as (

    select * from {{ ref('stg_nba_cdn__odds_outcomes') }}

),

games as (

    select * from {{ ref('games') }}

),

dated as (

    -- a game not (yet) in games is dated by the US-Eastern day of its first snapshot
    select
        odds.*,
        games.game_starts_at_utc,
        coalesce(
            games.game_date,
            {{ to_eastern_date('min(odds.snapshot_at_utc) over (partition by odds.game_id)') }}
        ) as game_date
    from odds
    left join games on odds.game_id = games.game_id

),

in_window as (

    select * from dated
    where {{ date_window_filter('game_date') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by game_id, market_name, book_id, outcome_type
            order by snapshot_at_utc, snapshot_id
        ) as first_rank,
        row_number() over (
            partition by game_id, market_name, book_id, outcome_type
            order by snapshot_at_utc desc, snapshot_id desc
        ) as latest_rank,
        row_number() over (
            partition by game_id, market_name, book_id, outcome_type
            order by case when snapshot_at_utc < game_starts_at_utc then 0 else 1 end, snapshot_at_utc desc, snapshot_id desc
        ) as closing_rank
    from in_window

),

lines as (

    select
        game_id,
        market_name,
        book_id,
        outcome_type,
        max(game_date) as game_date,
        max(game_starts_at_utc) as game_starts_at_utc,
        max(book_name) as book_name,
        max(team_id) as team_id,
        count(*) as snapshot_count,
        max(case when first_rank = 1 then opening_decimal_odds end) as opening_odds,
        max(case when first_rank = 1 then opening_spread end) as opening_spread,
        max(case when first_rank = 1 then snapshot_at_utc end) as first_snapshot_at_utc,
        max(case when first_rank = 1 then decimal_odds end) as first_seen_odds,
        max(case when latest_rank = 1 then decimal_odds end) as latest_odds,
        max(case when latest_rank = 1 then spread end) as latest_spread,
        max(case when latest_rank = 1 then snapshot_at_utc end) as latest_snapshot_at_utc,
        max(case when closing_rank = 1 and snapshot_at_utc < game_starts_at_utc then decimal_odds end) as closing_odds,
        max(case when closing_rank = 1 and snapshot_at_utc < game_starts_at_utc then spread end) as closing_spread,
        max(case when closing_rank = 1 and snapshot_at_utc < game_starts_at_utc then snapshot_at_utc end) as closing_snapshot_at_utc
    from ranked
    group by game_id, market_name, book_id, outcome_type

),

book_no_vig as (

    -- 2way market: remove the bookmaker's margin by normalising implied probabilities;
    -- the closing price when there is one, else the latest
    select
        game_id,
        book_id,
        1.0 / max(case when outcome_type = 'home' then coalesce(closing_odds, latest_odds) end) as home_implied,
        1.0 / max(case when outcome_type = 'away' then coalesce(closing_odds, latest_odds) end) as away_implied
    from lines
    where market_name = '2way'
    group by game_id, book_id

),

book_probabilities as (

    select
        game_id,
        book_id,
        home_implied / (home_implied + away_implied) as home_no_vig_probability,
        away_implied / (home_implied + away_implied) as away_no_vig_probability
    from book_no_vig
    where home_implied is not null
        and away_implied is not null

),

consensus as (

    select
        game_id,
        avg(home_no_vig_probability) as consensus_home_win_probability,
        avg(away_no_vig_probability) as consensus_away_win_probability,
        count(*) as consensus_book_count
    from book_probabilities
    group by game_id

),

final as (

    select
        lines.game_id,
        lines.market_name,
        lines.book_id,
        lines.outcome_type,
        lines.game_date,
        lines.game_starts_at_utc,
        lines.book_name,
        lines.team_id,
        lines.snapshot_count,
        lines.opening_odds,
        lines.opening_spread,
        lines.first_seen_odds,
        lines.first_snapshot_at_utc,
        lines.latest_odds,
        lines.latest_spread,
        lines.latest_snapshot_at_utc,
        lines.closing_odds,
        lines.closing_spread,
        lines.closing_snapshot_at_utc,
        case
            when lines.outcome_type = 'home' then book_probabilities.home_no_vig_probability
            when lines.outcome_type = 'away' then book_probabilities.away_no_vig_probability
        end as book_no_vig_probability,
        case
            when lines.market_name = '2way' and lines.outcome_type = 'home' then consensus.consensus_home_win_probability
            when lines.market_name = '2way' and lines.outcome_type = 'away' then consensus.consensus_away_win_probability
        end as consensus_no_vig_probability,
        consensus.consensus_home_win_probability,
        consensus.consensus_away_win_probability,
        consensus.consensus_book_count
    from lines
    left join book_probabilities
        on lines.game_id = book_probabilities.game_id
        and lines.book_id = book_probabilities.book_id
        and lines.market_name = '2way'
    left join consensus on lines.game_id = consensus.game_id

)

select * from final
