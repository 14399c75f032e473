"""What a load cut short by Ctrl-C (SIGINT) or SIGTERM had committed.

dlt stops a load at the first signal: the jobs it has finished stay committed, the rest
of the load package waits in the pipeline folder, and the next run resumes it
(:mod:`ingest.load_recovery`).  Before the process exits, the runner asks here which
payloads of the interrupted package are in ``raw`` whole: every table the package loads
the payload into holds its rows (by ``_payload_sha256`` and the package's load id).
Their fetch-log entries stay ``loaded``; the others become ``archived`` (the next run
loads them), and the fetch log is written beside the pending package.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import dlt
from dlt.common.exceptions import SignalReceivedException
from dlt.common.runtime import signals
from psycopg2 import sql

from ingest.database import PgSettings, connect
from ingest.load_recovery import DATA_FILE_FORMATS, column_of

SHA_COLUMN = "_payload_sha256"
JOB_STATES = ("new_jobs", "started_jobs", "completed_jobs", "failed_jobs")


def hold_signals() -> contextlib.ExitStack:
    """dlt's signal interception over a whole load, its steps nested in it: a signal
    that arrives after a step's last check is kept (``signals.raise_if_signalled``)
    instead of dropped when the step ends.  Only where SIGINT still raises
    KeyboardInterrupt (the CLI), not under the scheduler's own handlers."""
    held = contextlib.ExitStack()
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        held.enter_context(signals.intercepted_signals())
    return held


class IngestInterrupted(KeyboardInterrupt):
    """A run stopped by a signal after saying what it had committed (``str()``: one line)."""


def is_interruption(exc: BaseException) -> bool:
    """Did a signal cause ``exc``?  dlt wraps its ``SignalReceivedException`` (and a
    KeyboardInterrupt raised inside a step) in ``PipelineStepFailed``."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt | SignalReceivedException):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


@dataclass
class CommittedLoad:
    """The payloads (by sha256) of a run's load packages that are in raw whole, and the
    rows those packages committed per table."""

    shas: set[str] = field(default_factory=set)
    rows_by_table: dict[str, int] = field(default_factory=dict)
    pending: bool = False  # packages are left for the next run to finish


def completed_packages(pipeline: dlt.Pipeline) -> set[str]:
    return set(pipeline.list_completed_load_packages())


def committed_load(
    pipeline: dlt.Pipeline, db: PgSettings, completed_before: set[str]
) -> CommittedLoad:
    """What the packages of this run (pending ones, and those completed since
    ``completed_before`` was taken) committed to raw."""
    pending = list(pipeline.list_normalized_load_packages())
    found = CommittedLoad(pending=bool(pending or pipeline.list_extracted_load_packages()))
    load_ids = pending + sorted(completed_packages(pipeline) - completed_before)
    expected: dict[str, set[str]] = {}  # table -> shas the packages load into it
    for load_id in load_ids:
        jobs = pipeline.get_load_package_info(load_id).jobs
        for state in JOB_STATES:
            for job in jobs.get(state, []):
                info = job.job_file_info
                if info.file_format in DATA_FILE_FORMATS:
                    shas = column_of(Path(job.file_path), SHA_COLUMN)
                    if shas:  # a table without payload lineage (none yet) is not checked
                        expected.setdefault(info.table_name, set()).update(shas)
    landed = {
        table: _committed_shas(db, pipeline.dataset_name, table, load_ids) for table in expected
    }
    for table, shas in landed.items():
        if shas:
            found.rows_by_table[table] = sum(shas.values())
    everything = set().union(*expected.values()) if expected else set()
    found.shas = {
        sha
        for sha in everything
        if all(sha in landed[table] for table, shas in expected.items() if sha in shas)
    }
    return found


def _committed_shas(
    db: PgSettings, schema: str, table: str, load_ids: Iterable[str]
) -> dict[str, int]:
    """Rows per payload sha256 that the given loads committed to ``schema.table``."""
    conn = connect(db)
    try:
        with conn.cursor() as cur:
            cur.execute("select to_regclass(%s)", (f"{schema}.{table}",))
            if cur.fetchone()[0] is None:
                return {}
            cur.execute(
                sql.SQL(
                    "select {sha}, count(*) from {table} where _dlt_load_id = any(%s) group by 1"
                ).format(sha=sql.Identifier(SHA_COLUMN), table=sql.Identifier(schema, table)),
                (list(load_ids),),
            )
            return dict(cur.fetchall())
    finally:
        conn.close()
