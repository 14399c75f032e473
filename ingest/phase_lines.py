"""One line on stderr as a long phase of a run starts and one as it ends (with what it
did and how long it took): the dlt load and the validation, which follow the fetch bar
with tens of seconds of nothing otherwise.  Shown only when progress is on (a terminal,
or ``--progress``); cron and tests see the summary alone."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass
class Phase:
    """Set :attr:`done` inside the ``with`` to what the phase did (the end line)."""

    started: float
    done: str = "done"


class PhaseLines:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    def say(self, text: str) -> None:
        if self.enabled:
            print(f"courtside: {text}", file=sys.stderr, flush=True)

    @contextlib.contextmanager
    def phase(self, starting: str) -> Iterator[Phase]:
        """``starting ...`` now, then ``<phase.done> in N.N s`` if the body returns (a
        failure is reported by whoever catches it, not here)."""
        self.say(f"{starting} ...")
        phase = Phase(time.monotonic())
        yield phase
        self.say(f"{phase.done} in {time.monotonic() - phase.started:.1f} s")
