"""stats.nba.com's ``boxscoretraditionalv3`` (the boxscore fallback), converted from
the CDN ``boxscore_<gameId>.json`` payload the game would have had, so both tell the
same game: same players in the same order, same statistics.

Shape as the NBA's: ``meta`` and ``boxScoreTraditional`` with both teams; a team has
its players and ``statistics``, ``starters`` and ``bench`` summed over its players;
minutes are ``M:SS`` (whole seconds, ``""`` for a player who did not play);
percentages have 3 decimals; ``position`` is ``G``/``F``/``C`` for starters only.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sandbox.synth.league import TEAM_SLUG_OVERRIDES, slugify

COUNTED = (
    "fieldGoalsMade",
    "fieldGoalsAttempted",
    "threePointersMade",
    "threePointersAttempted",
    "freeThrowsMade",
    "freeThrowsAttempted",
    "reboundsOffensive",
    "reboundsDefensive",
    "reboundsTotal",
    "assists",
    "steals",
    "blocks",
    "turnovers",
    "foulsPersonal",
    "points",
)
PERCENTAGES = {
    "fieldGoalsPercentage": ("fieldGoalsMade", "fieldGoalsAttempted"),
    "threePointersPercentage": ("threePointersMade", "threePointersAttempted"),
    "freeThrowsPercentage": ("freeThrowsMade", "freeThrowsAttempted"),
}
# CDN notPlayingReason -> the comment after "DNP - "
NOT_PLAYING = {
    "DNP_COACH": "Coach's Decision",
    "INACTIVE_COACH": "Coach's Decision",
    "INACTIVE_INJURY": "Injury/Illness",
    "INACTIVE_GLEAGUE_TWOWAY": "G League - Two-Way",
}
POSITION_GROUPS = {"PG": "G", "SG": "G", "G": "G", "SF": "F", "PF": "F", "F": "F", "C": "C"}
_DURATION = re.compile(r"PT(\d+)M(\d+)(?:\.\d+)?S")


def whole_seconds(duration: str) -> int:
    """``PT30M49.40S`` -> 1849 (fractions truncated)."""
    match = _DURATION.fullmatch(duration)
    if match is None:
        raise ValueError(f"not a CDN duration: {duration!r}")
    return int(match.group(1)) * 60 + int(match.group(2))


def clock_minutes(seconds: int) -> str:
    """1849 -> ``30:49`` (minutes not capped at 60: ``240:00``)."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}"


def percentage(made: int, attempted: int) -> float:
    """``made / attempted`` rounded half up to 3 decimals, as the NBA shows it; 0 without
    attempts."""
    if not attempted:
        return 0.0
    return (2000 * made + attempted) // (2 * attempted) / 1000


def comment(player: dict) -> str:
    """``""`` for a player who played, else ``DNP - <reason>``."""
    if player.get("played") == "1":
        return ""
    reason = player.get("notPlayingReason") or "DNP_COACH"
    text = NOT_PLAYING.get(reason) or reason.split("_", 1)[-1].replace("_", " ").title()
    return f"DNP - {text}"


def statistics(counts: dict[str, int], minutes: str) -> dict:
    """The v3 statistic keys, in the NBA's order, from counting statistics."""
    result: dict = {"minutes": minutes}
    for key in COUNTED:
        result[key] = counts[key]
        for name, (made, attempted) in PERCENTAGES.items():
            if key == attempted:
                result[name] = percentage(counts[made], counts[attempted])
    return result


def player_entry(player: dict) -> dict:
    """One CDN player as a v3 player."""
    cdn = player["statistics"]
    played = player.get("played") == "1"
    stats = statistics(
        {key: cdn[key] for key in COUNTED},
        clock_minutes(whole_seconds(cdn["minutes"])) if played else "",
    )
    stats["plusMinusPoints"] = float(cdn["plusMinusPoints"])
    starter = player.get("starter") == "1"
    return {
        "personId": player["personId"],
        "firstName": player["firstName"],
        "familyName": player["familyName"],
        "nameI": player["nameI"],
        "playerSlug": slugify(f"{player['firstName']} {player['familyName']}"),
        "position": POSITION_GROUPS.get(player.get("position", ""), "") if starter else "",
        "comment": comment(player),
        "jerseyNum": player.get("jerseyNum", ""),
        "statistics": stats,
    }


def summed(players: list[dict]) -> dict:
    """Counting statistics and minutes of v3 players, added up (no plus/minus)."""
    counts = {key: sum(p["statistics"][key] for p in players) for key in COUNTED}
    seconds = sum(
        int(m.split(":")[0]) * 60 + int(m.split(":")[1])
        for p in players
        if (m := p["statistics"]["minutes"])
    )
    return statistics(counts, clock_minutes(seconds))


def team_entry(team: dict, opponent_score: int) -> dict:
    """One CDN team as a v3 team; its statistics are its players' sums."""
    players = [player_entry(p) for p in team["players"]]
    periods = max(4, len(team.get("periods") or ()))
    totals = summed(players)
    totals["minutes"] = clock_minutes(5 * 60 * (48 + 5 * (periods - 4)))
    totals["plusMinusPoints"] = float(totals["points"] - opponent_score)
    starters = [p for p, cdn in zip(players, team["players"], strict=True) if cdn["starter"] == "1"]
    bench = [p for p, cdn in zip(players, team["players"], strict=True) if cdn["starter"] != "1"]
    return {
        "teamId": team["teamId"],
        "teamCity": team["teamCity"],
        "teamName": team["teamName"],
        "teamTricode": team["teamTricode"],
        "teamSlug": TEAM_SLUG_OVERRIDES.get(team["teamTricode"], slugify(team["teamName"])),
        "players": players,
        "statistics": totals,
        "starters": summed(starters),
        "bench": summed(bench),
    }


def meta_time(moment: datetime) -> str:
    """``2025-11-04T23:50:11.5011Z``: UTC, ten-thousandths of a second."""
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 100:04d}Z"


def traditional_v3_payload(cdn_box: dict, fetched_at: datetime) -> dict:
    """The ``boxscoretraditionalv3`` answer for the game of a CDN box score payload."""
    game = cdn_box["game"]
    home, away = game["homeTeam"], game["awayTeam"]
    return {
        "meta": {
            "version": 1,
            "request": f"http://nba.cloud/games/{game['gameId']}/boxscoretraditional?Format=json",
            "time": meta_time(fetched_at),
        },
        "boxScoreTraditional": {
            "gameId": game["gameId"],
            "awayTeamId": away["teamId"],
            "homeTeamId": home["teamId"],
            "homeTeam": team_entry(home, away["score"]),
            "awayTeam": team_entry(away, home["score"]),
        },
    }
