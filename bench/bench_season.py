"""Benchmark: a full synthetic regular season (1,230 games), generated, then ingested
end to end through the replay server over HTTP (schedule + every game's PBP and
boxscore) into a scratch database on the embedded Postgres.

Targets (issue 3): generation < 2 min, end-to-end ingestion < 10 min on 2 cores.
The CDN rate limit is lifted for the replay (``--cdn-rps``, default unlimited); the
real CDN keeps the configured 20 requests/s.

    .venv/bin/python bench/bench_season.py [--keep DIR]
Appends a JSON line to bench/results/season.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from ingest.config import load_settings
from ingest.database import EmbeddedPostgres, database_on
from ingest.runner import Ingestor
from sandbox.replay import ReplayServer
from sandbox.synth import generate_season

RESULTS = Path(__file__).resolve().parent / "results" / "season.jsonl"
SEASON_START, SEASON_END = date(2024, 10, 22), date(2025, 4, 13)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cdn-rps", type=float, default=0.0, help="0 = no rate limit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="courtside-season-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        summary = generate_season(
            work / "season", season="2024-25", start_date=SEASON_START, end_date=SEASON_END, seed=0
        )
        generate_seconds = time.perf_counter() - started

        server_db = EmbeddedPostgres(work / "pgdata").up()
        try:
            db = database_on(server_db, "bench_season", replace=True)
            with ReplayServer(work / "season") as server:
                settings = load_settings(
                    cdn_base_url=server.base_url,
                    stats_base_url=server.base_url,
                    archive_dir=str(work / "archive"),
                    pipelines_dir=str(work / "dlt"),
                    cdn_requests_per_second=args.cdn_rps,
                )
                ingestor = Ingestor(settings, db)
                started = time.perf_counter()
                schedule = ingestor.ingest_schedule()
                game_ids = ingestor.select_games(start=SEASON_START, end=SEASON_END)
                games = ingestor.ingest_games(game_ids)
                ingest_seconds = time.perf_counter() - started
        finally:
            EmbeddedPostgres(work / "pgdata").down()
    assert schedule.ok and not games.load_error, games.summary_lines()
    actions = games.rows_by_table.get("pbp_actions", 0)
    result = {
        "bench": "synthetic_season_generate_and_ingest",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}",
        "load_average": os.getloadavg()[0],
        "games": len(game_ids),
        "actions": actions,
        "generate_seconds": round(generate_seconds, 1),
        "generate_actions_per_second": round(summary.actions / generate_seconds),
        "ingest_seconds": round(ingest_seconds, 1),
        "ingest_actions_per_second": round(actions / ingest_seconds),
        "http_requests": sum(games.outcomes.values()) + 1,
        "targets": {"generate_seconds": 120, "ingest_seconds": 600},
    }
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a") as handle:
        handle.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
