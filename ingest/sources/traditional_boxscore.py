"""The boxscore fallback: stats.nba.com's ``boxscoretraditionalv3``, for the games whose
CDN boxscore never appears (the NBA's 2025 play-in games had none).

It carries the players' and teams' counting stats, minutes and plus-minus, but none of
the CDN boxscore's game fields (arena, officials, attendance), no player status or
not-playing reason beyond a ``comment``, and no team extras (bench points, lead changes,
points in the paint...).  Each game's rows are replaced as a unit when it is re-fetched
(``delete-insert`` on ``game_id``), like the CDN feeds."""

from __future__ import annotations

import dlt

from ingest.archive import ArchivedPayload
from ingest.sources.batch import PayloadBatch
from ingest.sources.rows import (
    LINEAGE_COLUMNS,
    REPLACE_GAME,
    PayloadError,
    columns,
    flatten,
    keep_strings_as_delivered,
    lineage,
    load_json,
    require,
)

FEED = "boxscoretraditionalv3"

_COUNTS = [
    "field_goals_made",
    "field_goals_attempted",
    "three_pointers_made",
    "three_pointers_attempted",
    "free_throws_made",
    "free_throws_attempted",
    "rebounds_offensive",
    "rebounds_defensive",
    "rebounds_total",
    "assists",
    "steals",
    "blocks",
    "turnovers",
    "fouls_personal",
    "points",
]
_PARTS = ("statistics", "starters", "bench")  # the team's totals, its starters', its bench's
_PERCENTAGES = [
    "field_goals_percentage",
    "three_pointers_percentage",
    "free_throws_percentage",
]
TEAM_COLUMNS = (
    columns(
        texts=[
            "game_id",
            "team_side",
            "team_city",
            "team_name",
            "team_tricode",
            "team_slug",
            *(f"{part}__minutes" for part in _PARTS),
        ],
        bigints=[
            "team_id",
            *(f"{part}__{name}" for part in _PARTS for name in _COUNTS),
        ],
        doubles=[f"{part}__{name}" for part in _PARTS for name in _PERCENTAGES],
    )
    | LINEAGE_COLUMNS
)
PLAYER_COLUMNS = (
    columns(
        texts=[
            "game_id",
            "team_side",
            "first_name",
            "family_name",
            "name_i",
            "player_slug",
            "position",
            "comment",
            "jersey_num",
            "statistics__minutes",
        ],
        bigints=[
            "team_id",
            "person_id",
            "order",
            *(f"statistics__{name}" for name in _COUNTS),
        ],
        doubles=[
            *(f"statistics__{name}" for name in _PERCENTAGES),
            "statistics__plus_minus_points",
        ],
    )
    | LINEAGE_COLUMNS
)


def parse_traditional_boxscore(payload: ArchivedPayload) -> tuple[list[dict], list[dict]]:
    """(two team rows, player rows) of one ``boxscoretraditionalv3`` response; every field
    kept, plus ``game_id``, ``team_side``, the player's ``order`` in the team's list and
    lineage.  A response without players (stats.nba.com answers an unknown or unplayed
    game with empty teams) is a PayloadError naming the game."""
    where = f"{FEED} {payload.manifest.key}"
    box = require(load_json(payload), "boxScoreTraditional", dict, where)
    game_id = require(box, "gameId", str, where)
    expected = payload.manifest.game_id
    if expected and game_id != expected:
        raise PayloadError(f"{where}: payload is for game {game_id}, expected {expected}")
    extra = lineage(payload)
    team_rows, player_rows = [], []
    for side in ("homeTeam", "awayTeam"):
        team_where = f"{FEED} game {game_id} {side}"
        team = require(box, side, dict, team_where)
        team_id = require(team, "teamId", int, team_where)
        players = require(team, "players", list, team_where)
        if not players:
            raise PayloadError(f"{team_where}: no players (no boxscore published for this game)")
        side_name = "home" if side == "homeTeam" else "away"
        team_row = flatten(team, skip=("players",))
        team_rows.append({"game_id": game_id, "team_side": side_name, **team_row, **extra})
        for order, player in enumerate(players, start=1):
            player_where = f"{team_where} player #{order}"
            require(player, "personId", int, player_where)
            require(player, "statistics", dict, player_where)
            player_rows.append(
                {
                    "game_id": game_id,
                    "team_id": team_id,
                    "team_side": side_name,
                    "order": order,
                    **flatten(player),
                    **extra,
                }
            )
    return team_rows, player_rows


def has_players(payload: ArchivedPayload) -> bool:
    """Whether a response holds a box score at all (both teams list players): the
    fallback's way of saying "no data" is a 200 with empty teams."""
    try:
        parse_traditional_boxscore(payload)
    except PayloadError as exc:
        return "no players" not in str(exc)  # a malformed payload: the load quarantines it
    return True


@dlt.source(name="nba_stats_boxscores", max_table_nesting=0)
def nba_traditional_boxscores(batch: PayloadBatch):
    """Team and player rows of the ``boxscoretraditionalv3`` payloads in ``batch``."""
    keep_strings_as_delivered()

    @dlt.resource(
        name="boxscore_traditional_teams",
        write_disposition=REPLACE_GAME,
        merge_key="game_id",
        columns=TEAM_COLUMNS,
    )
    def boxscore_traditional_teams():
        yield from batch.rows(FEED, lambda p: parse_traditional_boxscore(p)[0], TEAM_COLUMNS)

    @dlt.resource(
        name="boxscore_traditional_players",
        write_disposition=REPLACE_GAME,
        merge_key="game_id",
        columns=PLAYER_COLUMNS,
    )
    def boxscore_traditional_players():
        yield from batch.rows(FEED, lambda p: parse_traditional_boxscore(p)[1], PLAYER_COLUMNS)

    return boxscore_traditional_teams, boxscore_traditional_players
