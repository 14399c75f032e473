"""The state of a game being simulated and its bookkeeping: clock, score, fouls,
possession, lineups (one :class:`Rotation` per team) and the event log."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.synth.calendar_plan import ScheduledGame
from sandbox.synth.events import Event
from sandbox.synth.league import League, Official, Player, Team
from sandbox.synth.lineups import Dressed, Rotation, dress
from sandbox.synth.randomness import stream, weighted_index
from sandbox.synth.tendencies import HOME_EDGE

PERIOD_TENTHS, OVERTIME_TENTHS = 7200, 3000


@dataclass
class GameLog:
    """Everything one simulated game produced."""

    game: ScheduledGame
    home: Team
    away: Team
    dressed: tuple[Dressed, Dressed]  # home, away
    officials: tuple[Official, ...]
    events: list[Event]
    attendance: int
    tip_wall: float  # seconds after the scheduled tip when period 1 started

    @property
    def end_wall(self) -> float:
        return self.events[-1].wall

    @property
    def final_score(self) -> tuple[int, int]:
        home = away = 0
        for event in self.events:
            if event.made:
                if event.team == self.home.team_id:
                    home += event.points
                else:
                    away += event.points
        return home, away


class GameState:
    """Clock, score, fouls, possession and lineups of one game, plus its events."""

    def __init__(self, league: League, game: ScheduledGame, seed: int):
        self.rng = rng = stream(seed, "game", game.game_id)
        self.game = game
        teams = league.by_tricode
        self.teams = (teams[game.home], teams[game.away])
        self.tid = (self.teams[0].team_id, self.teams[1].team_id)
        self.dressed = tuple(
            dress(t, game.day, stream(seed, "dress", game.game_id, t.tricode)) for t in self.teams
        )
        self.rotation = tuple(Rotation(d, rng) for d in self.dressed)
        self.officials = tuple(rng.sample(league.officials, 3))
        self.first_half_home_side = rng.choice(("left", "right"))
        self.events: list[Event] = []
        self.score = [0, 0]
        self.fouls: dict[int, int] = {}
        self.team_fouls = [0, 0]
        self.late_fouls = [0, 0]  # team fouls in the last two minutes of the period
        self.timeouts = [7, 7]
        self.run = [0, 0]  # unanswered points
        self.period = 0
        self.clock = 0
        self.wall = 0.0
        self.elapsed_before = 0.0  # game seconds of earlier periods
        self.off = 0
        self.origin = "start"
        self.second_chance = False
        self.fast = False
        self.tip_winner = 0
        self.mandatory_due = False
        self.timeout_since_mark = False
        self.next_mark = 0
        self.edge = (
            self.teams[0].offense - self.teams[1].defense + HOME_EDGE,
            self.teams[1].offense - self.teams[0].defense,
        )

    def elapsed(self) -> float:
        length = PERIOD_TENTHS if self.period <= 4 else OVERTIME_TENTHS
        return self.elapsed_before + (length - self.clock) / 10

    def emit(self, kind: str, **fields) -> int:
        self.events.append(Event(kind, self.period, self.clock, self.wall, **fields))
        return len(self.events) - 1

    def advance(self, tenths: int) -> None:
        new = max(0, self.clock - tenths)
        if new >= 600:
            new -= new % 10
        seconds = (self.clock - new) / 10
        self.clock = new
        self.wall += seconds * self.rng.uniform(1.0, 1.12)
        for rotation in self.rotation:
            rotation.tick(seconds)
        if self.period <= 4 and self.next_mark and self.clock <= self.next_mark:
            self.mandatory_due = not self.timeout_since_mark
            self.timeout_since_mark = False
            self.next_mark = 1800 if self.next_mark == 4200 else 0

    def pause(self, low: float, high: float) -> None:
        self.wall += self.rng.uniform(low, high)

    def side(self, team: int) -> str:
        home_side = self.first_half_home_side
        if self.period >= 3:
            home_side = "left" if home_side == "right" else "right"
        if team == 0:
            return home_side
        return "left" if home_side == "right" else "right"

    def change_possession(self, team: int, origin: str) -> None:
        self.off = team
        self.origin = origin
        self.second_chance = False
        self.fast = False

    def pick(self, players: list[Player], weight) -> Player:
        return players[weighted_index(self.rng, [weight(p) for p in players])]

    def possession_qualifiers(self, *first: str) -> tuple[str, ...]:
        qualifiers = list(first)
        if self.second_chance:
            qualifiers.append("2ndchance")
        if self.origin in ("turnover_live", "turnover_dead"):
            qualifiers.append("fromturnover")
        if self.fast:
            qualifiers.append("fastbreak")
        return tuple(qualifiers)

    def context(self, **extra) -> dict:
        margin = abs(self.score[0] - self.score[1])
        late = self.period >= 4 and self.clock <= 4200
        return {
            "fouls": self.fouls,
            "period": self.period,
            "clock": self.clock,
            "garbage": late and margin >= 20 and self.period == 4,
            "closing": self.period >= 4 and self.clock <= 3000 and margin <= 10,
            **extra,
        }

    def score_points(self, team: int, points: int) -> None:
        self.score[team] += points
        self.run[team] += points
        self.run[1 - team] = 0

    def team_index(self, player: Player) -> int:
        return 0 if player in self.rotation[0].players else 1

    def in_penalty(self, team: int) -> bool:
        limit = 5 if self.period <= 4 else 4
        return self.team_fouls[team] >= limit or self.late_fouls[team] >= 2

    def charge_foul(self, team: int, player: Player) -> None:
        self.team_fouls[team] += 1
        if self.clock <= 1200:
            self.late_fouls[team] += 1
        self.personal_foul(player)

    def personal_foul(self, player: Player) -> None:
        pid = player.person_id
        self.fouls[pid] = self.fouls.get(pid, 0) + 1
        if self.fouls[pid] >= 6:
            for rotation in self.rotation:
                if player in rotation.players:
                    rotation.fouled_out.add(pid)

    def free_throws(self, shooter: Player, count: int, technical: bool = False) -> None:
        raise NotImplementedError
