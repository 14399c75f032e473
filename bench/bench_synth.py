"""Benchmark the synthetic season: a full regular season (1,230 games) into a
temporary archive.  Prints seconds, games/s, actions/s and bytes, and appends a JSON
line with the figures, the date and the machine to ``bench/results/synth.jsonl``.

    .venv/bin/python bench/bench_synth.py [--processes N] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sandbox.synth import generate_season
from sandbox.synth.season import default_processes

RESULTS = Path(__file__).resolve().parent / "results" / "synth.jsonl"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--season", default="2024-25")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", type=int, default=None)
    parser.add_argument("--no-record", action="store_true", help="do not append to the results")
    args = parser.parse_args(argv)
    processes = args.processes or default_processes()
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    with tempfile.TemporaryDirectory(prefix="bench_synth_") as tmp:
        started = time.perf_counter()
        summary = generate_season(
            Path(tmp) / "archive", season=args.season, seed=args.seed, processes=processes
        )
        seconds = time.perf_counter() - started
    figures = {
        "benchmark": "synth_full_regular_season",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "season": args.season,
        "seed": args.seed,
        "processes": processes,
        "seconds": round(seconds, 2),
        "games": summary.games,
        "actions": summary.actions,
        "files": summary.files,
        "bytes": summary.bytes,
        "games_per_second": round(summary.games / seconds, 1),
        "actions_per_second": round(summary.actions / seconds),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "cpu": cpu_model(),
            "load_average_before": load_before,
        },
    }
    print(
        f"{summary.games} games, {summary.actions} actions, {summary.files} files, "
        f"{summary.bytes / 1e6:.1f} MB in {seconds:.1f} s with {processes} processes: "
        f"{figures['games_per_second']} games/s, {figures['actions_per_second']} actions/s"
    )
    if not args.no_record:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        with RESULTS.open("a") as handle:
            handle.write(json.dumps(figures, sort_keys=True) + "\n")
        print(f"recorded in {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
