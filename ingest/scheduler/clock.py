"""What the scheduler knows about time: the system clock, shifted (``--now``) or driven
by tests."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """What the scheduler knows about time; tests drive it."""

    def now(self) -> datetime: ...

    def sleep_until(self, moment: datetime, stop: threading.Event) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep_until(self, moment: datetime, stop: threading.Event) -> None:
        stop.wait(max(0.0, (moment - self.now()).total_seconds()))


class OffsetClock(SystemClock):
    """Real time shifted to start at ``start`` (``--now``): runs as if it were then."""

    def __init__(self, start: datetime):
        self.offset = start.astimezone(UTC) - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


class ManualClock:
    """A clock that moves only when told to (tests); sleeping jumps to the wake time."""

    def __init__(self, start: datetime):
        self.moment = start.astimezone(UTC)

    def now(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> None:
        self.moment = moment.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self.moment += delta

    def sleep_until(self, moment: datetime, stop: threading.Event) -> None:
        if not stop.is_set():
            self.moment = max(self.moment, moment.astimezone(UTC))
