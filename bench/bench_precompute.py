"""Benchmark: the precompute and feature-store layers over three synthetic seasons.

Generates seasons 2022-23, 2023-24 and 2024-25 (seeds 0, 1, 2) with
``sandbox.synth.generate_season``, serves each with the replay server and ingests schedule,
odds and every final game into a scratch database ``bench_precompute`` on the embedded
PostgreSQL (kept between runs: a season already loaded is not loaded again; ``--fresh``
drops it), builds staging and analytics once (not timed), then times

* a full build of precompute + feature store (``dbt build --select precompute
  feature_store --full-refresh``: models and their tests, incl. contamination/leakage),
* a one-week backfill (``dbt build --select precompute feature_store --vars
  '{start_date: D, end_date: D+6}'``), which rebuilds every row whose window reaches the
  week (to the end of that season for season-to-date models).

Prints one JSON line per measurement and appends it to ``bench/results/precompute.jsonl``.
Targets: full build < 5 min on 2 cores; one-week rebuild < 10 % of the full build.

    .venv/bin/python bench/bench_precompute.py [--threads 2] [--week-start 2025-03-31] [--fresh]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg2

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from _common import record, run_dbt, run_results_figures  # noqa: E402

from ingest.config import load_settings  # noqa: E402
from ingest.database import EmbeddedPostgres, PgSettings, database_on  # noqa: E402
from ingest.runner import Ingestor  # noqa: E402
from sandbox.replay import ReplayServer  # noqa: E402
from sandbox.synth import generate_season  # noqa: E402
from sandbox.synth.calendar_plan import season_frame  # noqa: E402

RESULTS = REPO / "bench" / "results" / "precompute.jsonl"
SCRATCH_DB = "bench_precompute"
WORK = REPO / ".courtside" / "bench_precompute"
SEASONS = [("2022-23", 0), ("2023-24", 1), ("2024-25", 2)]


def scalar(db: PgSettings, sql: str, params: tuple = ()):
    conn = psycopg2.connect(**db.connect_kwargs())
    try:
        with conn.cursor() as cur:
            try:
                cur.execute(sql, params)
            except psycopg2.errors.UndefinedTable:
                return None
            return cur.fetchone()[0]
    finally:
        conn.close()


def load_season(db: PgSettings, season: str, seed: int) -> dict:
    loaded = scalar(
        db,
        "select count(distinct game_id) from raw.pbp_actions where substr(game_id, 4, 2) = %s",
        (season[2:4],),
    )
    if loaded:
        return {"season": season, "games": loaded, "loaded_before": True}
    frame = season_frame(season)
    folder = WORK / f"synthetic-{season}-seed{seed}"
    started = time.perf_counter()
    summary = generate_season(
        folder, season=season, start_date=frame.opening, end_date=frame.last_day, seed=seed
    )
    generated = time.perf_counter() - started
    with ReplayServer(folder) as server:
        settings = load_settings(
            cdn_base_url=server.base_url,
            stats_base_url=server.base_url,
            archive_dir=str(WORK / f"archive-{season}"),
            pipelines_dir=str(WORK / f"dlt-{season}"),
            stats_requests_per_second=0,
        )
        ingestor = Ingestor(settings, db)
        ingestor.ingest_schedule()
        ingestor.ingest_odds()
        ingestor.ingest_games(ingestor.select_games(start=frame.opening, end=frame.last_day))
    return {
        "season": season,
        "games": summary.games,
        "missing_boxscore": summary.missing_boxscore,
        "generate_s": round(generated, 1),
        "ingest_s": round(time.perf_counter() - started - generated, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--week-start", type=date.fromisoformat, default=date(2025, 1, 13))
    parser.add_argument("--fresh", action="store_true", help="drop the scratch database first")
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    db = database_on(EmbeddedPostgres().up(), SCRATCH_DB, replace=args.fresh)
    loads = [load_season(db, season, seed) for season, seed in SEASONS]
    gaps = [
        {"game_id": g, "layer": "raw_boxscore"}
        for load in loads
        for g in load.get("missing_boxscore", [])
    ]
    known = json.dumps({"known_data_gaps": gaps})
    # staging + analytics once, not timed (bench_dbt.py measures those)
    run_dbt(
        WORK,
        db,
        args.threads,
        "build",
        "--select",
        "+analytics",
        "--exclude",
        "resource_type:test",
        "--vars",
        known,
    )

    full = run_dbt(
        WORK,
        db,
        args.threads,
        "build",
        "--select",
        "precompute",
        "feature_store",
        "--full-refresh",
        "--vars",
        known,
    )
    full_figures = run_results_figures(WORK)
    rows = {
        t: scalar(db, f"select count(*) from {t}")
        for t in (
            "precompute.player_shot_zone_analysis",
            "precompute.team_defense_zone_analysis",
            "precompute.player_composite_factors",
            "precompute.player_daily_cache",
            "features.ml_feature_store",
        )
    }
    week_end = args.week_start + timedelta(days=6)
    window = {"start_date": args.week_start.isoformat(), "end_date": week_end.isoformat()}
    backfill = run_dbt(
        WORK,
        db,
        args.threads,
        "build",
        "--select",
        "precompute",
        "feature_store",
        "--vars",
        json.dumps({**window, "known_data_gaps": gaps}),
    )
    backfill_figures = run_results_figures(WORK)
    rebuilt = scalar(
        db,
        "select count(*) from features.ml_feature_store where game_date >= %s",
        (args.week_start,),
    )
    base = {
        "bench": "precompute",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "threads": args.threads,
        "seasons": [load["season"] for load in loads],
        "games": sum(load["games"] for load in loads),
        "loads": loads,
    }
    record(
        RESULTS,
        {
            **base,
            "measure": "full_build_precompute_features",
            "seconds": round(full, 1),
            **full_figures,
            "rows": rows,
            "target_seconds": 300,
        },
    )
    record(
        RESULTS,
        {
            **base,
            "measure": "one_week_backfill",
            "window": window,
            "seconds": round(backfill, 1),
            **backfill_figures,
            "feature_rows_rebuilt": rebuilt,
            # rows a backfill must rewrite (season-to-date windows reach the season's end)
            "feature_rows_rebuilt_share": round(rebuilt / rows["features.ml_feature_store"], 3),
            "share_of_full_build": round(backfill / full, 3),
            "node_seconds_share_of_full_build": round(
                backfill_figures["node_seconds"] / full_figures["node_seconds"], 3
            ),
            "target_share": 0.10,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
