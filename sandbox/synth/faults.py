"""Switchable imperfections of the real feeds.

* ``missing-boxscore``: a few games have play-by-play but no box score at all (as
  the NBA's 2025 play-in games).
* ``fallback-boxscore``: a few other games have no CDN box score either, but
  stats.nba.com's ``boxscoretraditionalv3`` answers for them (the boxscore fallback),
  with the statistics the CDN box score would have had.
* ``edited-pbp``: a few games' play-by-play is corrected overnight and re-fetched the
  next day - an assist or rebound credited to another player, a shot relocated, a
  turnover re-described, a stoppage removed - each with a new ``edited`` stamp.  The
  box score is re-issued from the corrected actions.
* ``new-fields``: games from a date inside the slice on carry the fields later
  seasons added (``area``, ``areaDetail``, ``isTargetScoreLastPeriod``).

Which games: counts scale with the slice (``missing-boxscore`` and
``fallback-boxscore`` 1 per 40 days, ``edited-pbp`` 1 per 35 days, each at least 1 and
at most 6), drawn by seed from the slice's games, never from the live day, each fault
from the games the previous ones left (so a game has at most one of them, and adding
``fallback-boxscore`` leaves the other draws as they were).  ``new-fields`` starts at
70 % of the slice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sandbox.synth.calendar_plan import ScheduledGame
from sandbox.synth.court import shot_spot
from sandbox.synth.events import Event
from sandbox.synth.game_state import GameLog
from sandbox.synth.randomness import stream

MISSING_BOXSCORE, EDITED_PBP, NEW_FIELDS = "missing-boxscore", "edited-pbp", "new-fields"
FALLBACK_BOXSCORE = "fallback-boxscore"
ALL_FAULTS = frozenset({MISSING_BOXSCORE, EDITED_PBP, NEW_FIELDS, FALLBACK_BOXSCORE})


@dataclass(frozen=True)
class FaultPlan:
    missing_boxscore: frozenset[str]
    edited_pbp: frozenset[str]
    new_fields_from: date | None
    fallback_boxscore: frozenset[str] = frozenset()

    def has_new_fields(self, game: ScheduledGame) -> bool:
        return self.new_fields_from is not None and game.day >= self.new_fields_from


def plan_faults(
    games: list[ScheduledGame],
    start: date,
    end: date,
    live_date: date | None,
    faults: frozenset[str] | set[str],
    seed: int,
) -> FaultPlan:
    rng = stream(seed, "faults", start, end)
    days = (end - start).days + 1
    eligible = sorted(
        (g for g in games if start <= g.day <= end and g.day != live_date and g.home),
        key=lambda g: g.game_id,
    )
    missing: list[str] = []
    edited: list[str] = []
    if MISSING_BOXSCORE in faults and eligible:
        count = max(1, min(6, round(days / 40)))
        missing = [g.game_id for g in rng.sample(eligible, min(count, len(eligible)))]
    if EDITED_PBP in faults:
        rest = [g for g in eligible if g.game_id not in missing]
        count = max(1, min(6, round(days / 35)))
        if rest:
            edited = [g.game_id for g in rng.sample(rest, min(count, len(rest)))]
    fallback: list[str] = []
    if FALLBACK_BOXSCORE in faults:
        taken = set(missing) | set(edited)
        rest = [g for g in eligible if g.game_id not in taken]
        count = max(1, min(6, round(days / 40)))
        if rest:
            fallback = [g.game_id for g in rng.sample(rest, min(count, len(rest)))]
    new_from = None
    if NEW_FIELDS in faults:
        new_from = start + timedelta(days=max(1, round((days - 1) * 0.7)))
    return FaultPlan(frozenset(missing), frozenset(edited), new_from, frozenset(fallback))


def lineups(log: GameLog, events: list[Event]) -> list[tuple[frozenset[int], frozenset[int]]]:
    """Players on the floor (home, away) at each event."""
    home = {p.person_id for p in log.dressed[0].starters}
    away = {p.person_id for p in log.dressed[1].starters}
    result = []
    for event in events:
        if event.kind == "substitution":
            side = home if event.team == log.home.team_id else away
            if event.sub_type == "out":
                side.discard(event.person)
            else:
                side.add(event.person)
        result.append((frozenset(home), frozenset(away)))
    return result


def edit_events(
    log: GameLog, events: list[Event], rng: random.Random, edit_wall: float
) -> tuple[list[Event], list[str]]:
    """Overnight corrections.  Returns the corrected events and what was changed."""
    events = [replace(e) for e in events]
    on_floor = lineups(log, events)

    def mates(index: int, team: int, exclude: set[int]) -> list[int]:
        home, away = on_floor[index]
        return sorted((home if team == log.home.team_id else away) - exclude)

    def touch(event: Event) -> None:
        event.edit_delay = edit_wall - event.wall + rng.uniform(0.0, 600.0)

    changes: list[str] = []
    assisted = [i for i, e in enumerate(events) if e.assist]
    if assisted:
        i = rng.choice(assisted)
        choices = mates(i, events[i].team, {events[i].person, events[i].assist})
        if choices:
            events[i].assist = rng.choice(choices)
            touch(events[i])
            changes.append(f"assist on action {events[i].number} credited to {events[i].assist}")
    rebounds = [
        i
        for i, e in enumerate(events)
        if e.kind == "rebound" and e.person and e.sub_type == "defensive"
    ]
    if rebounds:
        i = rng.choice(rebounds)
        choices = mates(i, events[i].team, {events[i].person})
        if choices:
            events[i].person = rng.choice(choices)
            touch(events[i])
            changes.append(f"rebound {events[i].number} credited to {events[i].person}")
    misses = [
        i
        for i, e in enumerate(events)
        if e.kind in ("2pt", "3pt") and not e.made and e.spot and e.spot.zone != "heave"
    ]
    if misses:
        i = rng.choice(misses)
        spot = events[i].spot
        events[i].spot = shot_spot(spot.zone, spot.side, rng)
        touch(events[i])
        changes.append(f"shot {events[i].number} relocated")
    out_of_bounds = [
        i
        for i, e in enumerate(events)
        if e.kind == "turnover" and e.descriptor in ("bad pass", "lost ball")
    ]
    if out_of_bounds:
        i = rng.choice(out_of_bounds)
        events[i].descriptor = "lost ball" if events[i].descriptor == "bad pass" else "bad pass"
        touch(events[i])
        changes.append(f"turnover {events[i].number} re-described")
    stoppages = [i for i, e in enumerate(events) if e.kind == "stoppage"]
    if stoppages:
        i = rng.choice(stoppages)
        changes.append(f"stoppage {events[i].number} removed")
        events = _remove(events, i)
    return events, changes


def _remove(events: list[Event], index: int) -> list[Event]:
    kept = events[:index] + events[index + 1 :]
    for event in kept:
        if event.shot_ref > index:
            event.shot_ref -= 1
    return kept
