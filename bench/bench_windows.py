"""Benchmark: big windows on the three-season database stay as fast as a full build.

On the database of bench_precompute.py (three synthetic seasons, 3,690 games, ~2.2M PBP
actions; loaded first if missing), times a whole-project ``dbt build`` (every layer and
its tests) four ways:

* ``full``: ``--full-refresh``, every row of the three seasons (the yardstick);
* ``no_vars_after_two_weeks``: a plain ``dbt build`` after the last two weeks of the
  2024-25 season landed (emulated: their rows are removed from every warehouse table
  first, so every model's high-water mark is two weeks back and the batch is two weeks
  plus ``lookback_days``, as after ingesting two weeks of games);
* ``season_window``: ``--vars '{start_date: 2024-10-22, end_date: 2025-04-13}'``;
* ``six_week_window``: ``--vars '{start_date: 2024-12-01, end_date: 2025-01-11}'``;

and ``dbt run --select game_events`` over the season window against its full refresh.

Each line records the wall time, dbt's node seconds (the warehouse work), the games the
run rebuilt, ``vs_full_build`` (its wall time over the full build's: the target of #10 is
at most 2.0, where a season-wide window used to run for longer than five full builds) and,
for information, ``vs_full_same_rows``: the wall time over the full build's pro rata to
the games rebuilt. That one stays well above 1 for small windows and for no-vars builds:
dbt's start-up (~12 s) and the tests of a no-vars build, which check every row of every
table as a full build does, cost the same whatever the batch. Appends to
``bench/results/windows.jsonl``.

    .venv/bin/python bench/bench_windows.py [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from _common import (  # noqa: E402
    THREE_SEASONS_WORK,
    load_three_seasons,
    record,
    run_dbt,
    run_results_figures,
    scalar,
    three_season_result,
)

from ingest.database import PgSettings, connect  # noqa: E402

RESULTS = REPO / "bench" / "results" / "windows.jsonl"
WORK = THREE_SEASONS_WORK / "windows"
SEASON = (date(2024, 10, 22), date(2025, 4, 13))
SIX_WEEKS = (date(2024, 12, 1), date(2025, 1, 11))
WAREHOUSE_SCHEMAS = ("analytics", "precompute", "features")
TARGET = 2.0


def games_between(db: PgSettings, start: date, end: date | None = None) -> int:
    return scalar(
        db,
        "select count(*) from analytics.games where game_status = 3"
        " and game_date >= %s and game_date <= coalesce(%s, game_date)",
        (start, end),
    )


def window_vars(start: date, end: date) -> str:
    return json.dumps({"start_date": str(start), "end_date": str(end)})


def forget_since(db: PgSettings, cutoff: date) -> dict[str, int]:
    """Delete every warehouse row dated from ``cutoff`` on (game_date / analysis_date), as
    if the games since had landed after the last build."""
    deleted = {}
    conn = connect(db)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(
                "select c.table_schema, c.table_name, c.column_name"
                " from information_schema.columns as c"
                " join information_schema.tables as t"
                "   on t.table_schema = c.table_schema and t.table_name = c.table_name"
                " where c.table_schema = any(%s) and t.table_type = 'BASE TABLE'"
                "   and c.column_name in ('game_date', 'analysis_date')",
                (list(WAREHOUSE_SCHEMAS),),
            )
            for schema, table, column in cur.fetchall():
                cur.execute(f'delete from "{schema}"."{table}" where "{column}" >= %s', (cutoff,))
                deleted[f"{schema}.{table}"] = cur.rowcount
    finally:
        conn.close()
    return deleted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    db, loads = load_three_seasons()
    WORK.mkdir(parents=True, exist_ok=True)
    base = three_season_result("windows", args.threads, loads)

    def timed(*dbt_args: str) -> tuple[float, dict]:
        seconds = run_dbt(WORK, db, args.threads, *dbt_args)
        return seconds, run_results_figures(WORK)

    full_seconds, full = timed("build", "--full-refresh")
    all_games = games_between(db, date.min)
    record(
        RESULTS,
        {**base, "measure": "full", "seconds": round(full_seconds, 1), "games": all_games, **full},
    )

    def measure(name: str, games: int, *dbt_args: str, yardstick=(full_seconds, full)) -> None:
        seconds, figures = timed(*dbt_args)
        same_rows = yardstick[0] * games / all_games
        same_rows_nodes = yardstick[1]["node_seconds"] * games / all_games
        record(
            RESULTS,
            {
                **base,
                "measure": name,
                "command": " ".join(dbt_args),
                "seconds": round(seconds, 1),
                "games_rebuilt": games,
                **figures,
                "vs_full_build": round(seconds / yardstick[0], 2),
                "vs_full_same_rows": round(seconds / same_rows, 2),
                "node_seconds_vs_full_same_rows": round(
                    figures["node_seconds"] / same_rows_nodes, 2
                ),
                "target_vs_full_build": TARGET,
            },
        )

    cutoff = SEASON[1] - timedelta(days=13)
    lookback = yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]["lookback_days"]
    rebuilt = games_between(db, cutoff - timedelta(days=lookback))
    forget_since(db, cutoff)
    measure("no_vars_after_two_weeks", rebuilt, "build")
    for name, (start, end) in (("season_window", SEASON), ("six_week_window", SIX_WEEKS)):
        measure(name, games_between(db, start, end), "build", "--vars", window_vars(start, end))
    game_events_full = timed("run", "--select", "game_events", "--full-refresh")
    measure(
        "game_events_season_window",
        games_between(db, *SEASON),
        *("run", "--select", "game_events", "--vars", window_vars(*SEASON)),
        yardstick=game_events_full,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
