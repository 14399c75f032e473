"""Per-game feeds: play-by-play actions and boxscores (``liveData``).

Each game's rows are replaced as a unit when it is re-fetched (dlt ``delete-insert``
on ``game_id``), so a corrected or deleted action never lingers."""

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

PBP_COLUMNS = (
    columns(
        bigints=[
            "action_number",
            "order_number",
            "period",
            "team_id",
            "person_id",
            "possession",
            "is_field_goal",
            "points_total",
            "x_legacy",
            "y_legacy",
            "shot_action_number",
            "assist_person_id",
            "block_person_id",
            "steal_person_id",
            "foul_drawn_person_id",
            "jump_ball_won_person_id",
            "jump_ball_lost_person_id",
            "jump_ball_recoverd_person_id",
            "official_id",
        ],
        doubles=["x", "y", "shot_distance"],
        texts=[
            "game_id",
            "clock",
            "time_actual",
            "period_type",
            "action_type",
            "sub_type",
            "descriptor",
            "team_tricode",
            "score_home",
            "score_away",
            "edited",
            "description",
            "side",
            "shot_result",
            "player_name",
            "player_name_i",
            "area",
            "area_detail",
            "value",
        ],
        jsons=["qualifiers", "person_ids_filter"],
    )
    | LINEAGE_COLUMNS
)
_FLOAT_STATS = [
    "minus",
    "plus",
    "plus_minus_points",
    "assists_turnover_ratio",
    "field_goals_effective_adjusted",
    "true_shooting_attempts",
    "true_shooting_percentage",
    "field_goals_percentage",
    "free_throws_percentage",
    "three_pointers_percentage",
    "two_pointers_percentage",
    "fast_break_points_percentage",
    "points_in_the_paint_percentage",
    "second_chance_points_percentage",
    "bench_points_percentage",
]
BOX_STAT_COLUMNS = columns(doubles=[f"statistics__{name}" for name in _FLOAT_STATS])
_BOX_COUNTS = [
    "assists",
    "blocks",
    "field_goals_attempted",
    "field_goals_made",
    "fouls_personal",
    "free_throws_attempted",
    "free_throws_made",
    "points",
    "points_fast_break",
    "points_in_the_paint",
    "points_second_chance",
    "rebounds_defensive",
    "rebounds_offensive",
    "rebounds_total",
    "steals",
    "three_pointers_attempted",
    "three_pointers_made",
    "turnovers",
]
BOX_GAME_COLUMNS = (
    columns(
        texts=[
            "game_id",
            "game_code",
            "game_status_text",
            "game_clock",
            "game_time_utc",
            "sellout",
            "arena__arena_name",
            "arena__arena_city",
            "arena__arena_state",
            "arena__arena_country",
            "arena__arena_timezone",
        ],
        bigints=[
            "game_status",
            "period",
            "regulation_periods",
            "attendance",
            "duration",
            "arena__arena_id",
        ],
        jsons=["officials"],
    )
    | LINEAGE_COLUMNS
)
BOX_TEAM_COLUMNS = (
    columns(
        texts=[
            "game_id",
            "team_side",
            "team_name",
            "team_city",
            "team_tricode",
            "in_bonus",
            "statistics__minutes",
        ],
        bigints=[
            "team_id",
            "score",
            "timeouts_remaining",
            *(
                f"statistics__{name}"
                for name in [
                    *_BOX_COUNTS,
                    "bench_points",
                    "lead_changes",
                    "points_against",
                    "points_from_turnovers",
                    "rebounds_team",
                    "times_tied",
                    "turnovers_team",
                    "turnovers_total",
                ]
            ),
        ],
        jsons=["periods"],
    )
    | BOX_STAT_COLUMNS
    | LINEAGE_COLUMNS
)
BOX_PLAYER_COLUMNS = (
    columns(
        texts=[
            "game_id",
            "team_side",
            "status",
            "name",
            "name_i",
            "first_name",
            "family_name",
            "jersey_num",
            "position",
            "starter",
            "oncourt",
            "played",
            "not_playing_reason",
            "not_playing_description",
            "statistics__minutes",
        ],
        bigints=[
            "team_id",
            "person_id",
            "order",
            *(f"statistics__{name}" for name in [*_BOX_COUNTS, "blocks_received", "fouls_drawn"]),
        ],
    )
    | BOX_STAT_COLUMNS
    | LINEAGE_COLUMNS
)


def _where(payload: ArchivedPayload, feed: str) -> str:
    return f"{feed} {payload.manifest.key}"


def _game(payload: ArchivedPayload, feed: str) -> tuple[dict, str]:
    where = _where(payload, feed)
    game = require(load_json(payload), "game", dict, where)
    game_id = require(game, "gameId", str, where)
    expected = payload.manifest.game_id
    if expected and game_id != expected:
        raise PayloadError(f"{where}: payload is for game {game_id}, expected {expected}")
    return game, game_id


def parse_pbp(payload: ArchivedPayload) -> list[dict]:
    """One row per action, every field kept, plus ``game_id`` and lineage."""
    game, game_id = _game(payload, "pbp")
    actions = require(game, "actions", list, f"pbp {game_id}")
    extra = {"game_id": game_id, **lineage(payload)}
    rows = []
    for index, action in enumerate(actions):
        where = f"pbp game {game_id} action #{index}"
        if not isinstance(action, dict):
            raise PayloadError(f"{where}: not an object")
        for key, kind in (
            ("actionNumber", int),
            ("orderNumber", int),
            ("period", int),
            ("clock", str),
            ("actionType", str),
        ):
            require(action, key, kind, where)
        rows.append({**flatten(action), **extra})
    return rows


def parse_boxscore(
    payload: ArchivedPayload, feed: str = "boxscore"
) -> tuple[dict, list[dict], list[dict]]:
    """(game row, two team rows, player rows) of one boxscore payload."""
    game, game_id = _game(payload, feed)
    extra = lineage(payload)
    game_row = {**flatten(game, skip=("homeTeam", "awayTeam")), **extra}
    team_rows, player_rows = [], []
    for side in ("homeTeam", "awayTeam"):
        where = f"{feed} game {game_id} {side}"
        team = require(game, side, dict, where)
        team_id = require(team, "teamId", int, where)
        players = require(team, "players", list, where)
        side_name = "home" if side == "homeTeam" else "away"
        team_rows.append(
            {
                "game_id": game_id,
                "team_side": side_name,
                **flatten(team, skip=("players",)),
                **extra,
            }
        )
        for index, player in enumerate(players):
            player_where = f"{where} player #{index}"
            require(player, "personId", int, player_where)
            require(player, "statistics", dict, player_where)
            player_rows.append(
                {
                    "game_id": game_id,
                    "team_id": team_id,
                    "team_side": side_name,
                    **flatten(player),
                    **extra,
                }
            )
    return game_row, team_rows, player_rows


@dlt.source(name="nba_games", max_table_nesting=0)
def nba_games(batch: PayloadBatch):
    """PBP actions and boxscore games/teams/players of the payloads in ``batch``."""
    keep_strings_as_delivered()

    @dlt.resource(
        name="pbp_actions", write_disposition=REPLACE_GAME, merge_key="game_id", columns=PBP_COLUMNS
    )
    def pbp_actions():
        yield from batch.rows("pbp", parse_pbp, PBP_COLUMNS)

    @dlt.resource(
        name="boxscore_games",
        write_disposition=REPLACE_GAME,
        merge_key="game_id",
        primary_key="game_id",
        columns=BOX_GAME_COLUMNS,
    )
    def boxscore_games():
        yield from batch.rows("boxscore", lambda p: [parse_boxscore(p)[0]], BOX_GAME_COLUMNS)

    @dlt.resource(
        name="boxscore_teams",
        write_disposition=REPLACE_GAME,
        merge_key="game_id",
        columns=BOX_TEAM_COLUMNS,
    )
    def boxscore_teams():
        yield from batch.rows("boxscore", lambda p: parse_boxscore(p)[1], BOX_TEAM_COLUMNS)

    @dlt.resource(
        name="boxscore_players",
        write_disposition=REPLACE_GAME,
        merge_key="game_id",
        columns=BOX_PLAYER_COLUMNS,
    )
    def boxscore_players():
        yield from batch.rows("boxscore", lambda p: parse_boxscore(p)[2], BOX_PLAYER_COLUMNS)

    return pbp_actions, boxscore_games, boxscore_teams, boxscore_players
