"""The regular-season calendar: who plays whom, on which day, at what time.

82 games per team (41 home, 41 away) by the NBA's formula: 4 games against each
division rival, 4 against six and 3 against four other conference teams, 2 against
every team of the other conference.  Days run from the fourth Tuesday of October to
the second Sunday of April with the NBA's usual blackouts (Thanksgiving, Christmas
Eve, the All-Star break); every team plays on the final day.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sandbox.synth.arenas import CONFERENCES, DIVISIONS
from sandbox.synth.league import League, season_start_year
from sandbox.synth.randomness import stream

EASTERN = ZoneInfo("America/New_York")
REGULAR, PLAY_IN, PLAYOFFS = "regular", "playin", "playoffs"
SEASON_TYPE_DIGIT = {REGULAR: "2", PLAY_IN: "5", PLAYOFFS: "4"}


@dataclass(frozen=True)
class ScheduledGame:
    """One game of the calendar.  ``home``/``away`` are tricodes, or "" while the
    participants of a postseason game are not yet known."""

    game_id: str
    day: date  # US-Eastern calendar day
    tip: datetime  # aware, US-Eastern
    home: str
    away: str
    season_type: str = REGULAR
    round_number: int = 0  # postseason round (play-in stage for play-in games)
    series_number: int = 0
    game_number: int = 0  # game of the series
    conference: str = ""

    @property
    def code(self) -> str:
        return f"{self.day:%Y%m%d}/{self.away}{self.home}" if self.home else ""


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


@dataclass(frozen=True)
class SeasonFrame:
    opening: date
    last_day: date
    blackouts: frozenset[date]
    christmas: date

    @property
    def game_days(self) -> list[date]:
        days, day = [], self.opening
        while day <= self.last_day:
            if day not in self.blackouts:
                days.append(day)
            day += timedelta(days=1)
        return days


def season_frame(season: str) -> SeasonFrame:
    year = season_start_year(season)
    opening = nth_weekday(year, 10, 1, 4)  # fourth Tuesday of October
    last_day = nth_weekday(year + 1, 4, 6, 2)  # second Sunday of April
    all_star_sunday = nth_weekday(year + 1, 2, 6, 3)
    blackouts = {nth_weekday(year, 11, 3, 4), date(year, 12, 24)}  # Thanksgiving, Xmas Eve
    blackouts |= {all_star_sunday + timedelta(days=d) for d in range(-2, 3)}
    return SeasonFrame(opening, last_day, frozenset(blackouts), date(year, 12, 25))


def week_number(frame: SeasonFrame, day: date) -> int:
    """Week 1 runs from opening night to the first Sunday; later weeks are Mon-Sun."""
    first_monday = frame.opening + timedelta(days=7 - frame.opening.weekday())
    if day < first_monday:
        return 1
    return 2 + (day - first_monday).days // 7


def build_matchups(league: League, rng: random.Random) -> list[tuple[str, str]]:
    """All 1,230 (home, away) pairs of the regular season."""
    games: list[tuple[str, str]] = []
    for teams in DIVISIONS.values():
        for i, a in enumerate(teams):
            for b in teams[i + 1 :]:
                games += [(a, b), (a, b), (b, a), (b, a)]
    for divisions in CONFERENCES.values():
        for i, div_a in enumerate(divisions):
            for div_b in divisions[i + 1 :]:
                a_teams, b_teams = DIVISIONS[div_a], DIVISIONS[div_b]
                shift = rng.randrange(5)
                for ia, a in enumerate(a_teams):
                    hosts_twice = b_teams[(ia + shift) % 5]
                    visits_twice = b_teams[(ia + shift + 1) % 5]
                    for b in b_teams:
                        if b == hosts_twice:
                            games += [(a, b), (a, b), (b, a)]
                        elif b == visits_twice:
                            games += [(b, a), (b, a), (a, b)]
                        else:
                            games += [(a, b), (a, b), (b, a), (b, a)]
    east = [t for d in CONFERENCES["East"] for t in DIVISIONS[d]]
    west = [t for d in CONFERENCES["West"] for t in DIVISIONS[d]]
    for a in east:
        for b in west:
            games += [(a, b), (b, a)]
    return games


_DAY_WEIGHT = {0: 7.5, 1: 5.5, 2: 9.5, 3: 5.0, 4: 8.5, 5: 7.0, 6: 7.0}


def _final_day_games(pool: list[tuple[str, str]], rng: random.Random) -> list[tuple[str, str]]:
    teams = sorted({t for game in pool for t in game})
    while True:
        rng.shuffle(teams)
        pairs = [(teams[i], teams[i + 1]) for i in range(0, len(teams), 2)]
        picked = []
        for a, b in pairs:
            options = [g for g in pool if set(g) == {a, b}]
            if not options:
                break
            picked.append(rng.choice(options))
        else:
            return picked


def assign_days(
    matchups: list[tuple[str, str]], frame: SeasonFrame, rng: random.Random
) -> dict[date, list[tuple[str, str]]]:
    """Spread the matchups over the game days: a team plays at most once a day, never
    three days running, back-to-backs happen but are discouraged."""
    days = frame.game_days
    pool = sorted(matchups)
    final = _final_day_games(pool, rng)
    for game in final:
        pool.remove(game)
    remaining = defaultdict(int)
    for home, away in pool:
        remaining[home] += 1
        remaining[away] += 1
    played_on: dict[str, set[date]] = defaultdict(set)
    for team in (t for g in final for t in g):
        played_on[team].add(days[-1])
    last_pair: dict[frozenset[str], date] = {}
    plan: dict[date, list[tuple[str, str]]] = {}
    open_days = days[:-1]
    for index, day in enumerate(open_days):
        days_left = len(open_days) - index
        weight_left = sum(_DAY_WEIGHT[d.weekday()] for d in open_days[index:])
        if index == 0:
            target = 2
        elif day == frame.christmas:
            target = 5
        else:
            target = round(len(pool) * _DAY_WEIGHT[day.weekday()] / weight_left)
            target = max(2, min(14, target))
        yesterday = day - timedelta(days=1)

        def score(game: tuple[str, str], day=day, yesterday=yesterday, days_left=days_left):
            value = 0.0
            for team in game:
                value += remaining[team] / days_left * 4.0
                if yesterday in played_on[team]:
                    value -= 0.25
            seen = last_pair.get(frozenset(game))
            if seen is not None and (day - seen).days < 12:
                value -= 2.0
            return value + rng.random() * 1.2

        busy: set[str] = set()
        chosen: list[tuple[str, str]] = []
        for game in sorted(pool, key=score, reverse=True):
            if len(chosen) >= target:
                break
            home, away = game
            if home in busy or away in busy:
                continue
            if any(_three_in_row(played_on[t], day) for t in game):
                continue
            chosen.append(game)
            busy.update(game)
        for game in chosen:
            pool.remove(game)
            for team in game:
                remaining[team] -= 1
                played_on[team].add(day)
            last_pair[frozenset(game)] = day
        plan[day] = chosen
    plan[days[-1]] = list(final)
    _place_leftovers(pool, plan, played_on, days)
    return plan


def _three_in_row(played: set[date], day: date) -> bool:
    """Would playing on ``day`` make three games on three consecutive days?"""
    window = played | {day}
    return any(all(day + timedelta(days=k + j) in window for j in range(3)) for k in (-2, -1, 0))


def _place_leftovers(pool, plan, played_on, days) -> None:
    for game in list(pool):
        for strict in (True, False):
            for day in reversed(days[1:-1]):
                if any(day in played_on[t] for t in game):
                    continue
                if strict and any(_three_in_row(played_on[t], day) for t in game):
                    continue
                plan[day].append(game)
                for team in game:
                    played_on[team].add(day)
                pool.remove(game)
                break
            else:
                continue
            break


_LOCAL_TIPS = {  # home time zone -> (local tip, weight) on a weekday evening
    "America/New_York": ((time(19, 0), 5), (time(19, 30), 5), (time(20, 0), 1)),
    "America/Detroit": ((time(19, 0), 6), (time(19, 30), 3)),
    "America/Toronto": ((time(19, 0), 4), (time(19, 30), 6)),
    "America/Indiana/Indianapolis": ((time(19, 0), 6), (time(19, 30), 3)),
    "America/Chicago": ((time(19, 0), 6), (time(19, 30), 3), (time(20, 0), 1)),
    "America/Denver": ((time(19, 0), 7), (time(19, 30), 2)),
    "America/Phoenix": ((time(19, 0), 6), (time(20, 0), 3)),
    "America/Los_Angeles": ((time(19, 0), 6), (time(19, 30), 4)),
}
_WEEKEND_EASTERN = (time(12, 0), time(13, 0), time(15, 0), time(15, 30), time(17, 0), time(18, 0))
_CHRISTMAS = (time(12, 0), time(14, 30), time(17, 0), time(20, 0), time(22, 30))


def tip_time(day: date, home_tz: str, rng: random.Random, slot: int, christmas: bool) -> datetime:
    if christmas:
        return datetime.combine(day, _CHRISTMAS[slot % len(_CHRISTMAS)], EASTERN)
    if day.weekday() >= 5 and rng.random() < 0.22:
        return datetime.combine(day, rng.choice(_WEEKEND_EASTERN), EASTERN)
    options = _LOCAL_TIPS[home_tz]
    local = rng.choices([t for t, _ in options], weights=[w for _, w in options])[0]
    zone = ZoneInfo(home_tz)
    return datetime.combine(day, local, zone).astimezone(EASTERN)


def regular_season(league: League, seed: int) -> list[ScheduledGame]:
    """The season's regular-season games, ids ``002YY00001``... in date and tip order."""
    rng = stream(seed, "calendar", league.season)
    frame = season_frame(league.season)
    plan = assign_days(build_matchups(league, rng), frame, rng)
    arenas = {team.tricode: team.arena for team in league.teams}
    timed = []
    for day in sorted(plan):
        games = sorted(plan[day])
        rng.shuffle(games)
        for slot, (home, away) in enumerate(games):
            tip = tip_time(day, arenas[home].timezone, rng, slot, day == frame.christmas)
            timed.append((day, tip, home, away))
    timed.sort(key=lambda g: (g[0], g[1], g[2]))
    year = season_start_year(league.season) % 100
    return [
        ScheduledGame(f"002{year:02d}{n:05d}", day, tip, home, away)
        for n, (day, tip, home, away) in enumerate(timed, start=1)
    ]
