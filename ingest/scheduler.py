"""``courtside schedule``: the jobs that keep the warehouse current, from ``schedule.yml``.

Jobs (one function each, run in this order when due):

* ``schedule`` - refresh ``scheduleLeagueV2.json``; the game dates whose rows changed
  are what changed.
* ``games``    - PBP and boxscore of games that turned final (status 3 in
  ``raw.schedule_games`` or in the latest live poll) with no PBP loaded yet, and each
  such game once more the next (US-Eastern) day, for the NBA's stat corrections.
* ``odds``     - one odds snapshot, on game days only.
* ``live``     - one live poll, while a game is in progress (per the latest live poll,
  or per the schedule: tip-off passed, not final yet).
* ``dbt``      - ``dbt build --vars '{start_date: X, end_date: Y}'`` over the game
  dates every job changed since the last successful build; skipped if nothing changed.

When is a job due?  Its cron expression (5 fields, US-Eastern wall-clock time) gives the
latest fire time at or before now; the job is due if no run of it started since then.
So ``--once`` from cron, a loop, a late start or a restart after a crash all catch up
the same way.  A due job whose condition is not met (no game today, nothing final...)
is not recorded and is checked again a minute later, until its next fire time.

Overlap: every job runs under a Postgres *session advisory lock*
(``pg_try_advisory_lock(<courtside>, crc32(job))``), so two schedulers on different
machines sharing one database never run the same job at once.  The second one skips
the job with a clear message (``--wait-for-lock SECONDS`` makes it wait instead).  The
lock is tied to the database session, so a scheduler killed with SIGKILL releases it
when its connection drops.

Every run is a row of ``raw.scheduler_runs`` (created here with plain SQL; dlt does not
own it): run_id, job, started_at, finished_at, status (running, ok, failed,
skipped_locked, abandoned), rows, error, the date window it changed, and details (game
ids fetched...).  Times come from the scheduler's :class:`Clock`, which is the system
clock except in tests and with ``--now``.

SIGTERM (or Ctrl-C) lets the current job finish, then the scheduler exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import psycopg2
import yaml

from ingest.config import Settings, load_settings, project_root
from ingest.database import PgSettings

log = logging.getLogger("courtside.scheduler")

EASTERN = ZoneInfo("America/New_York")
DEFAULT_FILE = "schedule.yml"
JOB_ORDER = ("schedule", "games", "odds", "live", "dbt")
# First key of every advisory lock the scheduler takes ("CSCH"); the second is the job.
LOCK_CLASS = 0x43534348
FIRE_LOOKBACK = timedelta(days=8)
# A game "may be in progress" this long after its scheduled tip-off.
LIVE_WINDOW = timedelta(hours=6)
RAN = ("running", "ok", "failed")  # statuses that count as "the job ran for this fire"


class ScheduleError(RuntimeError):
    """A schedule file, cron expression or database problem, in one line."""


# --------------------------------------------------------------------------- cron


_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12))


@dataclass(frozen=True)
class Cron:
    """A 5-field cron expression (minute hour day-of-month month day-of-week): ``*``,
    numbers, lists ``1,5``, ranges ``1-5`` and steps ``*/15`` or ``0-30/10``.  Day of
    week is 0-7 (0 and 7 are Sunday).  As in Vixie cron, when both day fields are
    restricted a day matching either one matches."""

    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    days_any: bool
    weekdays_any: bool

    @classmethod
    def parse(cls, text: str) -> Cron:
        parts = str(text).split()
        if len(parts) != 5:
            raise ScheduleError(
                f"cron {text!r}: want 5 fields (minute hour day month weekday), got {len(parts)}"
            )
        values = [
            _parse_field(part, name, low, high)
            for part, (name, low, high) in zip(parts[:4], _FIELDS, strict=True)
        ]
        weekdays = {d % 7 for d in _parse_field(parts[4], "day of week", 0, 7)}  # 7 is Sunday
        return cls(
            text=str(text),
            minutes=frozenset(values[0]),
            hours=frozenset(values[1]),
            days=frozenset(values[2]),
            months=frozenset(values[3]),
            weekdays=frozenset(weekdays),
            days_any=parts[2] == "*",
            weekdays_any=parts[4] == "*",
        )

    def matches(self, local: datetime) -> bool:
        """Does the cron fire in the minute of ``local`` (a wall-clock time)?"""
        if local.minute not in self.minutes or local.hour not in self.hours:
            return False
        if local.month not in self.months:
            return False
        day_ok = local.day in self.days
        weekday_ok = (local.isoweekday() % 7) in self.weekdays
        if self.days_any or self.weekdays_any:
            return day_ok and weekday_ok
        return day_ok or weekday_ok

    def previous_fire(self, now: datetime, tz: ZoneInfo = EASTERN) -> datetime | None:
        """The latest fire time at or before ``now`` (UTC), within :data:`FIRE_LOOKBACK`.
        Minutes are walked in UTC and judged in ``tz``, so DST needs no special case: a
        skipped local hour never fires, a repeated one fires twice."""
        moment = now.astimezone(UTC).replace(second=0, microsecond=0)
        oldest = moment - FIRE_LOOKBACK
        while moment > oldest:
            if self.matches(moment.astimezone(tz)):
                return moment
            moment -= timedelta(minutes=1)
        return None

    def next_fire(self, after: datetime, tz: ZoneInfo = EASTERN) -> datetime | None:
        """The first fire time strictly after ``after`` (UTC), within a year."""
        moment = after.astimezone(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
        last = moment + timedelta(days=366)
        while moment < last:
            if self.matches(moment.astimezone(tz)):
                return moment
            moment += timedelta(minutes=1)
        return None


def _parse_field(text: str, name: str, low: int, high: int) -> set[int]:
    values: set[int] = set()
    for item in text.split(","):
        try:
            values |= _parse_item(item, low, high)
        except ValueError as exc:
            raise ScheduleError(f"cron {name} {text!r}: {exc}") from None
    return values


def _parse_item(item: str, low: int, high: int) -> set[int]:
    base, _, step_text = item.partition("/")
    step = 1
    if step_text:
        if not step_text.isdigit() or int(step_text) == 0:
            raise ValueError(f"bad step {step_text!r}")
        step = int(step_text)
    if base == "*":
        start, end = low, high
    elif "-" in base:
        first, _, second = base.partition("-")
        start, end = _number(first, low, high), _number(second, low, high)
        if start > end:
            raise ValueError(f"range {base} runs backwards")
    else:
        start = _number(base, low, high)
        end = high if step_text else start  # "5/15" means 5-max/15, as in Vixie cron
    return set(range(start, end + 1, step))


def _number(text: str, low: int, high: int) -> int:
    if not text.isdigit():
        raise ValueError(f"{text!r} is not a number")
    value = int(text)
    if not low <= value <= high:
        raise ValueError(f"{value} is outside {low}-{high}")
    return value


# --------------------------------------------------------------------------- clock


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


def eastern_date(moment: datetime) -> date:
    return moment.astimezone(EASTERN).date()


# --------------------------------------------------------------------------- schedule file


@dataclass(frozen=True)
class JobSpec:
    name: str
    cron: Cron
    enabled: bool = True
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ScheduleFile:
    path: Path
    jobs: dict[str, JobSpec]
    validate: bool = True
    dbt_command: tuple[str, ...] = ("build",)

    @classmethod
    def load(cls, path: Path) -> ScheduleFile:
        try:
            data = yaml.safe_load(path.read_text())
        except OSError as exc:
            raise ScheduleError(f"cannot read schedule file {path}: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise ScheduleError(f"{path}: not valid YAML: {str(exc).splitlines()[0]}") from None
        return cls.from_dict(data, path)

    @classmethod
    def from_dict(cls, data: Any, path: Path = Path(DEFAULT_FILE)) -> ScheduleFile:
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), dict):
            raise ScheduleError(f"{path}: want a mapping with a `jobs:` section")
        tz = data.get("timezone", "America/New_York")
        if tz != "America/New_York":
            raise ScheduleError(f"{path}: cron times are US-Eastern; timezone {tz!r} unsupported")
        jobs = {}
        for name, spec in data["jobs"].items():
            if name not in JOB_ORDER:
                raise ScheduleError(f"{path}: unknown job {name!r} (known: {', '.join(JOB_ORDER)})")
            if not isinstance(spec, dict) or "cron" not in spec:
                raise ScheduleError(f"{path}: job {name!r} needs a `cron:` expression")
            try:
                cron = Cron.parse(spec["cron"])
            except ScheduleError as exc:
                raise ScheduleError(f"{path}: job {name!r}: {exc}") from None
            options = {k: v for k, v in spec.items() if k not in ("cron", "enabled")}
            jobs[name] = JobSpec(name, cron, bool(spec.get("enabled", True)), options)
        dbt = data.get("dbt") or {}
        command = dbt.get("command", "build")
        command = tuple(shlex.split(command) if isinstance(command, str) else command)
        return cls(path, jobs, bool(data.get("validate", True)), command)


# --------------------------------------------------------------------------- runs table


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
    'One row per scheduled job run (courtside schedule); written by ingest/scheduler.py.';
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


@dataclass
class TickResult:
    ran: list[tuple[str, JobResult]] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.error is None for _, r in self.ran)


class Database:
    """The scheduler's own SQL: runs table, locks and the questions jobs ask of raw."""

    def __init__(self, db: PgSettings):
        self.db = db

    def connect(self, application: str = "courtside schedule"):
        try:
            conn = psycopg2.connect(**self.db.connect_kwargs(), application_name=application[:60])
        except psycopg2.OperationalError as exc:
            first = (str(exc).strip().splitlines() or ["?"])[0]
            raise ScheduleError(
                f"cannot reach the database {self.db.url(hide_password=True)}: {first}"
            ) from None
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

    def has(self, table: str) -> bool:
        return self.query("select to_regclass(%s) is not null", (f"raw.{table}",))[0][0]

    def ensure_runs_table(self) -> None:
        conn = self.connect()
        try:
            with conn, conn.cursor() as cur:  # one transaction, serialized across schedulers
                cur.execute("select pg_advisory_xact_lock(%s, 0)", (LOCK_CLASS,))
                cur.execute(RUNS_DDL)
        finally:
            conn.close()


class JobLock:
    """A session advisory lock on its own connection, held while one job runs."""

    def __init__(self, database: Database, job: str):
        self.database = database
        self.job = job
        self.key = zlib.crc32(f"courtside.scheduler.{job}".encode()) - (1 << 31)
        self.conn = None

    def acquire(self, wait_seconds: float = 0.0, stop: threading.Event | None = None) -> bool:
        who = f"courtside schedule {socket.gethostname()} pid {os.getpid()} job {self.job}"
        self.conn = self.database.connect(who)
        deadline = time.monotonic() + wait_seconds
        while True:
            with self.conn.cursor() as cur:
                cur.execute("select pg_try_advisory_lock(%s, %s)", (LOCK_CLASS, self.key))
                if cur.fetchone()[0]:
                    return True
            if time.monotonic() >= deadline or (stop is not None and stop.is_set()):
                self.release()
                return False
            time.sleep(0.25)

    def holder(self) -> str:
        rows = self.database.query(
            "select a.application_name, a.client_addr::text, a.pid from pg_locks l "
            "join pg_stat_activity a using (pid) where l.locktype = 'advisory' "
            "and l.classid::bigint = %s::bigint & 4294967295 "
            "and l.objid::bigint = %s::bigint & 4294967295 and l.granted",
            (LOCK_CLASS, self.key),
        )
        if not rows:
            return "another scheduler"
        app, addr, pid = rows[0]
        return f"{app or 'another session'} (backend pid {pid}{', from ' + addr if addr else ''})"

    def release(self) -> None:
        if self.conn is None:
            return
        with contextlib.suppress(psycopg2.Error):
            self.conn.close()  # closing the session releases its advisory locks
        self.conn = None


# --------------------------------------------------------------------------- scheduler


Ingest = Callable[[], Any]  # () -> Ingestor; a factory so each job gets its own run id


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
        self.dbt_executable = list(dbt_executable or [_dbt_path()])
        self.dbt_cwd = dbt_cwd or project_root()
        self.docs_dir = docs_dir
        self.out = out or (lambda line: print(line, flush=True))
        self.err = err or (lambda line: print(line, file=sys.stderr, flush=True))
        self.database = Database(db)
        self.stop = threading.Event()
        self._jobs: dict[str, Callable[[dict, bool], Callable[[], JobResult] | None]] = {
            "schedule": self._plan_schedule,
            "games": self._plan_games,
            "odds": self._plan_odds,
            "live": self._plan_live,
            "dbt": self._plan_dbt,
        }

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
        while not self.stop.is_set():
            failed |= not self.run_once().ok
            if self.stop.is_set():
                break
            now = self.clock.now()
            self.clock.sleep_until(
                now.replace(second=0, microsecond=0) + timedelta(minutes=1), self.stop
            )
        self.out("courtside schedule: stopped (SIGTERM): the current job finished first")
        return 1 if failed else 0

    def request_stop(self, *_: object) -> None:
        self.stop.set()

    # ---- one job -------------------------------------------------------------------
    def _due(self, spec: JobSpec) -> bool:
        fire = spec.cron.previous_fire(self.clock.now())
        if fire is None:
            return False
        rows = self.database.query(
            "select 1 from raw.scheduler_runs where job = %s and started_at >= %s "
            "and status = any(%s) limit 1",
            (spec.name, fire, list(RAN)),
        )
        return not rows

    def _run_job(self, spec: JobSpec, *, forced: bool, tick: TickResult) -> None:
        lock = JobLock(self.database, spec.name)
        if not lock.acquire(self.wait_for_lock, self.stop):
            holder = lock.holder()
            self.err(
                f"courtside schedule: job {spec.name!r} is already running "
                f"(advisory lock held by {holder}); skipped"
            )
            now = self.clock.now()
            self._insert_run(
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
            self.database.query(
                "update raw.scheduler_runs set status = 'abandoned', "
                "error = 'the scheduler running it died' "
                "where job = %s and status = 'running'",
                (spec.name,),
            )
            if not forced and not self._due(spec):  # another scheduler just ran it
                return
            execute = self._jobs[spec.name](spec.options, forced)
            if execute is None:
                log.info("%s: nothing to do", spec.name)
                return
            run_id = uuid.uuid4().hex[:12]
            started = self.clock.now()
            self._insert_run(run_id, spec.name, started, "running")
            try:
                result = execute()
            except ScheduleError:
                raise
            except Exception as exc:  # one job failing must not stop the others
                log.debug("job %s failed", spec.name, exc_info=True)
                result = JobResult(error=_one_line(exc))
            self._finish_run(run_id, result)
            tick.ran.append((spec.name, result))
            self._report(spec.name, run_id, result)
        finally:
            lock.release()

    def _insert_run(
        self,
        run_id: str,
        job: str,
        started: datetime,
        status: str,
        *,
        finished_at: datetime | None = None,
        error: str | None = None,
    ) -> None:
        self.database.query(
            "insert into raw.scheduler_runs "
            "(run_id, job, started_at, finished_at, status, error, host, pid) "
            "values (%s, %s, %s, %s, %s, %s, %s, %s)",
            (run_id, job, started, finished_at, status, error, socket.gethostname(), os.getpid()),
        )

    def _finish_run(self, run_id: str, result: JobResult) -> None:
        start, end = result.window()
        self.database.query(
            "update raw.scheduler_runs set finished_at = %s, status = %s, rows = %s, "
            "error = %s, window_start = %s, window_end = %s, ingest_run_id = %s, "
            "details = %s::jsonb where run_id = %s",
            (
                self.clock.now(),
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

    def _report(self, job: str, run_id: str, result: JobResult) -> None:
        start, end = result.window()
        window = f", game dates {start}..{end}" if start else ""
        line = f"{job}: {result.status}, {result.rows} rows{window} (run {run_id})"
        if result.error:
            self.err(f"courtside schedule: {line}: {result.error}")
        else:
            self.out(line)

    # ---- ingest helpers --------------------------------------------------------------
    def _ingestor(self):
        from ingest.runner import Ingestor

        return Ingestor(self.settings, self.db)

    def _finish_ingest(self, report: Any, result: JobResult) -> JobResult:
        """Fold an ingest RunReport (and validation of what it loaded) into a result."""
        result.ingest_run_id = report.run_id
        result.rows = sum(report.rows_by_table.values())
        result.details.setdefault("rows_by_table", report.rows_by_table)
        result.details.setdefault("outcomes", report.outcomes)
        problems = []
        if report.failures:
            problems.append(
                "failed: "
                + ", ".join(f"{e.feed} {e.resource_key} ({e.outcome})" for e in report.failures)
            )
        if report.load_error:
            problems.append(f"load failed: {report.load_error}")
        if self.validate and report.rows_by_table:
            from ingest.validation import validate_raw

            tables = sorted({*report.rows_by_table, "fetch_log"})
            checked = validate_raw(self.db, tables, self.docs_dir)
            result.details["validation"] = checked.summary_lines()
            if not checked.ok:
                problems.append(checked.error_line())
        result.error = "; ".join(problems)[:4000] or None
        return result

    def _loaded_keys(self, ingest_run_id: str, feed: str) -> list[str]:
        return [
            r[0]
            for r in self.database.query(
                "select distinct coalesce(game_id, resource_key) from raw.fetch_log "
                "where run_id = %s and feed = %s and outcome = 'loaded'",
                (ingest_run_id, feed),
            )
        ]

    def _game_dates(self, game_ids: Iterable[str]) -> set[date]:
        ids = sorted(set(game_ids))
        if not ids or not self.database.has("schedule_games"):
            return set()
        rows = self.database.query(
            "select distinct left(game_date_est, 10) from raw.schedule_games "
            "where game_id = any(%s)",
            (ids,),
        )
        return {date.fromisoformat(r[0]) for r in rows if r[0]}

    # ---- jobs: each returns the work to do, or None when there is nothing to do ------
    def _plan_schedule(self, options: dict, forced: bool) -> Callable[[], JobResult]:
        def execute() -> JobResult:
            before = self._schedule_fingerprints()
            report = self._ingestor().ingest_schedule()
            after = self._schedule_fingerprints()
            result = JobResult()
            changed = {g for g, v in after.items() if before.get(g) != v}
            result.dates = {date.fromisoformat(after[g][0]) for g in changed if after[g][0]}
            result.details["games_changed"] = len(changed)
            return self._finish_ingest(report, result)

        return execute

    def _schedule_fingerprints(self) -> dict[str, tuple[str, str]]:
        if not self.database.has("schedule_games"):
            return {}
        rows = self.database.query(
            "select game_id, left(game_date_est, 10), md5(concat_ws('|', game_status, "
            "game_date_time_utc, home_team__team_id, away_team__team_id, home_team__score, "
            "away_team__score, postponed_status, game_status_text)) from raw.schedule_games"
        )
        return {g: (d, h) for g, d, h in rows}

    def _plan_games(self, options: dict, forced: bool) -> Callable[[], JobResult] | None:
        now = self.clock.now()
        new = self._final_games_without_pbp(int(options.get("max_attempts", 6)))
        again = self._games_due_for_correction(
            now,
            after_days=int(options.get("refetch_after_days", 1)),
            within_days=int(options.get("refetch_within_days", 7)),
        )
        again = [g for g in again if g not in new]
        if not new and not again and not forced:
            return None

        def execute() -> JobResult:
            ingestor = self._ingestor()
            report = ingestor.ingest_games(new + again)
            result = JobResult(details={"fetched": new, "refetched": again})
            loaded = self._loaded_keys(report.run_id, "pbp") + self._loaded_keys(
                report.run_id, "boxscore"
            )
            result.details["loaded"] = sorted(set(loaded))
            result.dates = self._game_dates(loaded)
            return self._finish_ingest(report, result)

        return execute

    def _final_games_without_pbp(self, max_attempts: int) -> list[str]:
        """Final per the schedule or the latest live poll, no PBP yet, not given up on."""
        if not self.database.has("schedule_games"):
            return []
        live = self._latest_live_cte()
        pbp = (
            "and not exists (select 1 from raw.pbp_actions p where p.game_id = s.game_id)"
            if self.database.has("pbp_actions")
            else ""
        )
        rows = self.database.query(
            f"{live} select s.game_id from raw.schedule_games s "
            "left join latest_live l using (game_id) "
            "where coalesce(l.game_status, s.game_status) = 3 "
            f"and s.home_team__team_id <> 0 {pbp} "
            "and (select count(*) from raw.scheduler_runs r where r.job = 'games' "
            "     and r.status in ('ok', 'failed') and r.details->'fetched' ? s.game_id) < %s "
            "order by s.game_id",
            (max_attempts,),
        )
        return [r[0] for r in rows]

    def _latest_live_cte(self) -> str:
        if self.database.has("live_scoreboard_games"):
            return (
                "with latest_live as (select distinct on (game_id) game_id, game_status "
                "from raw.live_scoreboard_games order by game_id, poll_time desc)"
            )
        return "with latest_live as (select null::text as game_id, null::bigint as game_status)"

    def _games_due_for_correction(
        self, now: datetime, *, after_days: int, within_days: int
    ) -> list[str]:
        """Games first fetched by this scheduler on an earlier ET day (``after_days``
        back at least, ``within_days`` at most), loaded, and not re-fetched since."""
        if not self.database.has("pbp_actions"):
            return []
        today = eastern_date(now)
        rows = self.database.query(
            "with fetched as ("
            "  select g as game_id, min(r.started_at) as first_at from raw.scheduler_runs r, "
            "  jsonb_array_elements_text(r.details->'fetched') g "
            "  where r.job = 'games' and r.status in ('ok', 'failed') group by g), "
            "refetched as (select distinct g as game_id from raw.scheduler_runs r, "
            "  jsonb_array_elements_text(r.details->'refetched') g "
            "  where r.job = 'games' and r.status in ('ok', 'failed')) "
            "select f.game_id, f.first_at from fetched f "
            "where f.game_id not in (select game_id from refetched) "
            "and exists (select 1 from raw.pbp_actions p where p.game_id = f.game_id) "
            "order by f.game_id"
        )
        due = []
        for game_id, first_at in rows:
            age = (today - eastern_date(first_at)).days
            if after_days <= age <= within_days:
                due.append(game_id)
        return due

    def _plan_odds(self, options: dict, forced: bool) -> Callable[[], JobResult] | None:
        today = eastern_date(self.clock.now())
        if not forced and not self._games_on(today):
            return None

        def execute() -> JobResult:
            report = self._ingestor().ingest_odds()
            result = JobResult()
            snapshots = self._loaded_keys(report.run_id, "odds")
            if snapshots:
                games = self.database.query(
                    "select distinct game_id from raw.odds_outcomes where snapshot_id = any(%s)",
                    (snapshots,),
                )
                result.dates = self._game_dates(g for (g,) in games) or {today}
            return self._finish_ingest(report, result)

        return execute

    def _games_on(self, day: date) -> bool:
        if not self.database.has("schedule_games"):
            return False
        return bool(
            self.database.query(
                "select 1 from raw.schedule_games where left(game_date_est, 10) = %s limit 1",
                (day.isoformat(),),
            )
        )

    def _plan_live(self, options: dict, forced: bool) -> Callable[[], JobResult] | None:
        in_progress = self._games_in_progress(self.clock.now())
        if not in_progress and not forced:
            return None

        def execute() -> JobResult:
            report = self._ingestor().ingest_live()
            result = JobResult(details={"in_progress": in_progress})
            polls = self._loaded_keys(report.run_id, "scoreboard")
            if polls:
                rows = self.database.query(
                    "select distinct scoreboard_game_date, game_id "
                    "from raw.live_scoreboard_games where poll_id = any(%s)",
                    (polls,),
                )
                days = {date.fromisoformat(d[:10]) for d, _ in rows if d}
                result.dates = days or self._game_dates(g for _, g in rows)
            return self._finish_ingest(report, result)

        return execute

    def _games_in_progress(self, now: datetime) -> list[str]:
        """In progress per the latest live poll (status 2), or per the schedule: tip-off
        passed less than :data:`LIVE_WINDOW` ago and no poll has shown it final."""
        if not self.database.has("schedule_games"):
            return []
        live = self._latest_live_cte()
        rows = self.database.query(
            f"{live} select s.game_id from raw.schedule_games s "
            "left join latest_live l using (game_id) "
            "where coalesce(l.game_status, s.game_status) = 2 "
            "or (coalesce(l.game_status, s.game_status) = 1 "
            "    and nullif(s.game_date_time_utc, '')::timestamptz between %s and %s) "
            "order by s.game_id",
            (now - LIVE_WINDOW, now),
        )
        return [r[0] for r in rows]

    def _plan_dbt(self, options: dict, forced: bool) -> Callable[[], JobResult] | None:
        start, end = self._pending_window()
        if start is None:
            if forced:
                self.out("dbt: nothing changed since the last successful build; skipped")
            return None

        def execute() -> JobResult:
            vars_text = f"{{start_date: {start.isoformat()}, end_date: {end.isoformat()}}}"
            command = [*self.dbt_executable, *self.schedule.dbt_command, "--vars", vars_text]
            env = {**os.environ, **self.db.env(), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
            done = subprocess.run(
                command, cwd=self.dbt_cwd, env=env, capture_output=True, text=True
            )
            result = JobResult(dates={start, end}, details={"command": command})
            if done.returncode != 0:
                result.details["output_tail"] = (done.stdout + done.stderr)[-4000:]
                result.error = f"dbt exited {done.returncode}: {_dbt_error_line(done)}"
            return result

        return execute

    def _pending_window(self) -> tuple[date | None, date | None]:
        """Game dates changed by ingest runs that finished after the last good build
        started (so a change landing during a build is built again next time)."""
        row = self.database.query(
            "select min(window_start), max(window_end) from raw.scheduler_runs "
            "where job <> 'dbt' and status in ('ok', 'failed') and window_start is not null "
            "and finished_at > coalesce((select max(started_at) from raw.scheduler_runs "
            "  where job = 'dbt' and status = 'ok'), '-infinity'::timestamptz)"
        )[0]
        return row[0], row[1]


def _dbt_path() -> str:
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


def _dbt_error_line(done: subprocess.CompletedProcess) -> str:
    lines = [ln.strip() for ln in (done.stdout + "\n" + done.stderr).splitlines() if ln.strip()]
    for line in lines:
        if "Error" in line or "error" in line:
            return line[:500]
    return (lines[-1] if lines else "no output")[:500]


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:500]


# --------------------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``courtside schedule``."""
    add = parser.add_argument
    add("--once", action="store_true", help="run what is due now, then exit (for cron)")
    add("--file", type=Path, help=f"schedule file (default: {DEFAULT_FILE} in the repo root)")
    add("--job", choices=JOB_ORDER, help="run this job now, due or not, then exit")
    add("--now", metavar="ISO-8601", help="run as if it were this time (UTC unless offset)")
    add("--cdn-base-url", help="stands for https://cdn.nba.com")
    add("--stats-base-url", help="stands for https://stats.nba.com")
    add("--no-dbt", action="store_true", help="never run dbt build")
    add("--no-validate", action="store_true", help="skip great-expectations after ingests")
    add(
        "--wait-for-lock",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait this long for a job another scheduler is running (default: skip it)",
    )


def run(args: argparse.Namespace) -> int:
    """``courtside schedule``: 0 when every job ran fine (or was not due), 1 otherwise."""
    from ingest.database import DatabaseError, resolve

    try:
        clock: Clock = SystemClock()
        if args.now:
            clock = OffsetClock(_parse_now(args.now))
        schedule = ScheduleFile.load(args.file or project_root() / DEFAULT_FILE)
        settings = load_settings(cdn_base_url=args.cdn_base_url, stats_base_url=args.stats_base_url)
        scheduler = Scheduler(
            schedule,
            resolve(start_embedded=True),
            settings,
            clock=clock,
            run_dbt=not args.no_dbt,
            validate=False if args.no_validate else None,
            wait_for_lock=args.wait_for_lock,
        )
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                previous[signum] = signal.signal(signum, scheduler.request_stop)
        try:
            if args.once or args.job:
                tick = scheduler.run_once(args.job)
                return 0 if tick.ok else 1
            return scheduler.serve()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
    except (ScheduleError, DatabaseError) as exc:
        print(f"courtside: error: {exc}", file=sys.stderr)
        return 1


def _parse_now(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ScheduleError(f"--now {text!r}: not an ISO-8601 time") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def main(argv: list[str] | None = None) -> int:
    """``python -m ingest.scheduler``: the same as ``courtside schedule``."""
    parser = argparse.ArgumentParser(prog="courtside schedule", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
