"""What every benchmark script shares: the three-season database, running the real dbt
CLI against a database, and appending a result line to bench/results/."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg2

from ingest.config import load_settings
from ingest.database import EmbeddedPostgres, PgSettings, database_on
from ingest.runner import Ingestor
from sandbox.replay import ReplayServer
from sandbox.synth import generate_season
from sandbox.synth.calendar_plan import season_frame

REPO = Path(__file__).resolve().parents[1]
# the three synthetic seasons (season, seed) of the database bench_precompute.py and
# bench_windows.py share: database `bench_precompute` on the embedded Postgres, kept between
# runs, its generated seasons, archives and dlt folders under THREE_SEASONS_WORK
THREE_SEASONS = [("2022-23", 0), ("2023-24", 1), ("2024-25", 2)]
THREE_SEASONS_DB = "bench_precompute"
THREE_SEASONS_WORK = REPO / ".courtside" / "bench_precompute"


def scalar(db: PgSettings, sql: str, params: tuple = ()):
    """One value of ``sql`` on ``db`` (None if a table it reads does not exist yet)."""
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
    """Generate ``season`` and ingest its schedule, odds and every final game into ``db``
    through the replay server, unless its PBP is there already."""
    loaded = scalar(
        db,
        "select count(distinct game_id) from raw.pbp_actions where substr(game_id, 4, 2) = %s",
        (season[2:4],),
    )
    if loaded:
        return {"season": season, "games": loaded, "loaded_before": True}
    frame = season_frame(season)
    folder = season_folder(season, seed)
    started = time.perf_counter()
    summary = generate_season(
        folder, season=season, start_date=frame.opening, end_date=frame.last_day, seed=seed
    )
    generated = time.perf_counter() - started
    with ReplayServer(folder) as server:
        settings = load_settings(
            cdn_base_url=server.base_url,
            stats_base_url=server.base_url,
            archive_dir=str(THREE_SEASONS_WORK / f"archive-{season}"),
            pipelines_dir=str(THREE_SEASONS_WORK / f"dlt-{season}"),
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


def season_folder(season: str, seed: int) -> Path:
    """The generated season (replay server root) of one of THREE_SEASONS."""
    return THREE_SEASONS_WORK / f"synthetic-{season}-seed{seed}"


def load_three_seasons(*, fresh: bool = False) -> tuple[PgSettings, list[dict]]:
    """The three-season database, each season generated and ingested unless it is loaded
    already (``fresh``: drop the database first)."""
    THREE_SEASONS_WORK.mkdir(parents=True, exist_ok=True)
    db = database_on(EmbeddedPostgres().up(), THREE_SEASONS_DB, replace=fresh)
    return db, [load_season(db, season, seed) for season, seed in THREE_SEASONS]


def three_season_result(bench: str, threads: int, loads: list[dict]) -> dict:
    """The fields every result line on the three-season database starts with."""
    return {
        "bench": bench,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "threads": threads,
        "seasons": [load["season"] for load in loads],
    }


def run_dbt(work: Path, db: PgSettings, threads: int, *args: str) -> float:
    """Seconds one ``dbt`` command took from the repo root against ``db`` (exits on failure)."""
    profiles = work / "profiles"
    profiles.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "profiles.example.yml", profiles / "profiles.yml")
    env = {
        **os.environ,
        **db.env(),
        "COURTSIDE_DBT_THREADS": str(threads),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        str(Path(sys.executable).parent / "dbt"),
        *args,
        "--profiles-dir",
        str(profiles),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed:\n{done.stdout[-4000:]}")
    return elapsed


def run_results_figures(work: Path) -> dict:
    """From the last ``run_dbt`` in ``work``: dbt's own elapsed time (without interpreter
    start-up and parsing), the sum of its nodes' execution times (the warehouse work), the
    node count, and the slowest nodes."""
    results = json.loads((work / "target" / "run_results.json").read_text())
    nodes = sorted(results["results"], key=lambda r: -r["execution_time"])
    return {
        "dbt_elapsed_seconds": round(results["elapsed_time"], 2),
        "node_seconds": round(sum(r["execution_time"] for r in nodes), 2),
        "nodes": len(nodes),
        "slowest_nodes": {r["unique_id"]: round(r["execution_time"], 2) for r in nodes[:5]},
    }


def record(results: Path, result: dict) -> None:
    """Print ``result`` and append it as one JSON line to ``results``."""
    line = json.dumps(result, sort_keys=True)
    print(line, flush=True)
    results.parent.mkdir(parents=True, exist_ok=True)
    with results.open("a") as handle:
        handle.write(line + "\n")
