"""Every raw table, with every column staging reads, from the first run of any feed.

A user who loads only some feeds (say the games of a past season, which has no schedule
payload) must still be able to ``dbt build``: staging reads every raw table.  Each dlt
resource declares the columns staging reads (``columns=`` hints with types), and before
a run loads anything, the runner has dlt create the raw tables that are missing, or add
the declared columns a table lacks, by running the feeds' sources over no payloads
(``dlt.mark.materialize_table_schema``).  Staging then reads raw tables as they are,
without probing whether a table or column exists.
"""

from __future__ import annotations

from collections.abc import Iterator

import dlt
from dlt.extract import DltResource, DltSource

from ingest.archive import Archive
from ingest.database import PgSettings, connect
from ingest.sources.batch import PayloadBatch
from ingest.sources.fetch_log import FetchLog, fetch_log_rows
from ingest.sources.games import nba_games
from ingest.sources.live import nba_live
from ingest.sources.odds import nba_odds
from ingest.sources.schedule import nba_schedule
from ingest.sources.static import nba_static
from ingest.sources.traditional_boxscore import nba_traditional_boxscores


def _empty_sources(archive: Archive) -> list[DltSource | DltResource]:
    """Every feed's source (and the fetch log) over no payloads: each resource yields only
    the marker that makes dlt create its table with the declared columns."""
    log = FetchLog("materialize")
    empty = PayloadBatch(archive, log)
    return [
        nba_schedule(empty),
        nba_games(empty),
        nba_traditional_boxscores(empty),
        nba_odds(empty),
        nba_live(empty),
        nba_static([], [], ""),
        fetch_log_rows(log),
    ]


def _resources(item: DltSource | DltResource) -> Iterator[DltResource]:
    yield from item.resources.values() if isinstance(item, DltSource) else [item]


def _disposition(resource: DltResource) -> str:
    hint = resource.write_disposition
    return hint["disposition"] if isinstance(hint, dict) else hint


def _declared_columns(resource: DltResource) -> set[str]:
    return {name for name, hint in resource.columns.items() if hint.get("data_type") is not None}


def _existing_columns(db: PgSettings, dataset: str) -> dict[str, set[str]]:
    conn = connect(db)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "select table_name, column_name from information_schema.columns"
                " where table_schema = %s",
                (dataset,),
            )
            rows = cur.fetchall()
    finally:
        conn.close()
    found: dict[str, set[str]] = {}
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    return found


def missing_raw_columns(db: PgSettings, dataset: str, archive: Archive) -> dict[str, set[str]]:
    """Declared columns not in the database yet, by table (a missing table: all of them)."""
    existing = _existing_columns(db, dataset)
    missing: dict[str, set[str]] = {}
    for item in _empty_sources(archive):
        for resource in _resources(item):
            lacking = _declared_columns(resource) - existing.get(resource.name, set())
            if lacking:
                missing[resource.name] = lacking
    return missing


def materialize_raw_tables(
    pipeline: dlt.Pipeline, db: PgSettings, dataset: str, archive: Archive
) -> list[str]:
    """Create the raw tables that are missing and add declared columns a table lacks;
    the tables touched.  Loads no rows and deletes none: a resource whose table is
    replaced whole on every load (teams, players) is only created when missing, since
    dlt would replace an existing one with the empty marker."""
    existing = _existing_columns(db, dataset)
    missing = missing_raw_columns(db, dataset, archive)
    selected: list[DltSource | DltResource] = []
    touched: list[str] = []
    for item in _empty_sources(archive):
        names = [
            r.name
            for r in _resources(item)
            if r.name in missing and (_disposition(r) != "replace" or r.name not in existing)
        ]
        if not names:
            continue
        touched += names
        if isinstance(item, DltSource):
            item = item.with_resources(*names)
        for resource in _resources(item):
            if _disposition(resource) == "merge":
                # creating an empty table needs no merge; dlt's upsert cannot normalize the
                # empty marker (KeyError on the key). The next real load sets it back.
                resource.apply_hints(write_disposition="append")
        selected.append(item)
    if selected:
        pipeline.run(selected)
    return touched
