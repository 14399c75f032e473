"""Cron expressions in US-Eastern wall-clock time, through ``croniter``, with the
project's two policies: a wall-clock time that does not exist (02:xx on the
spring-forward day) never fires, one that happens twice (01:xx on the fall-back day)
fires twice; and a missed fire is caught up at most :data:`FIRE_LOOKBACK` later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from croniter import croniter
from croniter.croniter import CroniterError

EASTERN = ZoneInfo("America/New_York")
FIRE_LOOKBACK = timedelta(days=8)
# a fall-back hour repeats wall-clock times: search that much past a moment's local time
_REPEAT = timedelta(hours=1)


class ScheduleError(RuntimeError):
    """A schedule file, cron expression or database problem, in one line."""


def eastern_date(moment: datetime) -> date:
    return moment.astimezone(EASTERN).date()


@dataclass(frozen=True)
class Cron:
    """A 5-field cron expression (minute hour day-of-month month day-of-week), as
    ``croniter`` reads it (Vixie cron: both day fields restricted means either)."""

    text: str

    @classmethod
    def parse(cls, text: str) -> Cron:
        fields = str(text).split()
        if len(fields) != 5:
            raise ScheduleError(
                f"cron {text!r}: want 5 fields (minute hour day month weekday), got {len(fields)}"
            )
        try:
            croniter(" ".join(fields))
        except CroniterError as exc:
            raise ScheduleError(f"cron {text!r}: {exc}") from None
        return cls(" ".join(fields))

    @property
    def minutes(self) -> frozenset[int]:
        expanded = croniter(self.text).expanded[0]
        return frozenset(range(60) if expanded == ["*"] else expanded)

    def matches(self, local: datetime) -> bool:
        """Does the cron fire in the minute of ``local`` (a wall-clock time)?"""
        return croniter.match(self.text, local.replace(tzinfo=None))

    def previous_fire(self, now: datetime) -> datetime | None:
        """The latest fire time at or before ``now`` (UTC), within :data:`FIRE_LOOKBACK`."""
        now = now.astimezone(UTC).replace(second=0, microsecond=0)
        oldest = now - FIRE_LOOKBACK
        walls = croniter(self.text, _wall_clock(now) + _REPEAT + timedelta(minutes=1))
        while (wall := walls.get_prev(datetime)) >= _wall_clock(oldest) - _REPEAT:
            if fires := [t for t in _instants(wall) if t <= now]:
                return max(fires) if max(fires) > oldest else None
        return None

    def next_fire(self, after: datetime) -> datetime | None:
        """The first fire time strictly after ``after`` (UTC), within a year."""
        after = after.astimezone(UTC).replace(second=0, microsecond=0)
        walls = croniter(self.text, _wall_clock(after) - _REPEAT)
        while (wall := walls.get_next(datetime)) < _wall_clock(after) + timedelta(days=366):
            if fires := [t for t in _instants(wall) if t > after]:
                return fires[0]
        return None


def _wall_clock(moment: datetime) -> datetime:
    return moment.astimezone(EASTERN).replace(tzinfo=None)


def _instants(wall: datetime) -> list[datetime]:
    """The UTC instants a US-Eastern clock shows ``wall`` at: none, one or two."""
    found: list[datetime] = []
    for fold in (0, 1):
        moment = wall.replace(tzinfo=EASTERN, fold=fold).astimezone(UTC)
        if _wall_clock(moment) == wall and moment not in found:
            found.append(moment)
    return found
