"""Resuming a dlt load package that a killed run left half-loaded.

dlt resumes a package's started jobs by running them again. A COPY job whose transaction
had committed when the process died, before dlt could record it (no pending-transition
marker), would then insert its rows a second time: the ``_dlt_id`` unique index rejects
them, and every later run fails on the same package. So before a resume, the rows such a
job already wrote (found by the ``_dlt_id`` values in its job file) are deleted from the
table it loads: the staging dataset's table for merge loads, else the table itself. The
rerun then writes them exactly once. SQL follow-up jobs (dlt's delete-insert merges) run
in one transaction and are idempotent: they are left to dlt.
"""

from __future__ import annotations

import csv
import gzip
import logging
import sys
from pathlib import Path

import dlt
from psycopg2 import sql

from ingest.database import PgSettings, connect

log = logging.getLogger("courtside.ingest")

DATA_FILE_FORMATS = {"csv"}  # what the runner loads with (runner.LOADER_FILE_FORMAT)


def clear_partial_copies(pipeline: dlt.Pipeline, db: PgSettings) -> int:
    """Delete the rows of started-but-unrecorded COPY jobs of every pending package, so
    that dlt can resume them; returns the number of rows deleted."""
    packages = pipeline._get_load_storage().normalized_packages  # no public API for this
    schemas = [pipeline.dataset_name, f"{pipeline.dataset_name}_staging"]
    deleted = 0
    for load_id in pipeline.list_normalized_load_packages():
        recorded = set(packages.list_pending_transitions(load_id))  # dlt completes these
        for job in pipeline.get_load_package_info(load_id).jobs.get("started_jobs", []):
            info = job.job_file_info
            if info.file_format not in DATA_FILE_FORMATS or info.file_name() in recorded:
                continue
            ids = dlt_ids_of(Path(job.file_path))
            if not ids:
                continue
            for schema in schemas:
                count = _delete_rows(db, schema, info.table_name, ids)
                if count:
                    log.warning(
                        "load package %s: job %s had written %d rows to %s.%s before the "
                        "previous run was killed; removed so it can be resumed",
                        load_id,
                        info.file_name(),
                        count,
                        schema,
                        info.table_name,
                    )
                deleted += count
    return deleted


def dlt_ids_of(path: Path) -> list[str]:
    """The ``_dlt_id`` column of a dlt CSV job file (gzip-compressed or not)."""
    return column_of(path, "_dlt_id")


def column_of(path: Path, name: str) -> list[str]:
    """Column ``name`` of a dlt CSV job file (gzip-compressed or not); [] without it."""
    csv.field_size_limit(sys.maxsize)
    with path.open("rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
    opener = gzip.open if compressed else open
    with opener(path, "rt", newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header or name not in header:
            return []
        column = header.index(name)
        return [row[column] for row in reader if len(row) > column]


def _delete_rows(db: PgSettings, schema: str, table: str, ids: list[str]) -> int:
    conn = connect(db)
    try:
        with conn, conn.cursor() as cur:
            # raw tables always exist; dlt's staging dataset holds only merged tables
            cur.execute("select to_regclass(%s)", (f"{schema}.{table}",))
            if cur.fetchone()[0] is None:
                return 0
            cur.execute(
                sql.SQL("delete from {} where _dlt_id = any(%s)").format(
                    sql.Identifier(schema, table)
                ),
                (ids,),
            )
            return cur.rowcount
    finally:
        conn.close()


def finish_extracted_packages(pipeline: dlt.Pipeline) -> list[str]:
    """Normalize the packages a killed run extracted but did not normalize (dlt's ``load``
    alone skips them, and its ``run`` would then load only them and drop the new data).
    A package cut off mid-extract cannot be normalized (dlt: no schema file): it is
    dropped, losing nothing, since its payloads are archived and not in raw, so the next
    run that asks for them loads them. Returns the ids of the packages dropped."""
    extracted = list(pipeline.list_extracted_load_packages())
    if not extracted:
        return []
    try:
        pipeline.normalize()
        return []
    except Exception as exc:  # dlt wraps the step failure
        log.warning("dropping %d unfinished extracted package(s): %s", len(extracted), exc)
    packages = pipeline._get_normalize_storage().extracted_packages  # no public API for this
    dropped = [load_id for load_id in pipeline.list_extracted_load_packages()]
    for load_id in dropped:
        packages.delete_package(load_id)
    return dropped
