"""What every benchmark script shares: running the real dbt CLI against a database,
and appending a result line to bench/results/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ingest.database import PgSettings

REPO = Path(__file__).resolve().parents[1]


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
