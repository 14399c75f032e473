"""``courtside schedule``: its options, and running it (once, or until SIGTERM)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

from ingest.config import load_settings, project_root
from ingest.database import DatabaseError, resolve
from ingest.scheduler.clock import Clock, OffsetClock, SystemClock
from ingest.scheduler.cron import ScheduleError
from ingest.scheduler.driver import Scheduler
from ingest.scheduler.schedule_file import DEFAULT_FILE, JOB_ORDER, ScheduleFile


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``courtside schedule``."""
    add = parser.add_argument
    add("--once", action="store_true", help="run what is due now, then exit (for cron)")
    add("--file", type=Path, help=f"schedule file (default: {DEFAULT_FILE} in the repo root)")
    add("--job", choices=JOB_ORDER, help="run this job now, due or not, then exit")
    add(
        "--status",
        action="store_true",
        help="print each job's latest run and any window given up on, then exit",
    )
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
        if args.status:
            for line in scheduler.status_lines():
                print(line)
            return 0
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
    import ingest.scheduler

    parser = argparse.ArgumentParser(
        prog="courtside schedule", description=ingest.scheduler.__doc__
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    return run(args)
