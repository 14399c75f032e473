"""Benchmark: dbt build over one synthetic regular season, and a one-day rebuild.

Generates a season with ``sandbox.synth.generate_season``, serves it with the replay
server, ingests schedule + every final game into a scratch database on the embedded
PostgreSQL, then times

* a full ``dbt build`` of the selected layers (default: staging and analytics, the layers
  of issue #4: views, incrementals from scratch, their tests),
* a one-day ``dbt build --vars '{start_date: D, end_date: D}'`` rebuild of the same.

Each result carries the wall time (what a user waits for: interpreter start-up, parsing,
which a change of --vars always redoes, and the run) and, from dbt's run_results.json, its
elapsed time and the sum of node execution times (the work done in the warehouse).
``--seasons 3`` loads two earlier seasons first; ``--database D`` times only the one-day
rebuild on an already loaded database (e.g. bench_precompute's three seasons).

Prints one JSON line per measurement and appends it to ``bench/results/dbt.jsonl``.
Targets: full season < 3 min on 2 cores; one-day rebuild < 5% of the full build, and
at most 1.3x as long with three seasons loaded as with one.

    .venv/bin/python bench/bench_dbt.py [--start 2024-10-22 --end 2025-04-13] [--threads 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg2

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from _common import record, run_dbt, run_results_figures  # noqa: E402

from ingest.config import load_settings  # noqa: E402
from ingest.database import EmbeddedPostgres, PgSettings, database_on  # noqa: E402
from ingest.runner import Ingestor  # noqa: E402
from sandbox.replay import ReplayServer  # noqa: E402

RESULTS = REPO / "bench" / "results" / "dbt.jsonl"
SCRATCH_DB = "bench_dbt"


# (season, first day, last day, seed) of the seasons loaded before the measured one
EARLIER_SEASONS = [
    ("2023-24", date(2023, 10, 1), date(2024, 4, 30), 2),
    ("2022-23", date(2022, 10, 1), date(2023, 4, 30), 1),
]


def load_earlier_season(work: Path, db, season: str, start: date, end: date, seed: int) -> None:
    """Generate and ingest a whole earlier season, through its own replay server."""
    from sandbox.synth import generate_season

    folder = work / f"season-{season}"
    generate_season(folder, season=season, start_date=start, end_date=end, seed=seed)
    with ReplayServer([folder]).start() as server:
        settings = load_settings(
            cdn_base_url=server.base_url,
            stats_base_url=server.base_url,
            archive_dir=str(work / "archive"),
            pipelines_dir=str(work / "dlt"),
            stats_requests_per_second=0,
            cdn_requests_per_second=0,
        )
        ing = Ingestor(settings, db)
        ing.ingest_schedule()
        report = ing.ingest_games(ing.select_games(start=start, end=end))
        if report.load_error:
            raise SystemExit(f"ingest of {season} failed: {report.load_error}")


def dbt_selection(select: str) -> list[str]:
    """``--select`` arguments for a space-separated selection ('' = the whole project);
    tests on the selected models only (cautious indirect selection)."""
    if not select:
        return []
    return ["--select", *select.split(), "--indirect-selection", "cautious"]


def one_day_on_loaded_database(args: argparse.Namespace) -> int:
    """Time a one-day ``--vars`` rebuild on a database loaded earlier (history grows,
    the one-day rebuild should not)."""
    server = EmbeddedPostgres().up()
    db = PgSettings(**{**server.__dict__, "dbname": args.database})
    conn = psycopg2.connect(**db.connect_kwargs())
    with conn.cursor() as cur:
        cur.execute(
            "select count(distinct game_id), count(distinct left(game_id, 5)) from raw.pbp_actions"
        )
        games, seasons = cur.fetchone()
    conn.close()
    day = args.day or date(2025, 1, 16)
    selection = dbt_selection(args.select)
    work = Path(tempfile.mkdtemp(prefix="bench_dbt_"))
    try:
        seconds = run_dbt(
            work,
            db,
            args.threads,
            "build",
            *selection,
            "--vars",
            f"{{start_date: {day.isoformat()}, end_date: {day.isoformat()}}}",
        )
        figures = run_results_figures(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    record(
        RESULTS,
        {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "bench": "dbt_one_day_rebuild_loaded_database",
            "database": args.database,
            "seasons_loaded": seasons,
            "games": games,
            "select": args.select,
            "day": day.isoformat(),
            "threads": args.threads,
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg()[0],
            "seconds": round(seconds, 2),
            **figures,
        },
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--season", default="2024-25")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2024, 10, 22))
    parser.add_argument("--end", type=date.fromisoformat, default=date(2025, 4, 13))
    parser.add_argument("--day", type=date.fromisoformat, default=None, help="day to rebuild")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--seasons",
        type=int,
        default=1,
        choices=[1, 2, 3],
        help="also load the 1-2 seasons before --season (history grows; "
        "the one-day rebuild should not)",
    )
    parser.add_argument(
        "--database",
        help="reuse this already loaded database on the "
        "embedded server (e.g. bench_precompute: 3 seasons) and time only the "
        "one-day rebuild",
    )
    parser.add_argument(
        "--select",
        default="resource_type:seed staging analytics",
        help="dbt selection of the full build and the one-day rebuild (default: the layers "
        "of issue #4 and the seeds they read; '' = the whole project); tests of the selected "
        "models only (cautious indirect selection)",
    )
    args = parser.parse_args()
    if args.database:
        return one_day_on_loaded_database(args)

    try:
        from sandbox.synth import generate_season
    except ImportError as exc:
        raise SystemExit(f"sandbox.synth.generate_season is not available: {exc}") from exc

    work = Path(tempfile.mkdtemp(prefix="bench_dbt_"))
    try:
        started = time.perf_counter()
        generate_season(
            work / "season",
            season=args.season,
            start_date=args.start,
            end_date=args.end,
            seed=args.seed,
        )
        generate_seconds = time.perf_counter() - started

        db = database_on(EmbeddedPostgres().up(), SCRATCH_DB, replace=True)
        for earlier in EARLIER_SEASONS[: args.seasons - 1]:
            load_earlier_season(work, db, *earlier)
        with ReplayServer([work / "season"]).start() as server:
            settings = load_settings(
                cdn_base_url=server.base_url,
                stats_base_url=server.base_url,
                archive_dir=str(work / "archive"),
                pipelines_dir=str(work / "dlt"),
                stats_requests_per_second=0,
                cdn_requests_per_second=0,
            )
            ing = Ingestor(settings, db)
            started = time.perf_counter()
            ing.ingest_schedule()
            game_ids = ing.select_games(start=args.start, end=args.end)
            report = ing.ingest_games(game_ids)
            if report.load_error:
                raise SystemExit("ingest failed: " + "; ".join(report.summary_lines()))
            ingest_seconds = time.perf_counter() - started

        full = run_dbt(work, db, args.threads, "build", *dbt_selection(args.select))
        full_figures = run_results_figures(work)
        day = args.day or args.start + (args.end - args.start) // 2
        one_day = run_dbt(
            work,
            db,
            args.threads,
            "build",
            *dbt_selection(args.select),
            "--vars",
            f"{{start_date: {day.isoformat()}, end_date: {day.isoformat()}}}",
        )
        one_day_figures = run_results_figures(work)
        base = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "season": args.season,
            "seasons_loaded": args.seasons,
            "select": args.select,
            "start": args.start.isoformat(),
            "end": args.end.isoformat(),
            "games": len(game_ids),
            "threads": args.threads,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "generate_seconds": round(generate_seconds, 2),
            "ingest_seconds": round(ingest_seconds, 2),
        }
        record(
            RESULTS,
            {
                **base,
                **full_figures,
                "bench": "dbt_full_build",
                "seconds": round(full, 2),
                "target": 180,
            },
        )
        record(
            RESULTS,
            {
                **base,
                "bench": "dbt_one_day_rebuild",
                "day": day.isoformat(),
                "seconds": round(one_day, 2),
                **one_day_figures,
                "ratio_to_full": round(one_day / full, 4),
                "node_seconds_ratio_to_full": round(
                    one_day_figures["node_seconds"] / full_figures["node_seconds"], 4
                ),
                "target_ratio": 0.05,
            },
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
