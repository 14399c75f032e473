"""Upkeep of the raw tables after a load: the indexes and statistics dlt leaves out.

- Indexes: the per-game tables are replaced one game at a time (dlt's delete-insert on
  ``game_id``) and read one game window at a time (dbt's staging views on a ``--vars``
  rebuild, whose filters reach down to ``raw``). dlt creates no index but ``_dlt_id``, so
  without one on ``game_id`` each of those would scan every season held and a one-day
  rebuild would grow with history.
- Statistics: a table dlt has just created has none until autovacuum gets to it (up to a
  minute later), and dbt usually runs right after ingestion; planning on no statistics
  can turn a join over a fresh table into a nested loop that runs for minutes. The same
  goes for a table whose statistics describe a fraction of what it now holds (a season
  backfilled onto one already loaded: the planner would still count one season). A table
  with no column statistics (never analyzed, or analyzed while still empty), or one a load
  just added more than ``STALE_SHARE`` of its counted rows to, is analyzed here; between
  such loads autovacuum keeps it current.

``upkeep_raw_tables`` is idempotent, and safe to run from two ingestors at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import psycopg2
import psycopg2.errors
from psycopg2 import sql

from ingest.database import PgSettings, connect

# table -> indexed columns (leading game_id). pbp_actions also carries _fetched_at: its
# staging view keeps a game's latest payload with a per-game "latest fetch" probe.
RAW_INDEXES: dict[str, tuple[str, ...]] = {
    "pbp_actions": ("game_id", "_fetched_at"),
    "boxscore_games": ("game_id",),
    "boxscore_teams": ("game_id",),
    "boxscore_players": ("game_id",),
    "boxscore_traditional_teams": ("game_id",),
    "boxscore_traditional_players": ("game_id",),
    "odds_outcomes": ("game_id",),
    "live_scoreboard_games": ("game_id",),
    "live_boxscore_players": ("game_id",),
}


# a load adding more rows than this share of what the planner counts makes it re-analyze
STALE_SHARE = 0.1


def index_name(table: str, columns: Iterable[str]) -> str:
    return f"{table}__{'__'.join(c.strip('_') for c in columns)}_idx"


def upkeep_raw_tables(
    db: PgSettings, schema: str, rows_loaded: Mapping[str, int]
) -> dict[str, list[str]]:
    """For each table of ``rows_loaded`` in ``schema`` (tables a load just wrote to, with
    the rows it wrote; 0 for a table just created): create its missing indexes of
    ``RAW_INDEXES`` and analyze it if its statistics are missing or stale. Returns what
    was done: ``{"indexes_created": [...], "analyzed": [...]}``."""
    done: dict[str, list[str]] = {"indexes_created": [], "analyzed": []}
    conn = connect(db)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for table, rows in rows_loaded.items():
                if table in RAW_INDEXES and _create_index(cur, schema, table, RAW_INDEXES[table]):
                    done["indexes_created"].append(index_name(table, RAW_INDEXES[table]))
                if _never_analyzed(cur, schema, table) or _stale(cur, schema, table, rows):
                    cur.execute(sql.SQL("analyze {}").format(sql.Identifier(schema, table)))
                    done["analyzed"].append(table)
    finally:
        conn.close()
    return done


def _create_index(cur, schema: str, table: str, columns: tuple[str, ...]) -> bool:
    name = index_name(table, columns)
    cur.execute("select to_regclass(%s) is not null", (f"{schema}.{name}",))
    if cur.fetchone()[0]:
        return False
    try:
        cur.execute(
            sql.SQL("create index if not exists {} on {}.{} ({})").format(
                sql.Identifier(name),
                sql.Identifier(schema),
                sql.Identifier(table),
                sql.SQL(", ").join(sql.Identifier(c) for c in columns),
            )
        )
    except (psycopg2.errors.UniqueViolation, psycopg2.errors.DuplicateTable):
        return False  # another ingestor created it at the same moment
    return True


def _never_analyzed(cur, schema: str, table: str) -> bool:
    """No column statistics yet: never analyzed, or analyzed only while empty (a raw table
    is created empty by ``ingest.raw_tables`` before its first rows land)."""
    cur.execute(
        "select not exists (select 1 from pg_stats where schemaname = %s and tablename = %s)",
        (schema, table),
    )
    return bool(cur.fetchone()[0])


def _stale(cur, schema: str, table: str, rows_loaded: int) -> bool:
    """The load added more than ``STALE_SHARE`` of the rows the planner counts."""
    cur.execute(
        "select reltuples from pg_class where oid = to_regclass(%s)", (f'"{schema}"."{table}"',)
    )
    found = cur.fetchone()
    return found is not None and rows_loaded > STALE_SHARE * max(found[0], 0)
