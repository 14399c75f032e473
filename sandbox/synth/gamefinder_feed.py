"""stats.nba.com ``leaguegamefinder`` (PlayerOrTeam=T): one row per team per game."""

from __future__ import annotations

from sandbox.synth.calendar_plan import ScheduledGame
from sandbox.synth.league import League, season_start_year
from sandbox.synth.results import GameResult

HEADERS = [
    "SEASON_ID",
    "TEAM_ID",
    "TEAM_ABBREVIATION",
    "TEAM_NAME",
    "GAME_ID",
    "GAME_DATE",
    "MATCHUP",
    "WL",
    "MIN",
    "PTS",
    "FGM",
    "FGA",
    "FG_PCT",
    "FG3M",
    "FG3A",
    "FG3_PCT",
    "FTM",
    "FTA",
    "FT_PCT",
    "OREB",
    "DREB",
    "REB",
    "AST",
    "STL",
    "BLK",
    "TOV",
    "PF",
    "PLUS_MINUS",
]
_NULL_FILTERS = (
    "DateFrom",
    "DateTo",
    "TeamID",
    "VsTeamID",
    "PlayerID",
    "GameID",
    "Outcome",
    "Location",
    "VsConference",
    "VsDivision",
    "Conference",
    "Division",
    "DraftYear",
    "DraftNumber",
    "DraftRound",
)
_STAT_FILTERS = (
    "Pts",
    "Reb",
    "Ast",
    "Stl",
    "Blk",
    "Oreb",
    "Dreb",
    "Dd",
    "Td",
    "Minutes",
    "Tov",
    "Pf",
    "Fgm",
    "Fga",
    "FgPct",
    "Ftm",
    "Fta",
    "FtPct",
    "Fg3m",
    "Fg3a",
    "Fg3Pct",
)
SEASON_TYPE_PREFIX = {"Regular Season": "2", "Playoffs": "4", "PlayIn": "5"}


def _pct(made: int, attempted: int) -> float | None:
    return round(made / attempted, 3) if attempted else None


def parameters(season: str, season_type: str) -> dict:
    params: dict = {
        "PlayerOrTeam": "T",
        "LeagueID": "00",
        "Season": season,
        "SeasonType": season_type,
    }
    params.update({key: None for key in _NULL_FILTERS})
    params["DraftTeam"] = ""
    params.update(
        {
            key: None
            for key in ("RookieYear", "YearsExperience", "SeasonSegment", "PORound", "StarterBench")
        }
    )
    for prefix in ("Gt", "Lt", "Eq"):
        params.update({f"{prefix}{stat}": None for stat in _STAT_FILTERS})
    params["ActivePlayersOnly"] = ""
    return params


def gamefinder_payload(
    league: League,
    games: list[ScheduledGame],
    results: dict[str, GameResult],
    season_type: str = "Regular Season",
) -> dict:
    season_id = SEASON_TYPE_PREFIX[season_type] + str(season_start_year(league.season))
    teams = league.by_id
    rows = []
    for game in sorted(games, key=lambda g: (g.day, g.game_id), reverse=True):
        result = results.get(game.game_id)
        if result is None:
            continue
        home, away = teams[result.home_id], teams[result.away_id]
        for team, opponent, at_home in ((home, away, True), (away, home, False)):
            line = result.team_lines[team.team_id]
            points = line["PTS"]
            against = result.team_lines[opponent.team_id]["PTS"]
            matchup = (
                f"{team.tricode} vs. {opponent.tricode}"
                if at_home
                else f"{team.tricode} @ {opponent.tricode}"
            )
            rows.append(
                [
                    season_id,
                    team.team_id,
                    team.tricode,
                    team.full_name,
                    game.game_id,
                    f"{game.day:%Y-%m-%d}",
                    matchup,
                    "W" if points > against else "L",
                    line["MIN"],
                    points,
                    line["FGM"],
                    line["FGA"],
                    _pct(line["FGM"], line["FGA"]),
                    line["FG3M"],
                    line["FG3A"],
                    _pct(line["FG3M"], line["FG3A"]),
                    line["FTM"],
                    line["FTA"],
                    _pct(line["FTM"], line["FTA"]),
                    line["OREB"],
                    line["DREB"],
                    line["REB"],
                    line["AST"],
                    line["STL"],
                    line["BLK"],
                    line["TOV"],
                    line["PF"],
                    float(points - against),
                ]
            )
    return {
        "resource": "leaguegamefinderparameters",
        "parameters": parameters(league.season, season_type),
        "resultSets": [{"name": "LeagueGameFinderResults", "headers": HEADERS, "rowSet": rows}],
    }
