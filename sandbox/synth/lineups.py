"""Who dresses for a game, who starts, and the coach's substitution logic.

Rotation is driven by fatigue: a player on the floor tires, a player on the bench
recovers, and at each dead ball the coach swaps a tired player for a fresher bench
player of comparable position when the bench player is clearly worth more.  Starters
are worth more, so they end up with 30-38 minutes and the bench with the rest; foul
trouble, closing lineups and garbage time shift the values.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sandbox.synth.league import ACTIVE_PER_GAME, POSITION_GROUP, SLOT_POSITIONS, Player, Team

QUALITY_BY_RANK = (1.0, 0.97, 0.95, 0.93, 0.9, 0.85, 0.83, 0.8, 0.77, 0.7, 0.6, 0.55, 0.5)
TIRE_PER_SECOND = 0.0006
RECOVER_PER_SECOND = 0.0011
SWAP_MARGIN = 0.04
MIN_STINT, MIN_REST = 150.0, 90.0  # seconds of game clock


@dataclass(frozen=True)
class Dressed:
    """A team's players for one game."""

    active: tuple[Player, ...]  # best first
    starters: tuple[Player, ...]  # PG, SG, SF, PF, C
    inactive: tuple[tuple[Player, str, str], ...]  # player, notPlayingReason, description


def dress(team: Team, day: date, rng: random.Random) -> Dressed:
    injured = []
    healthy = []
    for player in team.roster:
        description = player.injury_on(day)
        (injured if description else healthy).append((player, description))
    active = [p for p, _ in healthy[:ACTIVE_PER_GAME]]
    inactive = [(p, "INACTIVE_INJURY", d or "") for p, d in injured]
    for player, _ in healthy[ACTIVE_PER_GAME:]:
        reason = "INACTIVE_GLEAGUE_TWOWAY" if rng.random() < 0.5 else "INACTIVE_COACH"
        inactive.append((player, reason, ""))
    starters: list[Player] = []
    for position in SLOT_POSITIONS:
        pool = [p for p in active if p not in starters]
        same = [p for p in pool if p.position == position]
        group = [p for p in pool if p.group == POSITION_GROUP[position]]
        starters.append((same or group or pool)[0])
    ordered = tuple(starters) + tuple(p for p in active if p not in starters)
    return Dressed(ordered, tuple(starters), tuple(sorted(inactive, key=lambda i: i[0].rank)))


def lineup_ok(players: list[Player]) -> bool:
    guards = sum(1 for p in players if p.group == "G")
    bigs = sum(1 for p in players if p.position in ("PF", "C"))
    centers = sum(1 for p in players if p.position == "C")
    return guards >= 1 and bigs >= 1 and centers <= 2 and guards <= 3


class Rotation:
    """Energy and stint bookkeeping for one team; decides substitutions."""

    def __init__(self, dressed: Dressed, rng: random.Random):
        self.rng = rng
        self.players = list(dressed.active)
        self.starters = list(dressed.starters)
        self.quality = {
            p.person_id: QUALITY_BY_RANK[min(i, len(QUALITY_BY_RANK) - 1)] * rng.uniform(0.96, 1.04)
            for i, p in enumerate(self.players)
        }
        self.stamina = {p.person_id: rng.uniform(0.85, 1.15) for p in self.players}
        self.energy = {p.person_id: 1.0 for p in self.players}
        self.on: list[Player] = list(self.starters)
        self.changed_at = {p.person_id: 0.0 for p in self.players}  # entered or left
        self.fouled_out: set[int] = set()

    def tick(self, seconds: float) -> None:
        on_ids = {p.person_id for p in self.on}
        for pid, energy in self.energy.items():
            if pid in on_ids:
                self.energy[pid] = energy - seconds * TIRE_PER_SECOND * self.stamina[pid]
            elif energy < 1.0:
                self.energy[pid] = min(1.0, energy + seconds * RECOVER_PER_SECOND)

    def rest_all(self, amount: float) -> None:
        for pid in self.energy:
            self.energy[pid] = min(1.0, self.energy[pid] + amount)

    def value(self, player: Player, ctx: dict) -> float:
        pid = player.person_id
        if pid in self.fouled_out:
            return -1.0
        value = self.quality[pid] * self.energy[pid]
        fouls = ctx["fouls"].get(pid, 0)
        period, clock = ctx["period"], ctx["clock"]
        if (period <= 3 and fouls >= period + 1) or (period == 4 and fouls >= 5 and clock > 3600):
            value *= 0.55
        starter = player in self.starters
        if ctx["garbage"]:
            value *= 0.3 if starter else 1.4
        elif ctx["closing"] and starter:
            value *= 1.3
        return value

    def substitutions(
        self, elapsed: float, ctx: dict, limit: int = 2
    ) -> list[tuple[Player, Player]]:
        """(out, in) pairs to make at this dead ball; updates the lineup."""
        swaps: list[tuple[Player, Player]] = []
        period_start = bool(ctx.get("period_start"))
        for _ in range(limit):
            values = {p.person_id: self.value(p, ctx) for p in self.players}
            outs = sorted(
                (
                    p
                    for p in self.on
                    if p.person_id in self.fouled_out
                    or elapsed - self.changed_at[p.person_id] >= MIN_STINT
                    or period_start
                ),
                key=lambda p: values[p.person_id],
            )
            bench = [
                p
                for p in self.players
                if p not in self.on
                and p.person_id not in self.fouled_out
                and (elapsed - self.changed_at[p.person_id] >= MIN_REST or period_start)
            ]
            swap = self._best_swap(outs, bench, values)
            if swap is None:
                break
            out, into = swap
            self.on[self.on.index(out)] = into
            self.changed_at[out.person_id] = elapsed
            self.changed_at[into.person_id] = elapsed
            swaps.append(swap)
        return swaps

    def _best_swap(self, outs, bench, values) -> tuple[Player, Player] | None:
        ranked = sorted(bench, key=lambda p: values[p.person_id], reverse=True)
        for out in outs:
            forced = out.person_id in self.fouled_out
            out_value = values[out.person_id]
            for relaxed in (False, True):
                for candidate in ranked:
                    if not forced and values[candidate.person_id] <= out_value + SWAP_MARGIN:
                        break
                    lineup = [candidate if p is out else p for p in self.on]
                    if relaxed or lineup_ok(lineup):
                        return out, candidate
                if not forced:
                    break
        return None

    def restore_starters(self, elapsed: float) -> list[tuple[Player, Player]]:
        """Start the second half with the starters (those still eligible)."""
        swaps = []
        for starter in self.starters:
            if starter in self.on or starter.person_id in self.fouled_out:
                continue
            bench_on = [p for p in self.on if p not in self.starters]
            if not bench_on:
                break
            same = [p for p in bench_on if p.group == starter.group] or bench_on
            out = same[0]
            self.on[self.on.index(out)] = starter
            self.changed_at[out.person_id] = elapsed
            self.changed_at[starter.person_id] = elapsed
            swaps.append((out, starter))
        return swaps
