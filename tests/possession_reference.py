"""pbpstats' possessions of a real game, labelled the way this project labels them.

pbpstats (pip ``pbpstats``, its live-data file loader) is the reference for possessions.
It cuts them as ``analytics.possessions`` does (where the PBP ``possession`` team
changes; a defensive rebound ends the possession of the team that missed; the actions
logged before a period's start marker open the period's first possession), but it labels
a possession with the team of its first event.  On a period that opens with
between-period substitutions, that names the substituting team, not the team with the
ball.  Its own start-of-period logic (``StartOfPeriod.get_offense_team_id()``: the
jump-ball winner in periods 1 and 5+, else the team of the first shot, turnover or
non-technical free throw) names the right one, so the first possession of every period
is relabelled with it.  Nothing else is changed.

What is compared is one tuple per possession: ``(period, offense team id, action number
of its first action)``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pbpstats.data_loader.live.possessions.file import LivePossessionFileLoader
from pbpstats.data_loader.live.possessions.loader import LivePossessionLoader
from pbpstats.resources.enhanced_pbp import StartOfPeriod

PossessionKey = tuple[int, int, int]  # period, offense team id, first action number


def _pbpstats_possessions(realdata: Path, workdir: Path, game_id: str) -> list:
    """pbpstats' possessions, read by its live-data file loader from a folder laid out
    as it expects (``pbp/live_<id>.json``, ``game_details/live_<id>.json``)."""
    root = workdir / f"pbpstats_{game_id}"
    (root / "pbp").mkdir(parents=True, exist_ok=True)
    (root / "game_details").mkdir(exist_ok=True)
    shutil.copy(
        realdata / "cdn" / "playbyplay" / f"playbyplay_{game_id}.json",
        root / "pbp" / f"live_{game_id}.json",
    )
    boxscore = realdata / "cdn" / "boxscore" / f"boxscore_{game_id}.json"
    if boxscore.exists():  # pbpstats reads the starters from it when it is there
        shutil.copy(boxscore, root / "game_details" / f"live_{game_id}.json")
    return LivePossessionLoader(game_id, LivePossessionFileLoader(str(root))).items


def reference_possessions(realdata: Path, workdir: Path, game_id: str) -> list[PossessionKey]:
    """pbpstats' possessions of ``game_id``, each period's first one relabelled."""
    keys: list[PossessionKey] = []
    previous = None
    for possession in _pbpstats_possessions(realdata, workdir, game_id):
        first = possession.events[0]
        offense = possession.offense_team_id
        new_period = previous is None or previous.period != possession.period
        if new_period:
            start = next(e for e in possession.events if isinstance(e, StartOfPeriod))
            offense = start.get_offense_team_id()
        keys.append((possession.period, offense, first.event_num))
        previous = possession
    return keys
