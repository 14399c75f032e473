"""Past seasons' game ids, from stats.nba.com's LeagueGameFinder (as nba_api asks it)."""

from __future__ import annotations

from urllib.parse import urlencode

from nba_api.stats.endpoints.leaguegamefinder import LeagueGameFinder

from ingest.archive import ArchivedPayload
from ingest.sources.rows import PayloadError, load_json, require

# ``--season-type`` choices -> LeagueGameFinder's SeasonType values (nba_api's spelling);
# "all" is every game that counts (regular season, play-in, playoffs), not pre-season or
# the All-Star game
SEASON_TYPES: dict[str, tuple[str, ...]] = {
    "regular-season": ("Regular Season",),
    "play-in": ("PlayIn",),
    "playoffs": ("Playoffs",),
    "all": ("Regular Season", "PlayIn", "Playoffs"),
}


def archive_key(season: str, season_type: str) -> str:
    """Archive key of one season type's response (the regular season keeps the season)."""
    if season_type == "Regular Season":
        return season
    return f"{season}_{season_type.lower().replace(' ', '-')}"


def league_game_finder_path_and_query(
    season: str, season_type: str = "Regular Season"
) -> tuple[str, str]:
    """The endpoint and (non-empty, sorted) parameters nba_api's LeagueGameFinder sends."""
    endpoint = LeagueGameFinder(
        season_nullable=season,
        league_id_nullable="00",
        season_type_nullable=season_type,
        player_or_team_abbreviation="T",
        get_request=False,
    )
    params = sorted((k, v) for k, v in endpoint.parameters.items() if v not in (None, ""))
    return f"/stats/{endpoint.endpoint}", urlencode(params)


def parse_game_ids(payload: ArchivedPayload) -> list[str]:
    """Distinct GAME_IDs of a LeagueGameFinder response, in order."""
    where = f"leaguegamefinder {payload.manifest.key}"
    result_sets = require(load_json(payload), "resultSets", list, where)
    if not result_sets:
        raise PayloadError(f"{where}: no result sets")
    headers = require(result_sets[0], "headers", list, where)
    if "GAME_ID" not in headers:
        raise PayloadError(f"{where}: no GAME_ID column")
    column = headers.index("GAME_ID")
    ids = [row[column] for row in require(result_sets[0], "rowSet", list, where)]
    return list(dict.fromkeys(ids))
