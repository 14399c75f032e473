"""Teams and players from nba_api's bundled static data (no network).

The data changes only when nba_api is upgraded, so it carries a sha256 like every other
payload and is not loaded again while it is unchanged."""

from __future__ import annotations

import json

import dlt
from nba_api.stats.static import players, teams

from ingest.archive import sha256_hex
from ingest.sources.rows import columns

STATIC_URL = "nba_api:stats.static"
TEAM_COLUMNS = columns(
    bigints=["id", "year_founded"],
    texts=["full_name", "abbreviation", "nickname", "city", "state", "_payload_sha256"],
)
PLAYER_COLUMNS = columns(
    bigints=["id"],
    texts=["full_name", "first_name", "last_name", "_payload_sha256"],
    bools=["is_active"],
)


def static_data() -> tuple[list[dict], list[dict], str]:
    """(teams, players, sha256 of both as nba_api ships them)."""
    team_rows, player_rows = teams.get_teams(), players.get_players()
    body = json.dumps([team_rows, player_rows], sort_keys=True).encode()
    return team_rows, player_rows, sha256_hex(body)


@dlt.source(name="nba_static")
def nba_static(team_rows: list[dict], player_rows: list[dict], sha256: str):
    @dlt.resource(name="teams", primary_key="id", write_disposition="replace", columns=TEAM_COLUMNS)
    def team_table():
        yield [
            {**row, "_payload_sha256": sha256} for row in team_rows
        ] or dlt.mark.materialize_table_schema()

    @dlt.resource(
        name="players", primary_key="id", write_disposition="replace", columns=PLAYER_COLUMNS
    )
    def player_table():
        yield [
            {**row, "_payload_sha256": sha256} for row in player_rows
        ] or dlt.mark.materialize_table_schema()

    return team_table, player_table
