"""Indexes on the raw tables, which dlt does not create.

The per-game tables are replaced one game at a time (dlt's delete-insert on ``game_id``)
and read one game window at a time (dbt's staging views on a ``--vars`` rebuild, whose
filters reach down to ``raw``). Without an index on ``game_id`` each of those scans every
season held, so a one-day rebuild would grow with history. ``ensure_raw_indexes`` creates
the missing ones after a load (the tables exist only once dlt first loads them); it is
idempotent and safe to run from two ingestors at once.
"""

from __future__ import annotations

from collections.abc import Iterable

import psycopg2
import psycopg2.errors
from psycopg2 import sql

from ingest.database import PgSettings

# table -> indexed columns (leading game_id). pbp_actions also carries _fetched_at: its
# staging view keeps a game's latest payload with a per-row "no newer fetch" probe.
RAW_INDEXES: dict[str, tuple[str, ...]] = {
    "pbp_actions": ("game_id", "_fetched_at"),
    "boxscore_games": ("game_id",),
    "boxscore_teams": ("game_id",),
    "boxscore_players": ("game_id",),
    "odds_outcomes": ("game_id",),
    "live_scoreboard_games": ("game_id",),
    "live_boxscore_players": ("game_id",),
}


def index_name(table: str, columns: Iterable[str]) -> str:
    return f"{table}__{'__'.join(c.strip('_') for c in columns)}_idx"


def ensure_raw_indexes(
    db: PgSettings, schema: str, tables: Iterable[str] | None = None
) -> list[str]:
    """Create the missing indexes of ``RAW_INDEXES`` (of ``tables`` only, if given) on the
    tables that exist in ``schema``; returns the names of the indexes created."""
    wanted = {t: c for t, c in RAW_INDEXES.items() if tables is None or t in set(tables)}
    created: list[str] = []
    conn = psycopg2.connect(**db.connect_kwargs())
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for table, columns in wanted.items():
                name = index_name(table, columns)
                cur.execute(
                    "select to_regclass(%s) is not null, to_regclass(%s) is not null",
                    (f"{schema}.{table}", f"{schema}.{name}"),
                )
                table_exists, index_exists = cur.fetchone()
                if not table_exists or index_exists:
                    continue
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
                    continue  # another ingestor created it at the same moment
                created.append(name)
    finally:
        conn.close()
    return created
