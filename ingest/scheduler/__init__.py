"""``courtside schedule``: the jobs that keep the warehouse current, from ``schedule.yml``.

Jobs (one function each, run in this order when due):

* ``schedule`` - refresh ``scheduleLeagueV2.json``; the game dates whose rows changed
  are what changed.
* ``games``    - PBP and boxscore of games that turned final (status 3 in the
  schedule or in the latest live poll) with no PBP loaded yet, and each
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

What a game is (its date, whether it is a real game or a placeholder) the jobs read
from dbt's staging views (:mod:`ingest.staging_views`), never from raw columns.

Every run is a row of ``raw.scheduler_runs`` (created with plain SQL; dlt does not
own it): run_id, job, started_at, finished_at, status (running, ok, failed,
skipped_locked, abandoned, stopped, given_up), rows, error, the date window it changed,
and details (game ids fetched...).  Times come from the scheduler's :class:`Clock`,
which is the system clock except in tests and with ``--now``.

Steps never wedge the scheduler: a ``dbt build`` runs as a child process with a time
limit (``step_timeout_seconds`` in ``.dlt/config.toml``), and SIGTERM (or Ctrl-C) stops it
(:mod:`~ingest.scheduler.dbt_step`: dbt cancels its queries on SIGINT; a child that does
not exit is killed and its sessions terminated), is recorded ``stopped`` and the
scheduler exits 0; an ingest job in progress is finished first (its HTTP calls are
bounded by ``run_deadline_seconds``).  A failed build's error is dbt's own: the failing
nodes and messages of ``run_results.json``.  A window whose build failed
``give_up_after_failures`` times in a row is given up on (a ``given_up`` row, one line
on stderr and in ``courtside schedule --status``) until the window changes or a build
succeeds (``--job dbt`` retries it now).  Each step prints one progress line: job: outcome |
game dates | step | elapsed | run id.

Modules: :mod:`~ingest.scheduler.cron` (cron through croniter, US-Eastern),
:mod:`~ingest.scheduler.clock`, :mod:`~ingest.scheduler.schedule_file`,
:mod:`~ingest.scheduler.run_log` (runs table and advisory locks),
:mod:`~ingest.scheduler.jobs` (the planners), :mod:`~ingest.scheduler.dbt_step` (the
bounded dbt child), :mod:`~ingest.scheduler.driver` (due jobs, one at a time) and
:mod:`~ingest.scheduler.cli` (``add_arguments``, ``run``).
"""

from ingest.scheduler.cli import add_arguments, run
from ingest.scheduler.run_log import LOCK_CLASS

__all__ = ["LOCK_CLASS", "add_arguments", "run"]
