"""``todaysScoreboard_00.json``: the day's games as of a poll - scheduled (status 1),
in progress (status 2, with period, clock, period scores, bonus, timeouts and the
game leaders so far) or final (status 3)."""

from __future__ import annotations

from datetime import datetime

from sandbox.synth.box_tally import BoxTally
from sandbox.synth.calendar_plan import ScheduledGame
from sandbox.synth.league import League, Team
from sandbox.synth.timefmt import fake_utc, game_clock, scoreboard_meta_time, tip_text, utc_seconds

SCOREBOARD_URL = (
    "https://nba-prod-us-east-1-mediaops-stats.s3.amazonaws.com/NBA/liveData/"
    "scoreboard/todaysScoreboard_00.json"
)


def _periods(scores: dict[int, int] | None, count: int) -> list[dict]:
    return [
        {
            "period": p,
            "periodType": "REGULAR" if p <= 4 else "OVERTIME",
            "score": (scores or {}).get(p, 0),
        }
        for p in range(1, count + 1)
    ]


def _leader(team: Team, tally: BoxTally | None) -> dict:
    empty = {
        "personId": 0,
        "name": "",
        "jerseyNum": "",
        "position": "",
        "teamTricode": team.tricode,
        "playerSlug": None,
        "points": 0,
        "rebounds": 0,
        "assists": 0,
    }
    if tally is None:
        return empty
    best = None
    for player in team.roster:
        stats = tally.player.get(player.person_id)
        if not stats:
            continue
        key = (
            stats.get("points", 0),
            stats.get("reboundsOffensive", 0) + stats.get("reboundsDefensive", 0),
            stats.get("assists", 0),
            -player.rank,
        )
        if best is None or key > best[0]:
            best = (key, player, stats)
    if best is None:
        return empty
    _, player, stats = best
    return {
        "personId": player.person_id,
        "name": player.name,
        "jerseyNum": player.jersey,
        "position": player.display_position,
        "teamTricode": team.tricode,
        "playerSlug": player.slug,
        "points": stats.get("points", 0),
        "rebounds": stats.get("reboundsOffensive", 0) + stats.get("reboundsDefensive", 0),
        "assists": stats.get("assists", 0),
    }


def scoreboard_game(
    league: League,
    game: ScheduledGame,
    records: dict[int, tuple[int, int]],
    tally: BoxTally | None,
    status: int,
) -> dict:
    """One game on the scoreboard.  ``tally`` is the game so far (None if not started);
    ``records`` are the teams' records to show (after the game once it is final)."""
    teams = league.by_tricode
    home, away = teams[game.home], teams[game.away]
    period = tally.period if tally else 0
    if status == 1:
        text, clock = tip_text(game.tip), ""
    elif status == 2:
        period, tenths, text = tally.live_state()
        clock = game_clock(tenths)
    else:
        text = "Final" if period <= 4 else ("Final/OT" if period == 5 else f"Final/{period - 4}OT")
        clock = ""
    entry = {
        "gameId": game.game_id,
        "gameCode": game.code,
        "gameStatus": status,
        "gameStatusText": text,
        "period": period,
        "gameClock": clock,
        "gameTimeUTC": utc_seconds(game.tip),
        "gameEt": fake_utc(game.tip),
        "regulationPeriods": 4,
        "ifNecessary": False,
        "seriesGameNumber": f"Game {game.game_number}" if game.season_type == "playoffs" else "",
        "seriesText": "",
    }
    for key, team in (("homeTeam", home), ("awayTeam", away)):
        wins, losses = records.get(team.team_id, (0, 0))
        live = status == 2 and tally is not None
        entry[key] = {
            "teamId": team.team_id,
            "teamName": team.name,
            "teamCity": team.city,
            "teamTricode": team.tricode,
            "wins": wins,
            "losses": losses,
            "score": tally.score[team.team_id] if tally else 0,
            "seed": None,
            "inBonus": tally.in_bonus(team.team_id) if live else None,
            "timeoutsRemaining": 7 - tally.timeouts_used[team.team_id] if live else 0,
            "periods": _periods(
                tally.period_scores[team.team_id] if tally else None, max(4, period)
            ),
        }
    entry["gameLeaders"] = {
        "homeLeaders": _leader(home, tally if status > 1 else None),
        "awayLeaders": _leader(away, tally if status > 1 else None),
    }
    entry["pbOdds"] = {"team": None, "odds": 0.0, "suspended": 0}
    return entry


def scoreboard_payload(day, games: list[dict], fetched_at: datetime) -> dict:
    return {
        "meta": {
            "version": 1,
            "request": SCOREBOARD_URL,
            "time": scoreboard_meta_time(fetched_at),
            "code": 200,
        },
        "scoreboard": {
            "gameDate": f"{day:%Y-%m-%d}",
            "leagueId": "00",
            "leagueName": "National Basketball Association",
            "games": games,
        },
    }
