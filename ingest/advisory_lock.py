"""Postgres session advisory locks: held on their own connection, released when it
closes (so a process killed with SIGKILL releases its locks when its session drops).
The scheduler runs each job under one (:class:`ingest.scheduler.run_log.JobLock`), and
every ingest run, ``courtside ingest`` or a scheduler job, takes :func:`ingest_lock`: one
ingest at a time per database, since all of them share dlt's pipeline folder and raw
tables (:func:`job_locks` gives a scheduler job both)."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import zlib
from collections.abc import Callable

import psycopg2

from ingest.database import PgSettings, connect

# First key of every advisory lock an ingest run takes ("CSIN"); the second is the name.
INGEST_LOCK_CLASS = 0x4353494E


class AdvisoryLock:
    """``pg_try_advisory_lock(lock_class, crc32(name))`` on a connection opened by
    ``open_connection(who)``; ``who`` is its application name, which :meth:`holder`
    shows to whoever finds the lock taken."""

    def __init__(
        self, open_connection: Callable[[str], object], lock_class: int, name: str, who: str
    ):
        self.open_connection = open_connection
        self.lock_class = lock_class
        self.key = zlib.crc32(name.encode()) - (1 << 31)
        self.who = who
        self.conn = None

    def acquire(self, wait_seconds: float = 0.0, stop: threading.Event | None = None) -> bool:
        self.conn = self.open_connection(self.who)
        self.conn.autocommit = True
        deadline = time.monotonic() + wait_seconds
        while True:
            with self.conn.cursor() as cur:
                cur.execute("select pg_try_advisory_lock(%s, %s)", (self.lock_class, self.key))
                if cur.fetchone()[0]:
                    return True
            if time.monotonic() >= deadline or (stop is not None and stop.is_set()):
                self.release()
                return False
            time.sleep(0.25)

    def holder(self) -> str:
        """Who holds the lock: its application name, backend pid, client, since when."""
        conn = self.open_connection(self.who)
        try:
            with conn.cursor() as cur:
                cur.execute(
                    "select a.application_name, a.client_addr::text, a.pid, a.backend_start "
                    "from pg_locks l join pg_stat_activity a using (pid) "
                    "where l.locktype = 'advisory' "
                    "and l.classid::bigint = %s::bigint & 4294967295 "
                    "and l.objid::bigint = %s::bigint & 4294967295 and l.granted",
                    (self.lock_class, self.key),
                )
                rows = cur.fetchall()
        finally:
            conn.close()
        if not rows:
            return "another session (gone now)"
        app, addr, pid, since = rows[0]
        started = since.astimezone().isoformat(sep=" ", timespec="seconds")
        origin = f", from {addr}" if addr else ""
        return f"{app or 'another session'} (backend pid {pid}{origin}, since {started})"

    def release(self) -> None:
        if self.conn is None:
            return
        with contextlib.suppress(psycopg2.Error):
            self.conn.close()  # closing the session releases its advisory locks
        self.conn = None


class Locks:
    """Several advisory locks taken in order, as one: :meth:`acquire` holds all or none,
    and :meth:`holder` names whoever holds the one that could not be taken."""

    def __init__(self, *locks: AdvisoryLock):
        self.locks = locks
        self.blocked: AdvisoryLock | None = None

    def acquire(self, wait_seconds: float = 0.0, stop: threading.Event | None = None) -> bool:
        for taken, lock in enumerate(self.locks):
            if not lock.acquire(wait_seconds, stop):
                self.blocked = lock
                for held in self.locks[:taken]:
                    held.release()
                return False
        return True

    def holder(self) -> str:
        return (self.blocked or self.locks[0]).holder()

    def release(self) -> None:
        for lock in reversed(self.locks):
            lock.release()


def job_locks(
    job_lock: AdvisoryLock, db: PgSettings, job: str, ingests: bool
) -> AdvisoryLock | Locks:
    """A scheduler job's locks: its own, and the ingest lock if the job ``ingests``, so
    a scheduled ingest and a ``courtside ingest`` never run at once."""
    if not ingests:
        return job_lock
    return Locks(job_lock, ingest_lock(db, f"courtside schedule job {job}"))


class IngestLocked(RuntimeError):
    """Another ingest run holds the lock (the message names it)."""


def ingest_lock(db: PgSettings, what: str) -> AdvisoryLock:
    """The lock every ingest run of this database takes; ``what`` names the run
    (e.g. ``courtside ingest games``), shown with this host and pid (and, by
    :meth:`AdvisoryLock.holder`, since when it holds the lock)."""
    who = f"{what} on {socket.gethostname()} pid {os.getpid()}"
    return AdvisoryLock(
        lambda name: connect(db, application_name=name), INGEST_LOCK_CLASS, "courtside.ingest", who
    )


@contextlib.contextmanager
def holding_ingest_lock(db: PgSettings, what: str, wait_seconds: float = 0.0):
    """Run the body under :func:`ingest_lock`, or raise :class:`IngestLocked`."""
    lock = ingest_lock(db, what)
    if not lock.acquire(wait_seconds):
        raise IngestLocked(
            f"another ingest is running: {lock.holder()}; wait for it to finish "
            "(ingests share dlt's pipeline folder and cannot run at once)"
        )
    try:
        yield lock
    finally:
        lock.release()
