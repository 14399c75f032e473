"""URL paths of every NBA endpoint Courtside reads.  Base URLs are configuration
(``cdn_base_url``, ``stats_base_url``); the paths are the NBA's own, so the replay
server can serve an archive at the same paths."""

from __future__ import annotations

from urllib.parse import urlencode

from nba_api.stats.endpoints.boxscoretraditionalv3 import BoxScoreTraditionalV3

CDN_BASE_URL = "https://cdn.nba.com"
STATS_BASE_URL = "https://stats.nba.com"

SCHEDULE_PATH = "/static/json/staticData/scheduleLeagueV2.json"
ODDS_PATH = "/static/json/liveData/odds/odds_todaysGames.json"
SCOREBOARD_PATH = "/static/json/liveData/scoreboard/todaysScoreboard_00.json"
LEAGUE_GAME_FINDER_PATH = "/stats/leaguegamefinder"


def pbp_path(game_id: str) -> str:
    return f"/static/json/liveData/playbyplay/playbyplay_{game_id}.json"


def boxscore_path(game_id: str) -> str:
    return f"/static/json/liveData/boxscore/boxscore_{game_id}.json"


def traditional_boxscore_path_and_query(game_id: str) -> tuple[str, str]:
    """stats.nba.com's ``boxscoretraditionalv3`` for one game (the boxscore fallback): the
    endpoint and the (sorted) parameters nba_api's ``BoxScoreTraditionalV3`` sends."""
    endpoint = BoxScoreTraditionalV3(game_id=game_id, get_request=False)
    params = sorted((k, v) for k, v in endpoint.parameters.items() if v is not None)
    return f"/stats/{endpoint.endpoint}", urlencode(params)


def league_game_finder_query(season: str, season_type: str = "Regular Season") -> str:
    """Query string nba_api's LeagueGameFinder sends for all teams' games of a season."""
    params = {
        "LeagueID": "00",
        "PlayerOrTeam": "T",
        "Season": season,
        "SeasonType": season_type,
    }
    return urlencode(params)


def join(base_url: str, path: str, query: str | None = None) -> str:
    url = base_url.rstrip("/") + path
    return f"{url}?{query}" if query else url
