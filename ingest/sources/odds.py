"""Betting lines (``liveData/odds/odds_todaysGames.json``): append-only, one row per
snapshot x game x market x book x outcome.  A book the feed lists twice stays twice
(``book_position`` tells the copies apart); dbt collapses duplicates."""

from __future__ import annotations

import dlt

from ingest.archive import ArchivedPayload
from ingest.sources.batch import PayloadBatch
from ingest.sources.rows import columns, flatten, keep_strings_as_delivered, load_json, require

ODDS_COLUMNS = columns(
    texts=[
        "snapshot_id",
        "_payload_sha256",
        "book_country_code",
        "market_group_name",
        "odds",
        "opening_odds",
        "odds_trend",
        "spread",
        "opening_spread",
        "game_id",
        "home_team_id",
        "away_team_id",
        "book_id",
        "book_name",
        "market_name",
        "type",
    ],
    bigints=["book_position", "market_position", "outcome_position"],
    timestamps=["snapshot_time", "fetched_at"],
)


def _scalars(record: dict, prefix: str) -> dict:
    return {f"{prefix}{k}": v for k, v in flatten(record).items() if not isinstance(v, list)}


def parse_odds(payload: ArchivedPayload) -> list[dict]:
    where = f"odds {payload.manifest.key}"
    games = require(load_json(payload), "games", list, where)
    snapshot = {
        "snapshot_id": payload.manifest.key,
        "snapshot_time": payload.manifest.observed_at.isoformat(),
        "fetched_at": payload.manifest.fetched_at,
        "_payload_sha256": payload.manifest.sha256,
    }
    rows = []
    for game_index, game in enumerate(games):
        game_where = f"{where} games[{game_index}]"
        require(game, "gameId", str, game_where)
        game_cols = {
            k: v for k, v in flatten(game, skip=("markets",)).items() if not isinstance(v, list)
        }
        for market_position, market in enumerate(require(game, "markets", list, game_where)):
            market_where = f"{game_where} markets[{market_position}]"
            market_cols = _scalars({k: v for k, v in market.items() if k != "books"}, "market_")
            for book_position, book in enumerate(require(market, "books", list, market_where)):
                book_where = f"{market_where} books[{book_position}]"
                book_cols = _scalars({k: v for k, v in book.items() if k != "outcomes"}, "book_")
                outcomes = require(book, "outcomes", list, book_where)
                for outcome_position, outcome in enumerate(outcomes):
                    require(outcome, "odds", str, f"{book_where} outcomes[{outcome_position}]")
                    rows.append(
                        {
                            **snapshot,
                            **game_cols,
                            **market_cols,
                            **book_cols,
                            **flatten(outcome),
                            "market_position": market_position,
                            "book_position": book_position,
                            "outcome_position": outcome_position,
                        }
                    )
    return rows


@dlt.source(name="nba_odds", max_table_nesting=0)
def nba_odds(batch: PayloadBatch):
    keep_strings_as_delivered()

    @dlt.resource(
        name="odds_outcomes",
        write_disposition="append",
        primary_key=[
            "snapshot_id",
            "game_id",
            "market_position",
            "book_position",
            "outcome_position",
        ],
        columns=ODDS_COLUMNS,
    )
    def odds_outcomes():
        yield from batch.rows("odds", parse_odds, ODDS_COLUMNS)

    return odds_outcomes
