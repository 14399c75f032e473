"""Live polls: ``todaysScoreboard_00.json`` (every game of the day) and, for games in
progress, their boxscore players.  Append-only; every row carries its ``poll_id`` and
``poll_time`` so the timeline of a game can be rebuilt."""

from __future__ import annotations

import dlt

from ingest.archive import ArchivedPayload
from ingest.sources.batch import PayloadBatch
from ingest.sources.games import BOX_PLAYER_COLUMNS, parse_boxscore
from ingest.sources.rows import columns, flatten, keep_strings_as_delivered, load_json, require

POLL_COLUMNS = columns(timestamps=["poll_time", "fetched_at"], texts=["poll_id", "_payload_sha256"])
SCOREBOARD_COLUMNS = (
    columns(
        texts=[
            "game_id",
            "game_code",
            "game_status_text",
            "game_clock",
            "game_time_utc",
            "scoreboard_game_date",
            "series_text",
            "home_team__team_tricode",
            "away_team__team_tricode",
        ],
        bigints=[
            "game_status",
            "period",
            "home_team__team_id",
            "away_team__team_id",
            "home_team__score",
            "away_team__score",
            "home_team__wins",
            "home_team__losses",
            "away_team__wins",
            "away_team__losses",
        ],
    )
    | POLL_COLUMNS
)
LIVE_PLAYER_COLUMNS = (
    columns(texts=["game_clock"], bigints=["game_status", "game_period"])
    | BOX_PLAYER_COLUMNS
    | POLL_COLUMNS
)
GAME_IN_PROGRESS = 2


def poll_id_of(payload: ArchivedPayload) -> str:
    """The scoreboard poll a payload belongs to: a scoreboard's own key, or for a live
    boxscore (key ``<poll>_<game id>``) the poll that triggered it."""
    manifest = payload.manifest
    if manifest.extra.get("poll_id"):
        return manifest.extra["poll_id"]
    return manifest.key.rsplit("_", 1)[0] if manifest.feed == "live_boxscore" else manifest.key


def _poll(payload: ArchivedPayload) -> dict:
    return {
        "poll_id": poll_id_of(payload),
        "poll_time": payload.manifest.observed_at.isoformat(),  # as published (Last-Modified)
        "fetched_at": payload.manifest.fetched_at,
        "_payload_sha256": payload.manifest.sha256,
    }


def parse_scoreboard(payload: ArchivedPayload) -> list[dict]:
    where = f"scoreboard {payload.manifest.key}"
    board = require(load_json(payload), "scoreboard", dict, where)
    games = require(board, "games", list, where)
    poll = _poll(payload)
    rows = []
    for index, game in enumerate(games):
        require(game, "gameId", str, f"{where} games[{index}]")
        require(game, "gameStatus", int, f"{where} games[{index}]")
        rows.append({**flatten(game), "scoreboard_game_date": board.get("gameDate"), **poll})
    return rows


def games_in_progress(payload: ArchivedPayload) -> list[str]:
    """Game ids the scoreboard shows as in progress (status 2)."""
    return [
        row["gameId"] for row in parse_scoreboard(payload) if row["gameStatus"] == GAME_IN_PROGRESS
    ]


def parse_live_boxscore(payload: ArchivedPayload) -> list[dict]:
    game_row, _, players = parse_boxscore(payload, feed="live_boxscore")
    state = {
        "game_status": game_row.get("gameStatus"),
        "game_period": game_row.get("period"),
        "game_clock": game_row.get("gameClock"),
    }
    poll = _poll(payload)
    return [{**player, **state, **poll} for player in players]


@dlt.source(name="nba_live", max_table_nesting=0)
def nba_live(batch: PayloadBatch):
    keep_strings_as_delivered()

    @dlt.resource(
        name="live_scoreboard_games",
        write_disposition="append",
        primary_key=["poll_id", "game_id"],
        columns=SCOREBOARD_COLUMNS,
    )
    def live_scoreboard_games():
        yield from batch.rows("scoreboard", parse_scoreboard, SCOREBOARD_COLUMNS)

    @dlt.resource(
        name="live_boxscore_players",
        write_disposition="append",
        primary_key=["poll_id", "game_id", "person_id"],
        columns=LIVE_PLAYER_COLUMNS,
    )
    def live_boxscore_players():
        yield from batch.rows("live_boxscore", parse_live_boxscore, LIVE_PLAYER_COLUMNS)

    return live_scoreboard_games, live_boxscore_players
