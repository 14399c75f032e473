"""``scheduleLeagueV2.json`` as served at a given moment: finished games carry their
score, the teams' records and points leaders; later games are scheduled; postseason
games whose teams are not known yet are placeholders (team id 0, empty tricodes)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sandbox.synth.calendar_plan import PLAY_IN, PLAYOFFS, ScheduledGame, season_frame, week_number
from sandbox.synth.league import League, Team
from sandbox.synth.results import GameResult
from sandbox.synth.timefmt import EASTERN, fake_utc, schedule_meta_time, tip_text

BROADCAST_KEYS = (
    "nationalTvBroadcasters",
    "nationalRadioBroadcasters",
    "nationalOttBroadcasters",
    "homeTvBroadcasters",
    "homeRadioBroadcasters",
    "homeOttBroadcasters",
    "awayTvBroadcasters",
    "awayRadioBroadcasters",
    "awayOttBroadcasters",
    "intlRadioBroadcasters",
    "intlTvBroadcasters",
    "intlOttBroadcasters",
)
BROADCASTER_LIST = [
    {
        "broadcasterId": 11,
        "broadcasterDisplay": "TSN",
        "broadcasterAbbreviation": "TSN",
        "regionId": 2,
    },
    {
        "broadcasterId": 1563,
        "broadcasterDisplay": "Sportsnet",
        "broadcasterAbbreviation": "SN",
        "regionId": 2,
    },
]
ROUND_NAMES = {1: "First Round", 2: "Conf. Semifinals", 3: "Conf. Finals", 4: "NBA Finals"}


def _team_block(team: Team | None, wins: int, losses: int, score: int, seed: int) -> dict:
    if team is None:
        return {
            "teamId": 0,
            "teamName": "",
            "teamCity": "",
            "teamTricode": "",
            "teamSlug": "",
            "wins": 0,
            "losses": 0,
            "score": 0,
            "seed": 0,
        }
    return {
        "teamId": team.team_id,
        "teamName": team.name,
        "teamCity": team.city,
        "teamTricode": team.tricode,
        "teamSlug": team.slug,
        "wins": wins,
        "losses": losses,
        "score": score,
        "seed": seed,
    }


def series_text(game: ScheduledGame) -> str:
    if game.season_type == PLAY_IN:
        return "Play-In Tournament"
    return ""


def schedule_entry(
    game: ScheduledGame,
    sequence: int,
    league: League,
    result: GameResult | None,
    records: dict[int, tuple[int, int]],
    seeds: dict[int, int],
    series_status: dict[str, str],
) -> dict:
    frame = season_frame(league.season)
    teams = league.by_tricode
    home = teams.get(game.home)
    away = teams.get(game.away)
    known = home is not None and away is not None
    day_midnight = datetime.combine(game.day, time(0), EASTERN)
    if known:
        tip = game.tip
        time_est = f"1900-01-01T{tip:%H:%M:%S}Z"
        naive_1900 = datetime(1900, 1, 1, tip.hour, tip.minute, tzinfo=EASTERN)
        time_utc = naive_1900.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        date_time_est = fake_utc(tip)
        date_time_utc = tip.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        home_time = fake_utc(tip.astimezone(ZoneInfo(home.arena.timezone)))
        away_time = fake_utc(tip.astimezone(ZoneInfo(away.arena.timezone)))
        status_text = tip_text(tip)
    else:
        time_est, time_utc = "0001-01-01T00:00:00Z", "0001-01-01T04:57:00Z"
        date_time_est = fake_utc(day_midnight)
        date_time_utc = day_midnight.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        home_time = away_time = "0001-01-01T00:00:00Z"
        status_text = "TBD"
    status = 1
    home_score = away_score = 0
    leaders: list[dict] = []
    if result is not None:
        status = 3
        status_text = (
            "Final"
            if result.periods <= 4
            else ("Final/OT" if result.periods == 5 else f"Final/{result.periods - 4}OT")
        )
        home_score, away_score = result.home_score, result.away_score
        for leader in result.leaders:
            team = league.by_id[leader.team_id]
            leaders.append(
                {
                    "personId": leader.person_id,
                    "firstName": leader.first_name,
                    "lastName": leader.family_name,
                    "teamId": team.team_id,
                    "teamCity": team.city,
                    "teamName": team.name,
                    "teamTricode": team.tricode,
                    "points": float(leader.points),
                }
            )
    postseason = game.season_type in (PLAY_IN, PLAYOFFS)
    week = week_number(frame, game.day) if not postseason else 0
    home_record = records.get(home.team_id, (0, 0)) if home else (0, 0)
    away_record = records.get(away.team_id, (0, 0)) if away else (0, 0)
    arena = home.arena if home else None
    return {
        "gameId": game.game_id,
        "gameCode": game.code if known else "",
        "gameStatus": status,
        "gameStatusText": status_text,
        "gameSequence": sequence,
        "gameDateEst": f"{game.day:%Y-%m-%d}T00:00:00Z",
        "gameTimeEst": time_est,
        "gameDateTimeEst": date_time_est,
        "gameDateUTC": day_midnight.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "gameTimeUTC": time_utc,
        "gameDateTimeUTC": date_time_utc,
        "awayTeamTime": away_time,
        "homeTeamTime": home_time,
        "day": game.day.strftime("%a"),
        "monthNum": game.day.month,
        "weekNumber": week,
        "weekName": f"Week {week}" if week else "",
        "ifNecessary": game.season_type == PLAYOFFS and game.game_number >= 5 and result is None,
        "seriesGameNumber": f"Game {game.game_number}" if game.season_type == PLAYOFFS else "",
        "seriesText": series_status.get(game.game_id, series_text(game)),
        "arenaName": arena.name if arena and known else "",
        "arenaState": arena.state if arena and known else "",
        "arenaCity": arena.city if arena and known else "",
        "postponedStatus": "A",
        "branchLink": "",
        "gameSubtype": "",
        "broadcasters": {key: [] for key in BROADCAST_KEYS},
        "homeTeam": _team_block(
            home, *home_record, home_score, seeds.get(home.team_id, 0) if home else 0
        ),
        "awayTeam": _team_block(
            away, *away_record, away_score, seeds.get(away.team_id, 0) if away else 0
        ),
        "pointsLeaders": leaders,
    }


def schedule_payload(
    league: League,
    games: list[ScheduledGame],
    results: dict[str, GameResult],
    moment: datetime,
    seeds: dict[int, int] | None = None,
    series_status: dict[str, str] | None = None,
) -> dict:
    """The schedule as fetched at ``moment``: games that ended before it are final."""
    final = {gid: r for gid, r in results.items() if r.end <= moment}
    records: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    after_game: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {}
    for game in sorted(games, key=lambda g: (g.tip, g.game_id)):
        result = final.get(game.game_id)
        if result is None or game.season_type != "regular":
            continue
        records[result.winner][0] += 1
        records[result.loser][1] += 1
        after_game[game.game_id] = (tuple(records[result.home_id]), tuple(records[result.away_id]))
    current = {team: (won, lost) for team, (won, lost) in records.items()}
    by_day: dict = defaultdict(list)
    for game in games:
        by_day[game.day].append(game)
    game_dates = []
    frame = season_frame(league.season)
    for day in sorted(by_day):
        entries = []
        day_games = sorted(by_day[day], key=lambda g: (g.tip, g.game_id))
        for sequence, game in enumerate(day_games, start=1):
            result = final.get(game.game_id)
            if game.game_id in after_game:
                home_rec, away_rec = after_game[game.game_id]
                game_records = {
                    league.by_tricode[game.home].team_id: home_rec,
                    league.by_tricode[game.away].team_id: away_rec,
                }
            else:
                game_records = current
            entries.append(
                schedule_entry(
                    game, sequence, league, result, game_records, seeds or {}, series_status or {}
                )
            )
        game_dates.append({"gameDate": f"{day:%m/%d/%Y} 00:00:00", "games": entries})
    last_week = week_number(frame, frame.last_day)
    first_monday = frame.opening + timedelta(days=7 - frame.opening.weekday())
    weeks = []
    for number in range(1, last_week + 1):
        start = frame.opening if number == 1 else first_monday + timedelta(days=7 * (number - 2))
        end = first_monday - timedelta(days=1) if number == 1 else start + timedelta(days=6)
        weeks.append(
            {
                "weekNumber": number,
                "weekName": f"Week {number}",
                "startDate": f"{start:%Y-%m-%d}T00:00:00Z",
                "endDate": f"{end:%Y-%m-%d}T00:00:00Z",
            }
        )
    return {
        "meta": {
            "version": 1,
            "request": f"http://nba.cloud/league/00/{league.season}/scheduleleaguev2?Format=json",
            "time": schedule_meta_time(moment),
        },
        "leagueSchedule": {
            "seasonYear": league.season,
            "leagueId": "00",
            "gameDates": game_dates,
            "weeks": weeks,
            "broadcasterList": BROADCASTER_LIST,
        },
    }
