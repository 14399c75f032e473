"""The scheduler's own tables and locks: ``raw.scheduler_runs`` (one row per job run)
and the Postgres session advisory lock each job runs under."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ingest.advisory_lock import AdvisoryLock
from ingest.database import DatabaseError, PgSettings, connect
from ingest.scheduler.cron import ScheduleError

# First key of every advisory lock the scheduler takes ("CSCH"); the second is the job.
LOCK_CLASS = 0x43534348
RAN = ("running", "ok", "failed")  # statuses that count as "the job ran for this fire"
# other statuses: skipped_locked, abandoned (its scheduler died), stopped (SIGTERM during
# the run: due again at the next start), given_up (a window that failed too often)

RUNS_DDL = """
create schema if not exists raw;
create table if not exists raw.scheduler_runs (
    run_id        text primary key,
    job           text not null,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    status        text not null,
    rows          bigint not null default 0,
    error         text,
    window_start  date,
    window_end    date,
    ingest_run_id text,
    host          text,
    pid           integer,
    details       jsonb not null default '{}'::jsonb
);
create index if not exists scheduler_runs_job_started on raw.scheduler_runs (job, started_at);
comment on table raw.scheduler_runs is
    'One row per scheduled job run (courtside schedule); written by ingest/scheduler/run_log.py.';
"""


@dataclass
class JobResult:
    rows: int = 0
    dates: set[date] = field(default_factory=set)
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    ingest_run_id: str | None = None
    stopped: bool = False  # interrupted by SIGTERM / Ctrl-C: not a failure of the window

    @property
    def status(self) -> str:
        if self.stopped:
            return "stopped"
        return "failed" if self.error else "ok"

    def window(self) -> tuple[date | None, date | None]:
        return (min(self.dates), max(self.dates)) if self.dates else (None, None)


class Database:
    """The scheduler's connection to the warehouse: its run log, and plain queries."""

    def __init__(self, db: PgSettings):
        self.db = db

    def connect(self, application: str = "courtside schedule"):
        try:
            conn = connect(self.db, application_name=application)
        except DatabaseError as exc:
            raise ScheduleError(str(exc)) from None
        conn.autocommit = True
        return conn

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        conn = self.connect()
        try:
            with conn.cursor() as cur:
                cur.execute(sql, tuple(params) or None)
                return cur.fetchall() if cur.description else []
        finally:
            conn.close()

    def ensure_runs_table(self) -> None:
        conn = self.connect()
        try:
            with conn, conn.cursor() as cur:  # one transaction, serialized across schedulers
                cur.execute("select pg_advisory_xact_lock(%s, 0)", (LOCK_CLASS,))
                cur.execute(RUNS_DDL)
        finally:
            conn.close()

    def ran_since(self, job: str, fire: datetime) -> bool:
        """Did a run of ``job`` start at or after ``fire`` (and not just get skipped)?"""
        rows = self.query(
            "select 1 from raw.scheduler_runs where job = %s and started_at >= %s "
            "and status = any(%s) limit 1",
            (job, fire, list(RAN)),
        )
        return bool(rows)

    def mark_abandoned(self, job: str) -> None:
        """Runs of ``job`` still ``running``: whoever ran them died (we hold its lock)."""
        self.query(
            "update raw.scheduler_runs set status = 'abandoned', "
            "error = 'the scheduler running it died' "
            "where job = %s and status = 'running'",
            (job,),
        )

    def insert_run(
        self,
        run_id: str,
        job: str,
        started: datetime,
        status: str,
        *,
        finished_at: datetime | None = None,
        error: str | None = None,
    ) -> None:
        self.query(
            "insert into raw.scheduler_runs "
            "(run_id, job, started_at, finished_at, status, error, host, pid) "
            "values (%s, %s, %s, %s, %s, %s, %s, %s)",
            (run_id, job, started, finished_at, status, error, socket.gethostname(), os.getpid()),
        )

    def finish_run(self, run_id: str, result: JobResult, finished_at: datetime) -> None:
        start, end = result.window()
        self.query(
            "update raw.scheduler_runs set finished_at = %s, status = %s, rows = %s, "
            "error = %s, window_start = %s, window_end = %s, ingest_run_id = %s, "
            "details = %s::jsonb where run_id = %s",
            (
                finished_at,
                result.status,
                result.rows,
                result.error,
                start,
                end,
                result.ingest_run_id,
                json.dumps(result.details, default=str),
                run_id,
            ),
        )

    def failures_in_a_row(self, job: str, start: date, end: date) -> tuple[int, bool, str | None]:
        """The latest runs of ``job`` over exactly ``start..end`` with no success between:
        how many failed, whether the window was given up on, and the last error."""
        rows = self.query(
            "select status, window_start, window_end, error from raw.scheduler_runs "
            "where job = %s and status in ('ok', 'failed', 'given_up') "
            "order by started_at desc, status limit 100",
            (job,),
        )
        failed, given_up, last_error = 0, False, None
        for status, row_start, row_end, error in rows:
            if status == "ok" or (row_start, row_end) != (start, end):
                break
            if status == "given_up":
                given_up = True
            else:
                failed += 1
                last_error = last_error or error
        return failed, given_up, last_error

    def give_up(self, run_id: str, job: str, start: date, end: date, at: datetime, error: str):
        """Record that ``job`` stops retrying ``start..end`` (a ``given_up`` row)."""
        self.insert_run(run_id, job, at, "given_up", finished_at=at, error=error)
        self.query(
            "update raw.scheduler_runs set window_start = %s, window_end = %s where run_id = %s",
            (start, end, run_id),
        )

    def latest_runs(self) -> list[tuple]:
        """Each job's latest run: job, status, started_at, finished_at, rows, window
        start and end, error, run_id."""
        return self.query(
            "select distinct on (job) job, status, started_at, finished_at, rows, "
            "window_start, window_end, error, run_id from raw.scheduler_runs "
            "where status <> 'skipped_locked' order by job, started_at desc, run_id"
        )

    def pending_window(self) -> tuple[date | None, date | None]:
        """Game dates changed by ingest runs that finished after the last good build
        started (so a change landing during a build is built again next time)."""
        row = self.query(
            "select min(window_start), max(window_end) from raw.scheduler_runs "
            "where job <> 'dbt' and status in ('ok', 'failed') and window_start is not null "
            "and finished_at > coalesce((select max(started_at) from raw.scheduler_runs "
            "  where job = 'dbt' and status = 'ok'), '-infinity'::timestamptz)"
        )[0]
        return row[0], row[1]


class JobLock(AdvisoryLock):
    """A session advisory lock on its own connection, held while one job runs."""

    def __init__(self, database: Database, job: str):
        who = f"courtside schedule {socket.gethostname()} pid {os.getpid()} job {job}"
        super().__init__(database.connect, LOCK_CLASS, f"courtside.scheduler.{job}", who)
        self.database = database
        self.job = job
