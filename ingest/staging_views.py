"""What Python asks of the warehouse's business rules, it asks dbt's staging views.

A game's date (the US-Eastern date of its tip-off), which games are placeholders (a team
id 0), the latest version of a row: those rules live in the staging models only.  The
runner and the scheduler read the views (schema ``staging``) instead of raw columns.
Before the first ``dbt build`` the views do not exist yet: the first reader then has the
raw tables created (they are what the views select from) and builds just these views
with ``dbt run -s``, under an advisory lock so that two processes never build them at
once.  A view, once there, always reads the current raw rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ingest.database import DatabaseError, PgSettings, connect
from ingest.dbt_cli import error_line, run_dbt_quietly

SCHEMA = "staging"
SCHEDULE_GAMES = f"{SCHEMA}.stg_nba_cdn__schedule_games"
LIVE_SCOREBOARD_GAMES = f"{SCHEMA}.stg_nba_cdn__live_scoreboard_games"
ODDS_OUTCOMES = f"{SCHEMA}.stg_nba_cdn__odds_outcomes"
VIEWS = (SCHEDULE_GAMES, LIVE_SCOREBOARD_GAMES, ODDS_OUTCOMES)
# Advisory lock ("CSTG", 0) held while the views are built.
BUILD_LOCK = (0x43535447, 0)


class StagingError(DatabaseError):
    """The staging views are missing and dbt could not build them, in one line."""


class StagingViews:
    """Queries on the staging views, which are built on first use if missing.

    ``ensure_raw`` creates the raw tables the views read (``Ingestor.ensure_raw_tables``)."""

    def __init__(self, db: PgSettings, ensure_raw: Callable[[], Any]):
        self.db = db
        self.ensure_raw = ensure_raw
        self._ready = False

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        self.ensure()
        conn = connect(self.db)
        try:
            with conn.cursor() as cur:
                cur.execute(sql, tuple(params) or None)
                return cur.fetchall()
        finally:
            conn.close()

    def ensure(self) -> None:
        if self._ready:
            return
        conn = connect(self.db, application_name="courtside staging views")
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                if _missing(cur):
                    cur.execute("select pg_advisory_lock(%s, %s)", BUILD_LOCK)
                    if _missing(cur):  # not built by whoever held the lock before us
                        self._build()
        finally:
            conn.close()  # releases the lock
        self._ready = True

    def _build(self) -> None:
        self.ensure_raw()
        names = [view.split(".", 1)[1] for view in VIEWS]
        done = run_dbt_quietly(["run", "--select", *names], self.db)
        if done.returncode != 0:
            raise StagingError(
                f"cannot build the staging views ({', '.join(names)}): "
                f"dbt exited {done.returncode}: {error_line(done)}"
            )


def _missing(cur) -> list[str]:
    cur.execute("select v from unnest(%s::text[]) v where to_regclass(v) is null", (list(VIEWS),))
    return [r[0] for r in cur.fetchall()]
