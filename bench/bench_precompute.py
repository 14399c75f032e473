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
import sys
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from _common import THREE_SEASONS_WORK as WORK  # noqa: E402
from _common import (  # noqa: E402
    load_three_seasons,
    record,
    run_dbt,
    run_results_figures,
    scalar,
    three_season_result,  # noqa: E402
)

RESULTS = REPO / "bench" / "results" / "precompute.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--week-start", type=date.fromisoformat, default=date(2025, 1, 13))
    parser.add_argument("--fresh", action="store_true", help="drop the scratch database first")
    args = parser.parse_args()

    db, loads = load_three_seasons(fresh=args.fresh)
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
        **three_season_result("precompute", args.threads, loads),
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
