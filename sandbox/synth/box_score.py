"""The CDN's ``boxscore_<gameId>.json``: game, arena, officials and both teams with
players (starters first, in the NBA's SF, PF, C, SG, PG order; inactive players last)
and statistics, from a :class:`BoxTally` of the game's own actions."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sandbox.synth.box_tally import BoxTally
from sandbox.synth.game_state import GameLog
from sandbox.synth.league import SLOT_POSITIONS, Player
from sandbox.synth.timefmt import game_clock, pbp_meta_time, utc_seconds, with_offset

BOX_ORDER = ("SF", "PF", "C", "SG", "PG")


def _player_entry(
    player: Player,
    order: int,
    position: str | None,
    starter: bool,
    stats: dict,
    oncourt: bool,
    played: bool,
    status: str = "ACTIVE",
    reason: str | None = None,
    description: str | None = None,
) -> dict:
    entry: dict = {"status": status}
    if reason:
        entry["notPlayingReason"] = reason
        if description:
            entry["notPlayingDescription"] = description
    entry["order"] = order
    entry["personId"] = player.person_id
    entry["jerseyNum"] = player.jersey
    if position:
        entry["position"] = position
    entry["starter"] = "1" if starter else "0"
    entry["oncourt"] = "1" if oncourt else "0"
    entry["played"] = "1" if played else "0"
    entry["statistics"] = stats
    entry["name"] = player.name
    entry["nameI"] = player.name_i
    entry["firstName"] = player.first_name
    entry["familyName"] = player.family_name
    return entry


def team_box(log: GameLog, tally: BoxTally, home: bool, live: bool) -> dict:
    team = log.home if home else log.away
    dressed = log.dressed[0 if home else 1]
    team_id = team.team_id
    starters = {p.person_id for p in dressed.starters}
    slot_of = {p.person_id: SLOT_POSITIONS[i] for i, p in enumerate(dressed.starters)}
    ordered = sorted(dressed.starters, key=lambda p: BOX_ORDER.index(slot_of[p.person_id]))
    ordered += [p for p in dressed.active if p.person_id not in starters]
    rows = {p.person_id: tally.player_statistics(p.person_id, live) for p in ordered}
    players = []
    for order, player in enumerate(ordered, start=1):
        pid = player.person_id
        played = pid in tally.played
        reason = None if played or live else "DNP_COACH"
        players.append(
            _player_entry(
                player,
                order,
                slot_of.get(pid),
                pid in starters,
                rows[pid],
                pid in tally.on[team_id],
                played,
                reason=reason,
            )
        )
    for offset, (player, reason, description) in enumerate(
        dressed.inactive, start=len(ordered) + 1
    ):
        players.append(
            _player_entry(
                player,
                offset,
                None,
                False,
                tally.player_statistics(-1, live),
                False,
                False,
                status="INACTIVE",
                reason=reason,
                description=description,
            )
        )
    periods = max(4, tally.period)
    return {
        "teamId": team_id,
        "teamName": team.name,
        "teamCity": team.city,
        "teamTricode": team.tricode,
        "score": tally.score[team_id],
        "inBonus": tally.in_bonus(team_id),
        "timeoutsRemaining": 7 - tally.timeouts_used[team_id],
        "periods": [
            {
                "period": p,
                "periodType": "REGULAR" if p <= 4 else "OVERTIME",
                "score": tally.period_scores[team_id].get(p, 0),
            }
            for p in range(1, periods + 1)
        ],
        "players": players,
        "statistics": tally.team_statistics(team_id, rows, starters, live),
    }


def boxscore_payload(
    log: GameLog, actions: list[dict], fetched_at: datetime, live: bool = False
) -> dict:
    """Box score as of the last of ``actions`` (the whole game unless ``live``)."""
    tally = BoxTally(log)
    tally.feed(actions)
    return boxscore_from_tally(log, tally, actions[-1], fetched_at, live)


def boxscore_from_tally(
    log: GameLog, tally: BoxTally, last: dict, fetched_at: datetime, live: bool = False
) -> dict:
    game = log.game
    arena = log.home.arena
    home_zone = ZoneInfo(arena.timezone)
    away_zone = ZoneInfo(log.away.arena.timezone)
    finished = last["actionType"] == "game"
    start = game.tip.timestamp() + log.tip_wall
    minutes = (
        int((fetched_at.timestamp() if live else game.tip.timestamp() + log.end_wall) - start) // 60
    )
    if finished:
        status, text, clock, period = 3, "Final", "PT00M00.00S", tally.period
    else:
        status = 2
        period, tenths, text = tally.live_state()
        clock = game_clock(tenths)
    return {
        "meta": {
            "version": 1,
            "code": 200,
            "request": f"http://nba.cloud/games/{game.game_id}/boxscore?Format=json",
            "time": pbp_meta_time(fetched_at),
        },
        "game": {
            "gameId": game.game_id,
            "gameTimeLocal": with_offset(game.tip.astimezone(home_zone)),
            "gameTimeUTC": utc_seconds(game.tip),
            "gameTimeHome": with_offset(game.tip.astimezone(home_zone)),
            "gameTimeAway": with_offset(game.tip.astimezone(away_zone)),
            "gameEt": with_offset(game.tip),
            "duration": max(0, minutes),
            "gameCode": game.code,
            "gameStatusText": text,
            "gameStatus": status,
            "regulationPeriods": 4,
            "period": period,
            "gameClock": clock,
            "attendance": log.attendance,
            "sellout": "1" if log.attendance >= log.home.arena.capacity else "0",
            "arena": {
                "arenaId": arena.arena_id,
                "arenaName": arena.name,
                "arenaCity": arena.city,
                "arenaState": arena.state,
                "arenaCountry": arena.country,
                "arenaTimezone": arena.timezone,
            },
            "officials": [
                {
                    "personId": o.person_id,
                    "name": o.name,
                    "nameI": o.name_i,
                    "firstName": o.first_name,
                    "familyName": o.family_name,
                    "jerseyNum": o.jersey,
                    "assignment": f"OFFICIAL{i}",
                }
                for i, o in enumerate(log.officials, start=1)
            ],
            "homeTeam": team_box(log, tally, True, live),
            "awayTeam": team_box(log, tally, False, live),
        },
    }
