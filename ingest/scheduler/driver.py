"""Driving the jobs: which are due (cron vs. the run log), each under its advisory lock,
recorded in ``raw.scheduler_runs``; once (``--once``, ``--job``) or in a loop."""

from __future__ import annotations

import logging
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from ingest.advisory_lock import job_locks
from ingest.config import Settings, project_root
from ingest.database import PgSettings
from ingest.dbt_cli import dbt_path
from ingest.errors import one_line
from ingest.scheduler.clock import Clock, SystemClock
from ingest.scheduler.cron import Cron, ScheduleError
from ingest.scheduler.jobs import PLANNERS, READS_STAGING
from ingest.scheduler.run_log import Database, JobLock, JobResult
from ingest.scheduler.schedule_file import JOB_ORDER, JobSpec, ScheduleFile
from ingest.staging_views import StagingViews

log = logging.getLogger("courtside.scheduler")


@dataclass
class TickResult:
    ran: list[tuple[str, JobResult]] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No job failed (one stopped by SIGTERM did not fail: it runs again next start)."""
        return all(r.error is None or r.stopped for _, r in self.ran)

    @property
    def interrupted(self) -> list[str]:
        return [name for name, r in self.ran if r.stopped]


class Scheduler:
    def __init__(
        self,
        schedule: ScheduleFile,
        db: PgSettings,
        settings: Settings,
        *,
        clock: Clock | None = None,
        run_dbt: bool = True,
        validate: bool | None = None,
        wait_for_lock: float = 0.0,
        dbt_executable: Sequence[str] | None = None,
        dbt_cwd: Path | None = None,
        docs_dir: Path | None = None,
        out: Callable[[str], None] | None = None,
        err: Callable[[str], None] | None = None,
    ):
        self.schedule = schedule
        self.db = db
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.run_dbt = run_dbt
        self.validate = schedule.validate if validate is None else validate
        self.wait_for_lock = wait_for_lock
        self.dbt_executable = list(dbt_executable or [dbt_path()])
        self.dbt_cwd = dbt_cwd or project_root()
        self.docs_dir = docs_dir
        self.out = out or (lambda line: print(line, flush=True))
        self.err = err or (lambda line: print(line, file=sys.stderr, flush=True))
        self.database = Database(db)
        self.staging = StagingViews(db, self._ensure_raw_tables)
        self.stop = threading.Event()

    def _ensure_raw_tables(self) -> None:
        from ingest.runner import Ingestor  # dlt is slow to import: only when needed

        Ingestor(self.settings, self.db).ensure_raw_tables()

    # ---- driving -------------------------------------------------------------------
    def enabled_jobs(self) -> list[JobSpec]:
        jobs = [self.schedule.jobs[n] for n in JOB_ORDER if n in self.schedule.jobs]
        return [j for j in jobs if j.enabled and (self.run_dbt or j.name != "dbt")]

    def run_once(self, only: str | None = None) -> TickResult:
        """Run every due job once (or just ``only``, due or not), in job order."""
        self.database.ensure_runs_table()
        tick = TickResult()
        if only is not None:
            if only not in JOB_ORDER:
                raise ScheduleError(f"unknown job {only!r} (known: {', '.join(JOB_ORDER)})")
            spec = self.schedule.jobs.get(only) or JobSpec(only, Cron.parse("* * * * *"))
            self._run_job(spec, forced=True, tick=tick)
            return tick
        for spec in self.enabled_jobs():
            if self.stop.is_set():
                break
            if self._due(spec):
                self._run_job(spec, forced=False, tick=tick)
        return tick

    def serve(self) -> int:
        """Loop until SIGTERM/SIGINT: run what is due, sleep to the next minute."""
        failed = False
        interrupted: list[str] = []
        while not self.stop.is_set():
            tick = self.run_once()
            failed |= not tick.ok
            interrupted += tick.interrupted
            if self.stop.is_set():
                break
            now = self.clock.now()
            self.clock.sleep_until(
                now.replace(second=0, microsecond=0) + timedelta(minutes=1), self.stop
            )
        if interrupted:
            self.out(
                f"courtside schedule: stopped (SIGTERM): {', '.join(interrupted)} interrupted, "
                "its queries cancelled; it runs again at the next start"
            )
        else:
            self.out("courtside schedule: stopped (SIGTERM): the current job finished first")
        return 1 if failed else 0

    def request_stop(self, *_: object) -> None:
        self.stop.set()

    # ---- one job -------------------------------------------------------------------
    def _due(self, spec: JobSpec) -> bool:
        fire = spec.cron.previous_fire(self.clock.now())
        return fire is not None and not self.database.ran_since(spec.name, fire)

    def _run_job(self, spec: JobSpec, *, forced: bool, tick: TickResult) -> None:
        if spec.name in READS_STAGING:
            # before the job's lock: building missing views is slow, and locked on its own
            self.staging.ensure()
        ingests = spec.name != "dbt"  # the ingest jobs take the CLI's ingest lock too
        lock = job_locks(JobLock(self.database, spec.name), self.db, spec.name, ingests)
        if not lock.acquire(self.wait_for_lock, self.stop):
            holder = lock.holder()
            self.err(
                f"courtside schedule: job {spec.name!r} is already running "
                f"(advisory lock held by {holder}); skipped"
            )
            now = self.clock.now()
            self.database.insert_run(
                uuid.uuid4().hex[:12],
                spec.name,
                now,
                "skipped_locked",
                finished_at=now,
                error=f"lock held by {holder}",
            )
            tick.locked.append(spec.name)
            return
        try:
            self.database.mark_abandoned(spec.name)
            if not forced and not self._due(spec):  # another scheduler just ran it
                return
            execute = PLANNERS[spec.name](self, spec.options, forced)
            if execute is None:
                log.info("%s: nothing to do", spec.name)
                return
            run_id = uuid.uuid4().hex[:12]
            self.database.insert_run(run_id, spec.name, self.clock.now(), "running")
            started = time.monotonic()
            try:
                result = execute()
            except ScheduleError:
                raise
            except Exception as exc:  # one job failing must not stop the others
                log.debug("job %s failed", spec.name, exc_info=True)
                result = JobResult(error=one_line(exc))
            self.database.finish_run(run_id, result, self.clock.now())
            tick.ran.append((spec.name, result))
            self._report(spec.name, run_id, result, time.monotonic() - started)
        finally:
            lock.release()

    def step(self, job: str) -> str:
        """What a job runs, as its progress line names it."""
        return "dbt " + " ".join(self.schedule.dbt_command) if job == "dbt" else f"ingest {job}"

    def _report(self, job: str, run_id: str, result: JobResult, elapsed: float) -> None:
        """One progress line per step: job: outcome | game dates | step | elapsed | run."""
        start, end = result.window()
        window = f"game dates {start}..{end}" if start else "no game dates"
        line = (
            f"{job}: {result.status}, {result.rows} rows | {window} | {self.step(job)} | "
            f"{elapsed:.1f} s | run {run_id}"
        )
        if result.error and not result.stopped:
            self.err(f"courtside schedule: {line}: {result.error}")
        else:
            self.out(line + (f": {result.error}" if result.error else ""))

    # ---- status --------------------------------------------------------------------
    def status_lines(self) -> list[str]:
        """``courtside schedule --status``: each job's latest run, one line each, and the
        window the dbt job gave up on, if any."""
        self.database.ensure_runs_table()
        lines = []
        for row in self.database.latest_runs():
            job, status, started, finished, rows, start, end, error, run_id = row
            window = f", game dates {start}..{end}" if start else ""
            took = f" in {(finished - started).total_seconds():.0f} s" if finished else ""
            line = f"{job}: {status} at {started:%Y-%m-%d %H:%M} UTC{took}, {rows} rows{window}"
            lines.append(f"{line} (run {run_id})" + (f": {error}" if error else ""))
        start, end = self.database.pending_window()
        if start is not None:
            failed, given_up, last_error = self.database.failures_in_a_row("dbt", start, end)
            if given_up:
                lines.append(
                    f"dbt: GIVEN UP on game dates {start}..{end} after {failed} failed builds "
                    f"in a row (last: {last_error}); `courtside schedule --job dbt` retries it"
                )
            else:
                lines.append(f"dbt: game dates {start}..{end} waiting to be built")
        return lines
