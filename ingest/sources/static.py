"""Teams and players from nba_api's bundled static data (no network)."""

from __future__ import annotations

import dlt
from nba_api.stats.static import players, teams


@dlt.source(name="nba_static")
def nba_static():
    @dlt.resource(name="teams", primary_key="id", write_disposition="replace")
    def team_rows():
        yield teams.get_teams()

    @dlt.resource(name="players", primary_key="id", write_disposition="replace")
    def player_rows():
        yield players.get_players()

    return team_rows, player_rows
