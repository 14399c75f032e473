"""Possession-by-possession simulation of one game.

The engine plays periods of 12 minutes (5 in overtime, added while tied), possession
by possession: the offense turns the ball over, draws a foul or shoots; shots come
from a zone (rim, paint, mid-range, corner three, above-the-break three) with a
make probability set by zone, shooter, both teams and home court; misses are
rebounded, made shots are sometimes assisted, some misses are blocked, fouls lead
to free throws once a team is in the penalty.  Substitutions, timeouts, jump balls,
violations, technicals, stoppages and replay reviews happen at dead balls.  The
result is a list of ``Event`` in game order with real-time stamps.
"""

from __future__ import annotations

from sandbox.synth.calendar_plan import ScheduledGame
from sandbox.synth.court import ARC3, CORNER3, HEAVE, PAINT, RIM, ZONES, shot_spot
from sandbox.synth.game_state import OVERTIME_TENTHS, PERIOD_TENTHS, GameLog
from sandbox.synth.league import League, Player
from sandbox.synth.randomness import weighted_index
from sandbox.synth.stoppages import Stoppages
from sandbox.synth.tendencies import (
    ASSISTED,
    BLOCKED,
    COMMON_FOUL_RATE,
    HELD_BALL_RATE,
    KICKED_BALL_RATE,
    MAKE,
    OFFENSIVE_REBOUND,
    PUTBACK_STYLES,
    SHOOTING_FOUL,
    STYLES,
    TEAM_TURNOVERS,
    TURNOVER_RATE,
    TURNOVERS,
    pick_style,
)


class GameEngine(Stoppages):
    """Plays a game: periods, possessions and the plays within them."""

    def run_game(self) -> GameLog:
        rng = self.rng
        self.wall = rng.uniform(380.0, 620.0)
        tip_wall = self.wall
        period = 1
        while True:
            self.play_period(period)
            if period >= 4 and self.score[0] != self.score[1]:
                break
            self.elapsed_before += (PERIOD_TENTHS if period <= 4 else OVERTIME_TENTHS) / 10
            period += 1
        self.pause(4.0, 25.0)
        self.emit("game", sub_type="end", possession=0)
        attendance = int(self.teams[0].arena.capacity * rng.uniform(0.86, 1.0))
        return GameLog(
            self.game,
            self.teams[0],
            self.teams[1],
            self.dressed,  # type: ignore[arg-type]
            self.officials,
            self.events,
            attendance,
            tip_wall,
        )

    def play_period(self, period: int) -> None:
        rng = self.rng
        self.period = period
        length = PERIOD_TENTHS if period <= 4 else OVERTIME_TENTHS
        self.clock = length
        self.team_fouls = [0, 0]
        self.late_fouls = [0, 0]
        self.next_mark = 4200 if period <= 4 else 0
        self.timeout_since_mark = False
        self.mandatory_due = False
        if period == 1 or period >= 5:
            starting = 0 if rng.random() < 0.5 else 1
        else:
            starting = self.tip_winner if period == 4 else 1 - self.tip_winner
        self.change_possession(starting, "start")
        if period > 1:
            break_seconds = rng.uniform(880.0, 1010.0) if period == 3 else rng.uniform(125.0, 200.0)
            self.pause(break_seconds * 0.45, break_seconds * 0.6)
            for rotation in self.rotation:
                rotation.rest_all(1.0 if period == 3 else 0.12)
            self.period_start_substitutions(period)
            self.pause(break_seconds * 0.4, break_seconds * 0.55)
        self.emit("period", sub_type="start", possession=self.tid[starting] if period > 1 else 0)
        if period == 1 or period >= 5:
            self.jump_ball(start=True, winner=starting)
        while self.clock > 0:
            self.play()
        self.pause(2.0, 10.0)
        self.emit("period", sub_type="end", possession=self.tid[self.off])
        last = self.events[-2]
        if last.made and last.clock <= 10 and last.kind in ("2pt", "3pt") and rng.random() < 0.5:
            self.pause(8.0, 30.0)
            self.emit(
                "instantreplay",
                sub_type="request",
                descriptor="support",
                value="End Period - Good Basket",
                possession=self.tid[self.off],
                official=self.officials[0].person_id,
            )
            self.pause(30.0, 90.0)

    def play_time(self) -> int:
        rng = self.rng
        origin = self.origin
        if origin in ("turnover_live", "defreb") and rng.random() < 0.2:
            self.fast = True
            return rng.randint(25, 70)
        if origin == "oreb":
            return rng.randint(30, 130)
        if origin == "sideout":
            return rng.randint(30, 120)
        return int(rng.triangular(50, 200, 125))

    def play(self) -> None:
        rng = self.rng
        dt = self.play_time()
        if dt >= self.clock:
            self.end_of_period_play()
            return
        o, d = self.off, 1 - self.off
        margin = self.score[o] - self.score[d]
        if self.period >= 4 and -3 <= margin < 0 and self.clock <= 240:
            self.advance(max(1, self.clock - self.rng.randint(10, 40)))
            self.shot(late=True, need_three=margin == -3)
            return
        self.advance(dt)
        if self.period >= 4 and self.clock <= 600 and 1 <= margin <= 8 and rng.random() < 0.55:
            self.common_foul(intentional=True)
            return
        roll = rng.random()
        if roll < TURNOVER_RATE:
            self.turnover()
        elif roll < TURNOVER_RATE + COMMON_FOUL_RATE:
            self.common_foul()
        elif roll < TURNOVER_RATE + COMMON_FOUL_RATE + KICKED_BALL_RATE:
            self.kicked_ball()
        elif roll < TURNOVER_RATE + COMMON_FOUL_RATE + KICKED_BALL_RATE + HELD_BALL_RATE:
            self.jump_ball(start=False)
        else:
            self.shot()

    def end_of_period_play(self) -> None:
        rng = self.rng
        remaining = self.clock
        if remaining >= 25:
            self.advance(remaining - rng.randint(0, min(remaining - 1, 30)))
            self.shot(late=True)
        elif remaining >= 5 and rng.random() < 0.5:
            self.advance(rng.randint(1, remaining))
            self.shot(heave=remaining < 15)
        else:
            self.advance(remaining)

    def jump_ball(self, start: bool, winner: int = 0) -> None:
        rng = self.rng
        if start:
            jumpers = []
            for team in (0, 1):
                on = self.rotation[team].on
                jumpers.append(max(on, key=lambda p: (p.position == "C", p.blocking)))
            self.advance(20)
            self.pause(4.0, 8.0)
        else:
            winner = 0 if rng.random() < 0.5 else 1
            jumpers = [rng.choice(self.rotation[t].on) for t in (0, 1)]
            self.pause(15.0, 40.0)
        won, lost = jumpers[winner], jumpers[1 - winner]
        recovering_team = winner if start or rng.random() < 0.8 else 1 - winner
        recovered = 0
        if not start or rng.random() < 0.7:
            candidates = [p for p in self.rotation[recovering_team].on if p is not won]
            recovered = rng.choice(candidates).person_id
        self.emit(
            "jumpball",
            sub_type="recovered",
            descriptor="startperiod" if start else "heldball",
            team=self.tid[recovering_team],
            person=recovered,
            possession=self.tid[recovering_team],
            jump=(won.person_id, lost.person_id, recovered),
        )
        if start and self.period == 1:
            self.tip_winner = recovering_team
        self.change_possession(recovering_team, "start" if start else "sideout")

    def shot(
        self,
        late: bool = False,
        heave: bool = False,
        shooter: Player | None = None,
        need_three: bool = False,
    ) -> None:
        rng = self.rng
        o, d = self.off, 1 - self.off
        on = self.rotation[o].on
        putback = shooter is not None
        if shooter is None:
            shooter = self.pick(on, lambda p: p.usage)
        if heave:
            zone = HEAVE
        elif need_three:
            zone = ARC3 if rng.random() < 0.8 else CORNER3
        elif putback:
            zone = RIM if rng.random() < 0.85 else PAINT
        else:
            mix = list(shooter.shot_mix)
            if late:
                mix[0] *= 0.5
                mix[4] *= 1.6
            zone = ZONES[weighted_index(rng, mix)]
        spot = shot_spot(zone, self.side(o), rng)
        if putback:
            sub_type, descriptor = pick_style(rng, PUTBACK_STYLES)
        else:
            sub_type, descriptor = pick_style(rng, STYLES[zone])
        probability = MAKE[zone] + shooter.shooting + self.edge[o]
        if sub_type == "DUNK":
            probability = 0.86
        elif putback:
            probability += 0.05
        if self.fast:
            probability += 0.06
        fouled = rng.random() < SHOOTING_FOUL[zone]
        made = rng.random() < (probability * 0.4 if fouled else probability)
        if fouled and not made:
            self.shooting_foul(shooter, 3 if spot.is_three else 2)
            return
        goaltending = False
        if not made and zone in (RIM, PAINT) and rng.random() < 0.012:
            made = goaltending = True
        kind = "3pt" if spot.is_three else "2pt"
        qualifiers = self.possession_qualifiers(*(("pointsinthepaint",) if spot.in_paint else ()))
        assist = 0
        if made and not putback and not goaltending and rng.random() < ASSISTED[zone]:
            mates = [p for p in on if p is not shooter]
            assist = self.pick(mates, lambda p: p.passing).person_id
        block = 0
        if not made and rng.random() < BLOCKED[zone]:
            block = self.pick(self.rotation[d].on, lambda p: p.blocking).person_id
        index = self.emit(
            kind,
            team=self.tid[o],
            person=shooter.person_id,
            sub_type=sub_type,
            descriptor=descriptor,
            qualifiers=qualifiers,
            possession=self.tid[o],
            made=made,
            spot=spot,
            assist=assist,
            block=block,
        )
        if goaltending:
            defender = self.pick(self.rotation[d].on, lambda p: p.blocking)
            self.emit(
                "violation",
                sub_type="defensive goaltending",
                team=self.tid[d],
                person=defender.person_id,
                possession=self.tid[o],
                official=rng.choice(self.officials).person_id,
            )
        if block:
            self.emit("block", team=self.tid[d], person=block, possession=self.tid[o])
        if made:
            self.score_points(o, 3 if kind == "3pt" else 2)
            if fouled:
                self.shooting_foul(shooter, 1)
                return
            self.change_possession(d, "make")
            self.pause(1.0, 4.0)
            if rng.random() < 0.3:
                self.dead_ball()
        else:
            self.rebound(index, zone)

    def rebound(self, shot_index: int, zone: str, after_free_throw: bool = False) -> None:
        rng = self.rng
        o, d = self.off, 1 - self.off
        self.advance(rng.randint(5, 35))
        self.pause(0.0, 1.5)
        if after_free_throw:
            offensive = rng.random() < 0.13
        else:
            offensive = rng.random() < OFFENSIVE_REBOUND[zone] + (self.edge[o] - self.edge[d]) * 0.5
        team = o if offensive else d
        team_rebound = self.clock == 0 or rng.random() < 0.06
        sub_type = "offensive" if offensive else "defensive"
        if team_rebound:
            self.emit(
                "rebound",
                sub_type=sub_type,
                team=self.tid[team],
                qualifiers=("team",),
                possession=self.tid[team],
                shot_ref=shot_index,
            )
            if self.clock > 0 and rng.random() < 0.6:
                self.pause(2.0, 8.0)
                self.emit("stoppage", sub_type="out-of-bounds", possession=self.tid[team])
                self.pause(5.0, 15.0)
                if offensive:
                    self.second_chance = True
                    self.origin = "oreb"
                else:
                    self.change_possession(d, "defreb")
                self.dead_ball()
                return
        else:
            weight = (
                (lambda p: p.rebounding * (1.6 if p.position in ("PF", "C") else 1.0))
                if offensive
                else (lambda p: p.rebounding)
            )
            rebounder = self.pick(self.rotation[team].on, weight)
            self.emit(
                "rebound",
                sub_type=sub_type,
                team=self.tid[team],
                person=rebounder.person_id,
                possession=self.tid[team],
                shot_ref=shot_index,
            )
            if offensive and self.clock > 0 and rng.random() < 0.3:
                self.second_chance = True
                self.origin = "oreb"
                self.advance(rng.randint(0, 25))
                self.shot(shooter=rebounder)
                return
        if offensive:
            self.second_chance = True
            self.origin = "oreb"
        else:
            self.change_possession(d, "defreb")

    def shooting_foul(self, shooter: Player, free_throws: int) -> None:
        rng = self.rng
        o, d = self.off, 1 - self.off
        fouler = self.pick(self.rotation[d].on, lambda p: p.fouling)
        self.charge_foul(d, fouler)
        qualifiers = ("inpenalty",) if self.in_penalty(d) and free_throws > 1 else ()
        self.pause(0.5, 3.0)
        self.emit(
            "foul",
            sub_type="personal",
            descriptor="shooting",
            team=self.tid[d],
            person=fouler.person_id,
            qualifiers=qualifiers + (f"{free_throws}freethrow",),
            possession=self.tid[o],
            drawn=shooter.person_id,
            free_throws=free_throws,
            official=rng.choice(self.officials).person_id,
        )
        self.force_foul_outs()
        self.pause(10.0, 25.0)
        if rng.random() < 0.35:
            self.dead_ball(allow_timeout=free_throws > 1)
        self.free_throws(shooter, free_throws)

    def common_foul(self, intentional: bool = False) -> None:
        rng = self.rng
        o, d = self.off, 1 - self.off
        fouler = self.pick(self.rotation[d].on, lambda p: p.fouling)
        drawn = self.pick(self.rotation[o].on, lambda p: p.usage)
        self.charge_foul(d, fouler)
        penalty = self.in_penalty(d)
        if intentional:
            descriptor = "take" if rng.random() < 0.3 else None
        else:
            descriptor = rng.choices(
                (None, "loose ball", "take", "away from play"), weights=(62, 30, 6, 2)
            )[0]
        qualifiers = ("inpenalty", "2freethrow") if penalty else ()
        self.pause(0.5, 3.0)
        self.emit(
            "foul",
            sub_type="personal",
            descriptor=descriptor,
            team=self.tid[d],
            person=fouler.person_id,
            qualifiers=qualifiers,
            possession=self.tid[o],
            drawn=drawn.person_id,
            free_throws=2 if penalty else 0,
            official=rng.choice(self.officials).person_id,
        )
        self.force_foul_outs()
        self.pause(8.0, 22.0)
        self.dead_ball()
        if penalty:
            self.free_throws(drawn, 2)
        else:
            self.origin = (
                "sideout" if self.origin not in ("turnover_live", "turnover_dead") else self.origin
            )

    def free_throws(self, shooter: Player, count: int, technical: bool = False) -> None:
        rng = self.rng
        team = self.off if not technical else self.team_index(shooter)
        last_index = -1
        made = False
        for number in range(1, count + 1):
            if number > 1:
                self.pause(9.0, 18.0)
            made = rng.random() < shooter.free_throw
            qualifiers = () if technical else self.possession_qualifiers()
            last_index = self.emit(
                "freethrow",
                sub_type=f"{number} of {count}",
                descriptor="technical" if technical else None,
                team=self.tid[team],
                person=shooter.person_id,
                qualifiers=qualifiers,
                possession=self.tid[team],
                made=made,
            )
            if made:
                self.score_points(team, 1)
            if number < count:
                if not made:
                    self.emit(
                        "rebound",
                        sub_type="offensive",
                        team=self.tid[team],
                        qualifiers=("deadball", "team"),
                        possession=self.tid[team],
                        shot_ref=last_index,
                    )
                if number == count - 1 and rng.random() < 0.3:
                    self.dead_ball(allow_timeout=False)
        if technical:
            return
        if made:
            self.change_possession(1 - team, "make")
            self.pause(1.0, 4.0)
            if rng.random() < 0.25:
                self.dead_ball()
        else:
            self.rebound(last_index, RIM, after_free_throw=True)

    def kicked_ball(self) -> None:
        rng = self.rng
        o, d = self.off, 1 - self.off
        defender = rng.choice(self.rotation[d].on)
        self.emit(
            "violation",
            sub_type="kicked ball",
            team=self.tid[d],
            person=defender.person_id,
            possession=self.tid[o],
            official=rng.choice(self.officials).person_id,
        )
        self.pause(6.0, 15.0)
        self.dead_ball()
        if self.origin not in ("turnover_live", "turnover_dead"):
            self.origin = "sideout"

    def turnover(self) -> None:
        rng = self.rng
        o, d = self.off, 1 - self.off
        index = weighted_index(rng, [w for _, w, _ in TURNOVERS])
        kind, _, steal_rate = TURNOVERS[index]
        player = self.pick(self.rotation[o].on, lambda p: p.usage)
        official = rng.choice(self.officials).person_id
        if rng.random() < steal_rate:
            stealer = self.pick(self.rotation[d].on, lambda p: p.stealing)
            self.emit(
                "turnover",
                sub_type=kind,
                team=self.tid[o],
                person=player.person_id,
                possession=self.tid[o],
                steal=stealer.person_id,
            )
            self.emit("steal", team=self.tid[d], person=stealer.person_id, possession=self.tid[d])
            self.change_possession(d, "turnover_live")
            return
        if kind == "offensive foul":
            defender = self.pick(self.rotation[d].on, lambda p: p.usage)
            self.personal_foul(player)
            self.emit(
                "foul",
                sub_type="offensive",
                descriptor="charge" if rng.random() < 0.4 else None,
                team=self.tid[o],
                person=player.person_id,
                possession=self.tid[o],
                drawn=defender.person_id,
                official=official,
            )
            self.emit(
                "turnover",
                sub_type="offensive foul",
                team=self.tid[o],
                person=player.person_id,
                possession=self.tid[o],
                official=official,
            )
            self.force_foul_outs()
        elif kind in TEAM_TURNOVERS:
            if kind == "shot clock":
                self.advance(min(self.clock, rng.randint(60, 100)))
            self.emit(
                "turnover",
                sub_type=kind,
                team=self.tid[o],
                qualifiers=("team",),
                possession=self.tid[o],
                official=official,
            )
        else:
            sub_type, descriptor = kind, None
            if kind in ("bad pass", "lost ball", "step"):
                sub_type, descriptor = "out-of-bounds", kind
            self.emit(
                "turnover",
                sub_type=sub_type,
                descriptor=descriptor,
                team=self.tid[o],
                person=player.person_id,
                possession=self.tid[o],
                official=official,
            )
        self.pause(6.0, 18.0)
        self.change_possession(d, "turnover_dead")
        self.dead_ball()


def simulate_game(league: League, game: ScheduledGame, seed: int) -> GameLog:
    return GameEngine(league, game, seed).run_game()
