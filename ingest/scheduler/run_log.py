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

    @property
    def status(self) -> str:
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
