"""Dead balls: substitutions, timeouts (mandatory, to stop a run, late-game),
technical fouls, coach's challenges and other stoppages."""

from __future__ import annotations

from sandbox.synth.game_state import GameState


class Stoppages(GameState):
    """What happens when the ball is dead."""

    def period_start_substitutions(self, period: int) -> None:
        elapsed = self.elapsed_before
        for team, rotation in enumerate(self.rotation):
            if period == 3:
                swaps = rotation.restore_starters(elapsed)
            else:
                swaps = rotation.substitutions(elapsed, self.context(period_start=True), limit=4)
            self.emit_substitutions(team, swaps)

    def emit_substitutions(self, team: int, swaps) -> None:
        possession = self.tid[self.off]
        for out, _ in swaps:
            self.emit(
                "substitution",
                sub_type="out",
                team=self.tid[team],
                person=out.person_id,
                possession=possession,
            )
        for _, into in swaps:
            self.emit(
                "substitution",
                sub_type="in",
                team=self.tid[team],
                person=into.person_id,
                possession=possession,
            )

    def dead_ball(self, allow_timeout: bool = True) -> None:
        """A stoppage: time for timeouts and substitutions."""
        rng = self.rng
        called = False
        if allow_timeout:
            called = self.maybe_timeout()
        if not called and rng.random() < 0.004:
            self.technical_foul()
        elif not called and rng.random() < 0.002:
            self.challenge()
        elif rng.random() < 0.0015:
            self.pause(20.0, 120.0)
            self.emit(
                "stoppage",
                sub_type=rng.choice(("blood rule", "equipment issue")),
                possession=self.tid[self.off],
            )
        elapsed = self.elapsed()
        ctx = self.context()
        for team, rotation in enumerate(self.rotation):
            if rng.random() < (0.9 if called else 0.55):
                swaps = rotation.substitutions(elapsed, ctx, limit=3 if called else 2)
                if swaps:
                    self.pause(3.0, 20.0)
                    self.emit_substitutions(team, swaps)

    def maybe_timeout(self) -> bool:
        rng = self.rng
        team = self.off
        other = 1 - team
        reason = None
        if self.mandatory_due:
            reason = "mandatory"
        elif self.run[other] >= 7 and rng.random() < 0.6:
            reason = "run"
        elif self.period >= 4 and self.clock <= 1200 and rng.random() < 0.2:
            reason = "late"
        elif rng.random() < 0.05:
            reason = "random"
        if reason is None or self.timeouts[team] <= 0:
            return False
        self.timeouts[team] -= 1
        self.mandatory_due = False
        self.timeout_since_mark = True
        self.run = [0, 0]
        qualifiers = ("team", "mandatory") if reason == "mandatory" else ("team",)
        self.pause(1.0, 6.0)
        self.emit(
            "timeout",
            sub_type="full",
            team=self.tid[team],
            qualifiers=qualifiers,
            possession=self.tid[team],
        )
        self.pause(120.0, 185.0)
        return True

    def technical_foul(self) -> None:
        rng = self.rng
        team = rng.randrange(2)
        player = rng.choice(self.rotation[team].on)
        self.pause(2.0, 10.0)
        self.emit(
            "foul",
            sub_type="technical",
            team=self.tid[team],
            person=player.person_id,
            qualifiers=("1freethrow",),
            possession=self.tid[self.off],
            official=rng.choice(self.officials).person_id,
        )
        shooter = max(self.rotation[1 - team].on, key=lambda p: p.free_throw)
        self.pause(10.0, 20.0)
        self.free_throws(shooter, 1, technical=True)

    def challenge(self) -> None:
        """A coach's challenge of the last call; the call stands or is overturned
        without changing any statistic."""
        rng = self.rng
        team = 1 - self.off
        if self.timeouts[team] <= 0:
            return
        self.pause(5.0, 15.0)
        self.emit(
            "timeout",
            sub_type="challenge",
            team=self.tid[team],
            qualifiers=("team",),
            possession=self.tid[self.off],
        )
        self.pause(15.0, 40.0)
        overturned = rng.random() < 0.4
        self.emit(
            "instantreplay",
            sub_type="challenge",
            descriptor="overturned" if overturned else "upheld",
            team=self.tid[team],
            value="Corrected to Out of Bounds" if overturned else "Call Stands",
            possession=self.tid[self.off],
            official=self.officials[0].person_id,
        )
        if not overturned:
            self.timeouts[team] -= 1
        self.pause(60.0, 150.0)

    def force_foul_outs(self) -> None:
        elapsed = self.elapsed()
        for team, rotation in enumerate(self.rotation):
            if any(p.person_id in rotation.fouled_out for p in rotation.on):
                swaps = rotation.substitutions(elapsed, self.context(), limit=1)
                self.emit_substitutions(team, swaps)
