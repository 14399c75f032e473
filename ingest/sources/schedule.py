"""The season schedule (``staticData/scheduleLeagueV2.json``): one row per game,
merged on ``game_id`` so status, tip-off and score changes update in place (dbt
snapshots keep the history)."""

from __future__ import annotations

import dlt

from ingest.archive import ArchivedPayload
from ingest.sources.batch import PayloadBatch
from ingest.sources.rows import (
    LINEAGE_COLUMNS,
    PayloadError,
    columns,
    flatten,
    keep_strings_as_delivered,
    lineage,
    load_json,
    require,
)

SCHEDULE_COLUMNS = (
    columns(
        texts=[
            "game_id",
            "season_year",
            "league_id",
            "schedule_game_date",
            "game_status_text",
            "game_date_est",
            "game_date_time_utc",
            "game_code",
            "postponed_status",
            "series_text",
            "game_label",
            "game_sub_label",
            "if_necessary",
            "week_name",
            "series_game_number",
            "game_subtype",
            "branch_link",
            "arena_name",
            "arena_city",
            "arena_state",
            "home_team__team_tricode",
            "away_team__team_tricode",
            "home_team__team_city",
            "away_team__team_city",
            "home_team__team_name",
            "away_team__team_name",
        ],
        bigints=[
            "game_status",
            "home_team__team_id",
            "away_team__team_id",
            "home_team__score",
            "away_team__score",
            "home_team__wins",
            "home_team__losses",
            "away_team__wins",
            "away_team__losses",
            "week_number",
            "game_sequence",
        ],
    )
    | LINEAGE_COLUMNS
)


def parse_schedule(payload: ArchivedPayload) -> list[dict]:
    where = f"schedule {payload.manifest.key}"
    schedule = require(load_json(payload), "leagueSchedule", dict, where)
    season_year = schedule.get("seasonYear")
    league_id = schedule.get("leagueId")
    rows = []
    for day_index, day in enumerate(require(schedule, "gameDates", list, where)):
        day_where = f"{where} gameDates[{day_index}]"
        for game_index, game in enumerate(require(day, "games", list, day_where)):
            game_where = f"{day_where} games[{game_index}]"
            require(game, "gameId", str, game_where)
            require(game, "gameStatus", int, game_where)
            rows.append(
                {
                    **flatten(game),
                    "season_year": season_year,
                    "league_id": league_id,
                    "schedule_game_date": day.get("gameDate"),
                    **lineage(payload),
                }
            )
    if not rows:
        raise PayloadError(f"{where}: no games in the schedule")
    return rows


@dlt.source(name="nba_schedule", max_table_nesting=0)
def nba_schedule(batch: PayloadBatch):
    keep_strings_as_delivered()

    @dlt.resource(
        name="schedule_games",
        primary_key="game_id",
        write_disposition={"disposition": "merge", "strategy": "upsert"},
        columns=SCHEDULE_COLUMNS,
    )
    def schedule_games():
        yield from batch.rows("schedule", parse_schedule, SCHEDULE_COLUMNS)

    return schedule_games
