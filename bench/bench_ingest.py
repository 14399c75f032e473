"""Benchmark: PBP from the archive into ``raw`` (the real runner: parse, dlt normalize,
load) versus a plain ``COPY`` of the same rows into Postgres (the floor).

The archive holds N copies of the real game 0022000001 (610 actions each) under new
game ids, so N=1000 is about a full season's worth of actions (610,000).  Prints and
appends a JSON line to ``bench/results/ingest.jsonl``.  Target: ratio <= 3.

    .venv/bin/python bench/bench_ingest.py [--games 1000]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg2

from ingest.archive import Archive
from ingest.config import load_settings
from ingest.database import EmbeddedPostgres, PgSettings, database_on
from ingest.runner import Ingestor
from ingest.sources.games import parse_pbp

ROOT = Path(__file__).resolve().parents[1]
REAL_PBP = ROOT.parent / "shared" / "realdata" / "cdn" / "playbyplay" / "playbyplay_0022000001.json"
RESULTS = ROOT / "bench" / "results" / "ingest.jsonl"


def build_archive(folder: Path, games: int) -> list[str]:
    template = json.loads(REAL_PBP.read_text())
    archive = Archive(folder)
    ids = []
    for n in range(games):
        game_id = f"0029{n:06d}"
        template["game"]["gameId"] = game_id
        archive.write(
            "pbp",
            game_id,
            json.dumps(template).encode(),
            game_id=game_id,
            url=f"https://cdn.nba.com/static/json/liveData/playbyplay/playbyplay_{game_id}.json",
        )
        ids.append(game_id)
    return ids


def time_runner(db: PgSettings, archive_dir: Path, work: Path, ids: list[str]) -> float:
    settings = load_settings(archive_dir=str(archive_dir), pipelines_dir=str(work / "dlt"))
    ingestor = Ingestor(settings, db)
    started = time.perf_counter()
    report = ingestor.ingest_games(ids, from_archive=True)
    elapsed = time.perf_counter() - started
    assert report.ok, report.summary_lines()
    return elapsed


def time_copy(db: PgSettings, archive_dir: Path, ids: list[str]) -> tuple[float, float, int]:
    """COPY of the same rows into a table of the same columns.  Returns (seconds for
    parse + CSV + COPY, seconds for the COPY alone, rows)."""
    archive = Archive(archive_dir)
    started = time.perf_counter()
    rows = [row for game_id in ids for row in parse_pbp(archive.get("pbp", game_id))]
    columns = sorted({key for row in rows for key in row})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_csv_value(row.get(c)) for c in columns])
    buffer.seek(0)
    conn = psycopg2.connect(**db.connect_kwargs())
    with conn.cursor() as cur:
        cur.execute("create schema if not exists floor")
        kinds = {
            c: _pg_type(next((r[c] for r in rows if r.get(c) is not None), None)) for c in columns
        }
        cur.execute(
            "create table floor.pbp_actions ("
            + ", ".join(f'"{c}" {kinds[c]}' for c in columns)
            + ")"
        )
        copy_started = time.perf_counter()
        cur.copy_expert("copy floor.pbp_actions from stdin with (format csv)", buffer)
        conn.commit()
        copy_only = time.perf_counter() - copy_started
    conn.close()
    return time.perf_counter() - started, copy_only, len(rows)


def _csv_value(value):
    if value is None:
        return None
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value


def _pg_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "bigint"
    if isinstance(value, float):
        return "double precision"
    if isinstance(value, list | dict):
        return "jsonb"
    return "text"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="courtside-bench-") as tmp:
        work = Path(tmp)
        server = EmbeddedPostgres(work / "pgdata").up()
        try:
            ids = build_archive(work / "archive", args.games)
            runner_db = database_on(server, "bench_runner", replace=True)
            runner_seconds = time_runner(runner_db, work / "archive", work, ids)
            copy_db = database_on(server, "bench_copy", replace=True)
            floor_seconds, copy_only_seconds, rows = time_copy(copy_db, work / "archive", ids)
        finally:
            EmbeddedPostgres(work / "pgdata").down()
    result = {
        "bench": "pbp_archive_to_raw_vs_copy",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}",
        "games": args.games,
        "actions": rows,
        "runner_seconds": round(runner_seconds, 2),
        "runner_actions_per_second": round(rows / runner_seconds),
        "copy_seconds_with_parse": round(floor_seconds, 2),
        "copy_seconds_copy_only": round(copy_only_seconds, 2),
        "ratio_vs_copy_with_parse": round(runner_seconds / floor_seconds, 2),
        "ratio_vs_copy_only": round(runner_seconds / copy_only_seconds, 2),
        "target_ratio": 3.0,
    }
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a") as handle:
        handle.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
