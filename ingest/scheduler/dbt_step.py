"""The ``dbt`` job's child process, bounded: a time limit, and a stop (SIGTERM) that
ends it and cancels its queries.

dbt cancels its own open queries on SIGINT (its KeyboardInterrupt handler), so that is
what the child gets first.  If it is still running ``grace`` seconds later
(``step_cancel_grace_seconds``) it is killed, and the Postgres sessions it left behind
(found by the ``application_name`` the profile gives them, unique to this build) are
terminated: no query of a stopped build keeps running in the warehouse.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.database import PgSettings, connect

OUTPUT_LINES = 400  # kept of dbt's output, for its error and the run log


@dataclass
class StepOutcome:
    returncode: int
    output: str
    elapsed: float
    timed_out: bool = False
    stopped: bool = False
    terminated_sessions: int = 0  # sessions left behind by dbt, terminated by us

    @property
    def interrupted(self) -> bool:
        return self.timed_out or self.stopped


def run_bounded(
    command: Sequence[str],
    *,
    cwd: Path,
    env: dict[str, str],
    db: PgSettings,
    application_name: str,
    time_limit: float,
    stop: threading.Event,
    grace: float,
) -> StepOutcome:
    """Run ``command`` until it exits, ``time_limit`` seconds pass or ``stop`` is set."""
    started = time.monotonic()
    child = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        start_new_session=True,  # its own process group: our signals, not the terminal's
    )
    tail: collections.deque[str] = collections.deque(maxlen=OUTPUT_LINES)
    reader = threading.Thread(target=lambda: tail.extend(child.stdout), daemon=True)
    reader.start()
    timed_out = stopped = False
    while child.poll() is None:
        left = started + time_limit - time.monotonic()
        if stop.is_set():
            stopped = True
        elif left <= 0:
            timed_out = True
        else:
            stop.wait(min(0.5, left))
            continue
        _interrupt(child, grace)
        break
    terminated = 0
    if timed_out or stopped:
        terminated = terminate_sessions(db, application_name)
    reader.join(5)
    return StepOutcome(
        returncode=child.wait(),
        output="".join(tail),
        elapsed=time.monotonic() - started,
        timed_out=timed_out,
        stopped=stopped,
        terminated_sessions=terminated,
    )


def _interrupt(child: subprocess.Popen, grace: float) -> None:
    """SIGINT (dbt cancels its queries and exits), then SIGKILL after ``grace``."""
    for signum, wait in ((signal.SIGINT, grace), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(child.pid, signum)
        except ProcessLookupError:
            return
        try:
            child.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def terminate_sessions(db: PgSettings, application_name: str, wait: float = 10.0) -> int:
    """Terminate the sessions named ``application_name`` (dbt's, after it was stopped);
    how many there were.  Returns once none is left (or after ``wait`` seconds)."""
    conn = connect(db, application_name="courtside schedule cleanup")
    conn.autocommit = True
    terminated = 0
    deadline = time.monotonic() + wait
    try:
        with conn.cursor() as cur:
            while True:
                cur.execute(
                    "select count(pg_terminate_backend(pid)) from pg_stat_activity "
                    "where application_name = %s and pid <> pg_backend_pid()",
                    (application_name,),
                )
                found = cur.fetchone()[0]
                terminated = max(terminated, found)
                if not found or time.monotonic() > deadline:
                    return terminated
                time.sleep(0.2)
    finally:
        conn.close()
