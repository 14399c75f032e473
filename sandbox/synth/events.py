"""What the simulation records: one ``Event`` per play-by-play action, before it is
rendered into the NBA's JSON (names, running totals, scores, descriptions)."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.synth.court import ShotSpot


@dataclass(slots=True)
class Event:
    kind: str  # the NBA's actionType: 2pt, 3pt, freethrow, rebound, ...
    period: int
    clock: int  # tenths of a second left in the period
    wall: float  # seconds after the scheduled tip-off (real time)
    team: int = 0  # team id; 0 for period/game/stoppage actions
    person: int = 0
    sub_type: str | None = None
    descriptor: str | None = None
    qualifiers: tuple[str, ...] = ()
    possession: int = 0
    made: bool = False
    spot: ShotSpot | None = None
    assist: int = 0
    block: int = 0
    steal: int = 0
    drawn: int = 0  # person who drew the foul
    free_throws: int = 0  # free throws awarded by a foul
    shot_ref: int = -1  # index (in the event list) of the shot a rebound follows
    official: int = 0
    value: str | None = None  # instant replay ruling text (older seasons)
    jump: tuple[int, int, int] = (0, 0, 0)  # won, lost, recovered-by person (0 = team)
    # Fixed once, when the action is first published:
    number: int = 0  # actionNumber
    order: int = 0  # orderNumber
    edit_delay: float = 0.0  # seconds between timeActual and the "edited" stamp

    @property
    def points(self) -> int:
        if not self.made:
            return 0
        return {"2pt": 2, "3pt": 3, "freethrow": 1}.get(self.kind, 0)
