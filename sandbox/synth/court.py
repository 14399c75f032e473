"""Shot locations on the NBA's two coordinate systems.

Positions are drawn in feet relative to the basket (``lateral`` across the court,
``depth`` towards mid-court) and converted to both systems the NBA publishes:
``x``/``y`` in percent of the 94 x 50 ft court, and ``xLegacy``/``yLegacy`` in tenths
of a foot from the basket.  The three-point line is 22 ft in the corners (up to
8.75 ft in front of the basket) and 23.75 ft above the break; the restricted area
is 4 ft and the paint shots this simulation takes are within 8 ft.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

COURT_LENGTH, COURT_WIDTH = 94.0, 50.0
BASKET_FROM_BASELINE = 5.25
CORNER_THREE, ARC_THREE, CORNER_DEPTH = 22.0, 23.75, 8.75
HALF_COURT = COURT_LENGTH / 2 - BASKET_FROM_BASELINE  # depth of the half-court line
RIM, PAINT, MID, CORNER3, ARC3, HEAVE = "rim", "paint", "mid", "corner3", "arc3", "heave"
ZONES = (RIM, PAINT, MID, CORNER3, ARC3)


@dataclass(frozen=True, slots=True)
class ShotSpot:
    zone: str
    x: float
    y: float
    x_legacy: int
    y_legacy: int
    distance: float
    side: str  # "left" / "right": which basket the shooting team attacks
    area: str
    area_detail: str

    @property
    def is_three(self) -> bool:
        return self.zone in (CORNER3, ARC3) or (self.zone == HEAVE)

    @property
    def in_paint(self) -> bool:
        return self.zone in (RIM, PAINT)


def is_three_point(lateral: float, depth: float) -> bool:
    if depth <= CORNER_DEPTH:
        return abs(lateral) >= CORNER_THREE
    return math.hypot(lateral, depth) >= ARC_THREE


def _direction(lateral: float, depth: float) -> str:
    angle = math.degrees(math.atan2(lateral, max(depth, 0.01)))
    if abs(angle) < 22.5:
        return "Center"
    word = "Left" if angle > 0 else "Right"
    return word if abs(angle) > 67.5 else f"{word} Center"


def _area(zone: str, lateral: float, depth: float, distance: float) -> tuple[str, str]:
    bands = ((8, "0-8"), (16, "8-16"), (24, "16-24"))
    band = next((name for limit, name in bands if distance < limit), "24+")
    if zone == CORNER3:
        band = "24+"
    if zone == RIM:
        area = "Restricted Area"
    elif zone == PAINT:
        area = "In The Paint (Non-RA)"
    elif zone == MID:
        area = "Mid-Range"
    elif zone == CORNER3:
        area = "Left Corner 3" if lateral > 0 else "Right Corner 3"
    elif zone == ARC3 or depth < HALF_COURT:
        area = "Above the Break 3"
    else:
        return "Backcourt", "Back Court Shot"
    return area, band


def _sample(zone: str, rng: random.Random) -> tuple[float, float]:
    """(lateral, depth) in feet for a shot from ``zone``."""
    while True:
        if zone == RIM:
            r = 4.0 * math.sqrt(rng.random()) * 0.98
            theta = rng.uniform(-1.9, 1.9)
        elif zone == PAINT:
            r = rng.uniform(4.05, 7.95)
            theta = rng.uniform(-1.35, 1.35)
        elif zone == MID:
            r = rng.uniform(8.05, 23.4)
            theta = rng.uniform(-1.55, 1.55)
        elif zone == CORNER3:
            lateral = rng.uniform(CORNER_THREE + 0.05, 23.6) * rng.choice((-1, 1))
            depth = rng.uniform(-4.5, CORNER_DEPTH - 0.1)
            return lateral, depth
        elif zone == ARC3:
            r = ARC_THREE + 0.05 + abs(rng.gauss(0, 1.6))
            theta = rng.uniform(-1.15, 1.15)
        else:
            r = rng.uniform(35.0, 70.0)
            theta = rng.uniform(-0.5, 0.5)
        lateral, depth = r * math.sin(theta), r * math.cos(theta)
        if depth < -BASKET_FROM_BASELINE + 0.3 or abs(lateral) > 24.5:
            continue
        three = is_three_point(lateral, depth)
        if zone in (RIM, PAINT):
            return lateral, depth
        if zone == MID and not three and (abs(lateral) > 8.0 or depth > 13.75):
            return lateral, depth
        if zone == ARC3 and three and depth > CORNER_DEPTH:
            return lateral, depth
        if zone == HEAVE:
            return lateral, depth


def shot_spot(zone: str, side: str, rng: random.Random) -> ShotSpot:
    lateral, depth = _sample(zone, rng)
    distance = round(math.hypot(lateral, depth), 2)
    x_legacy, y_legacy = round(lateral * 10), round(depth * 10)
    if side == "left":
        x = (depth + BASKET_FROM_BASELINE) / COURT_LENGTH * 100
        y = 50 - lateral / COURT_WIDTH * 100
    else:
        x = (COURT_LENGTH - BASKET_FROM_BASELINE - depth) / COURT_LENGTH * 100
        y = 50 + lateral / COURT_WIDTH * 100
    area, band = _area(zone, lateral, depth, distance)
    detail = band if area == "Backcourt" else f"{band} {_direction(lateral, depth)}"
    return ShotSpot(zone, x, y, x_legacy, y_legacy, distance, side, area, detail)
