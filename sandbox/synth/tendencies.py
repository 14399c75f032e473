"""How often things happen: make probabilities by zone, foul, assist, block and
rebound rates, the turnover mix, and the shot styles (subType + descriptor) the NBA
records for each zone.  Tuned so a team averages ~100 possessions, 105-120 points,
30-40 three-point and 18-25 free-throw attempts a game, and home teams win ~57 %."""

from __future__ import annotations

import random

from sandbox.synth.court import ARC3, CORNER3, HEAVE, MID, PAINT, RIM
from sandbox.synth.randomness import weighted_index

HOME_EDGE = 0.017  # make-probability bonus for the home team

MAKE = {RIM: 0.56, PAINT: 0.41, MID: 0.39, CORNER3: 0.378, ARC3: 0.345, HEAVE: 0.03}
SHOOTING_FOUL = {RIM: 0.19, PAINT: 0.11, MID: 0.05, CORNER3: 0.017, ARC3: 0.019, HEAVE: 0.0}
ASSISTED = {RIM: 0.62, PAINT: 0.45, MID: 0.42, CORNER3: 0.92, ARC3: 0.78, HEAVE: 0.0}
BLOCKED = {RIM: 0.28, PAINT: 0.2, MID: 0.07, CORNER3: 0.025, ARC3: 0.025, HEAVE: 0.0}
OFFENSIVE_REBOUND = {RIM: 0.27, PAINT: 0.25, MID: 0.22, CORNER3: 0.23, ARC3: 0.23, HEAVE: 0.1}
TURNOVER_RATE, COMMON_FOUL_RATE = 0.125, 0.088
KICKED_BALL_RATE, HELD_BALL_RATE = 0.005, 0.004

# kind, weight, can be a steal (probability)
TURNOVERS = (
    ("bad pass", 36, 0.8),
    ("lost ball", 27, 0.88),
    ("offensive foul", 12, 0.0),
    ("traveling", 8, 0.0),
    ("step", 4, 0.0),
    ("shot clock", 4, 0.0),
    ("3 second violation", 3, 0.0),
    ("discontinued dribble", 2, 0.0),
    ("backcourt", 2, 0.0),
    ("palming", 2, 0.0),
    ("8 second violation", 1, 0.0),
    ("offensive goaltending", 1, 0.0),
)
TEAM_TURNOVERS = {"shot clock", "8 second violation"}

RIM_STYLES = (
    ("Layup", None, 14),
    ("Layup", "driving", 16),
    ("Layup", "cutting", 7),
    ("Layup", "running", 5),
    ("Layup", "driving finger roll", 6),
    ("Layup", "driving reverse", 4),
    ("Layup", "alley-oop", 1),
    ("Layup", "running finger roll", 2),
    ("Layup", "reverse", 2),
    ("DUNK", None, 4),
    ("DUNK", "driving", 5),
    ("DUNK", "cutting", 5),
    ("DUNK", "running", 4),
    ("DUNK", "alley-oop", 3),
)
PUTBACK_STYLES = (
    ("Layup", "putback", 6),
    ("Layup", "tip", 5),
    ("DUNK", "putback", 3),
    ("DUNK", "tip", 2),
)
PAINT_STYLES = (
    ("Jump Shot", "driving floating", 12),
    ("Jump Shot", "floating", 4),
    ("Jump Shot", "turnaround", 3),
    ("Jump Shot", "pullup", 3),
    ("Jump Shot", None, 3),
    ("Jump Shot", "driving floating bank", 1),
    ("Hook", None, 3),
    ("Hook", "driving", 3),
    ("Hook", "turnaround", 4),
    ("Layup", "driving", 4),
    ("Layup", "running", 2),
)
MID_STYLES = (
    ("Jump Shot", None, 12),
    ("Jump Shot", "pullup", 14),
    ("Jump Shot", "step back", 3),
    ("Jump Shot", "fadeaway", 3),
    ("Jump Shot", "turnaround", 3),
    ("Jump Shot", "turnaround fadeaway", 3),
    ("Jump Shot", "bank", 1),
    ("Jump Shot", "driving floating", 2),
    ("Hook", "turnaround", 1),
)
THREE_STYLES = (
    ("Jump Shot", None, 40),
    ("Jump Shot", "pullup", 12),
    ("Jump Shot", "step back", 5),
    ("Jump Shot", "running", 2),
    ("Jump Shot", "turnaround", 1),
    ("Jump Shot", "running pullup", 1),
    ("Jump Shot", "bank", 0.3),
)
STYLES = {
    RIM: RIM_STYLES,
    PAINT: PAINT_STYLES,
    MID: MID_STYLES,
    CORNER3: THREE_STYLES,
    ARC3: THREE_STYLES,
    HEAVE: THREE_STYLES,
}


def pick_style(rng: random.Random, styles) -> tuple[str, str | None]:
    """(subType, descriptor) of a shot, drawn by weight."""
    index = weighted_index(rng, [w for _, _, w in styles])
    return styles[index][0], styles[index][1]
