"""The NBA's many ways of writing a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

EASTERN = ZoneInfo("America/New_York")


def game_clock(tenths: int) -> str:
    """``PT11M38.00S`` / ``PT00M08.40S`` from tenths of a second."""
    minutes, rest = divmod(tenths, 600)
    seconds, tenth = divmod(rest, 10)
    return f"PT{minutes:02d}M{seconds:02d}.{tenth}0S"


def duration(seconds: float) -> str:
    """Played time, ``PT38M48.40S`` (minutes are not capped at 60)."""
    hundredths = round(seconds * 100)
    minutes, rest = divmod(hundredths, 6000)
    return f"PT{minutes:02d}M{rest // 100:02d}.{rest % 100:02d}S"


def rounded_minutes(seconds: float) -> str:
    return f"PT{round(seconds / 60):02d}M"


def utc_tenths(moment: datetime) -> str:
    """``2020-12-23T00:06:19.0Z``."""
    m = moment.astimezone(UTC)
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        f".{m.microsecond // 100000}Z"
    )


def utc_seconds(moment: datetime) -> str:
    """``2020-12-23T00:06:19Z``."""
    m = moment.astimezone(UTC)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}Z"


def fake_utc(moment: datetime) -> str:
    """A local wall time written with a ``Z``, as the schedule feed does."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def with_offset(moment: datetime) -> str:
    """``2020-12-22T19:00:00-05:00``."""
    return moment.isoformat(timespec="seconds")


def eastern(moment: datetime) -> datetime:
    return moment.astimezone(EASTERN)


def tip_text(moment: datetime) -> str:
    """``7:30 pm ET``."""
    local = eastern(moment)
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d} {'pm' if local.hour >= 12 else 'am'} ET"


def pbp_meta_time(moment: datetime) -> str:
    """Live data meta stamp: Eastern time with microseconds."""
    return eastern(moment).strftime("%Y-%m-%d %H:%M:%S.%f")


def scoreboard_meta_time(moment: datetime) -> str:
    """Scoreboard meta stamp: 12-hour Eastern time; the fraction repeats minutes and
    seconds, as the NBA's formatter does."""
    local = eastern(moment)
    return local.strftime("%Y-%m-%d %I:%M:%S.") + local.strftime("%M%S")


def schedule_meta_time(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + utc.strftime("%M%SZ")


def at_eastern(day, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=EASTERN)


def plus(moment: datetime, seconds: float) -> datetime:
    return moment + timedelta(seconds=seconds)
