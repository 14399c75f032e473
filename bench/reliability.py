"""Reliability under failure: a fault storm and a SIGKILL mid-load, at scale.

Both scenarios use the real parts: the replay server (with fault injection) serving N
copies of the real game 0022000001 (610 PBP actions, 34 boxscore players) under new
game ids, the real runner / ``courtside ingest games`` CLI, dlt, and an embedded
PostgreSQL 18 in a temp folder.  After each scenario every game is counted: exactly
610 PBP rows and 34 players, nothing duplicated, nothing lost.

* storm: every fault at once (429 with Retry-After, 5xx, hangs past the read timeout,
  short reads, the CDN's Referer check) on every request, then a second pass where
  truncated bodies arrive as complete 200s (reported as parse errors) followed by a
  clean rerun.
* kill: ``courtside ingest games`` is SIGKILLed after the fetch phase, while dlt loads,
  then rerun.

Prints and appends one JSON line per scenario to ``bench/results/reliability.jsonl``.
tests/test_reliability.py runs small versions of the same functions.

    .venv/bin/python bench/reliability.py [--storm-games 200] [--kill-games 400]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg2

from ingest.archive import Archive
from ingest.config import load_settings
from ingest.database import EmbeddedPostgres, PgSettings, database_on
from ingest.runner import Ingestor
from sandbox.replay import Faults, ReplayServer

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata" / "cdn"
RESULTS = ROOT / "bench" / "results" / "reliability.jsonl"
SOURCE_GAME = "0022000001"
PBP_ROWS = 610
PLAYER_ROWS = 34
CDN = "https://cdn.nba.com/static/json/liveData"
COURTSIDE = [str(Path(sys.executable).parent / "courtside")]


def build_copies(folder: Path, games: int, first: int = 0) -> list[str]:
    """An archive of ``games`` copies of the real PBP and boxscore under new ids."""
    pbp = json.loads((REALDATA / "playbyplay" / f"playbyplay_{SOURCE_GAME}.json").read_text())
    box = json.loads((REALDATA / "boxscore" / f"boxscore_{SOURCE_GAME}.json").read_text())
    archive = Archive(folder)
    ids = []
    for n in range(first, first + games):
        game_id = f"00290{n:05d}"
        pbp["game"]["gameId"] = box["game"]["gameId"] = game_id
        for feed, data, kind in (("pbp", pbp, "playbyplay"), ("boxscore", box, "boxscore")):
            archive.write(
                feed,
                game_id,
                json.dumps(data).encode(),
                game_id=game_id,
                url=f"{CDN}/{kind}/{kind}_{game_id}.json",
            )
        ids.append(game_id)
    return ids


@dataclass
class Census:
    """What raw holds for a set of games, against what it should hold."""

    games: int
    rows_checked: int
    rows_lost: int
    rows_duplicated: int
    games_wrong: list[str]
    fetch_log_loaded_without_bytes: int
    fetch_log_duplicate_ids: int

    @property
    def clean(self) -> bool:
        return (
            not self.rows_lost
            and not self.rows_duplicated
            and not self.games_wrong
            and not self.fetch_log_loaded_without_bytes
            and not self.fetch_log_duplicate_ids
        )


def census(db: PgSettings, game_ids: list[str]) -> Census:
    conn = psycopg2.connect(**db.connect_kwargs())
    try:
        with conn.cursor() as cur:
            counts: dict[str, list[int]] = {g: [0, 0, 0] for g in game_ids}
            # a run killed before or during its first load may have created only some
            # tables (the fetch log can land before raw.pbp_actions): a missing one is empty
            cur.execute(
                "select to_regclass('raw.pbp_actions') is not null,"
                " to_regclass('raw.boxscore_players') is not null,"
                " to_regclass('raw.fetch_log') is not null"
            )
            has_pbp, has_players, has_log = cur.fetchone()
            if has_pbp:
                cur.execute(
                    "select game_id, count(*), count(distinct action_number)"
                    " from raw.pbp_actions where game_id = any(%s) group by 1",
                    (game_ids,),
                )
                for game_id, rows, distinct in cur.fetchall():
                    counts[game_id][0], counts[game_id][1] = rows, distinct
            if has_players:
                cur.execute(
                    "select game_id, count(*) from raw.boxscore_players"
                    " where game_id = any(%s) group by 1",
                    (game_ids,),
                )
                for game_id, rows in cur.fetchall():
                    counts[game_id][2] = rows
            no_bytes = duplicate_ids = 0
            if has_log:
                cur.execute(
                    "select count(*) filter (where outcome = 'loaded' and coalesce(bytes, 0) <= 0),"
                    " count(*) - count(distinct fetch_id) from raw.fetch_log"
                )
                no_bytes, duplicate_ids = cur.fetchone()
    finally:
        conn.close()
    lost = dup = 0
    wrong = []
    for game_id, (rows, distinct, players) in counts.items():
        lost += max(0, PBP_ROWS - distinct) + max(0, PLAYER_ROWS - players)
        dup += (rows - distinct) + max(0, players - PLAYER_ROWS) + max(0, distinct - PBP_ROWS)
        if (rows, distinct, players) != (PBP_ROWS, PBP_ROWS, PLAYER_ROWS):
            wrong.append(game_id)
    checked = sum(rows + players for rows, _, players in counts.values())
    return Census(len(game_ids), checked, lost, dup, wrong, no_bytes, duplicate_ids)


# --------------------------------------------------------------------------- storm

STORM = Faults(
    latency_ms=5,
    rate_429=0.1,
    retry_after=1,
    rate_5xx=0.15,
    rate_hang=0.04,
    hang_seconds=2,
    rate_truncate=0.1,
    truncate_mode="short-read",
    require_referer=True,
    seed=11,
)
CUT_JSON = Faults(rate_truncate=0.15, truncate_mode="cut-json", seed=5)


def ingestor(db: PgSettings, work: Path, base_url: str, **overrides) -> Ingestor:
    settings = load_settings(
        cdn_base_url=base_url,
        stats_base_url=base_url,
        archive_dir=str(work / "archive"),
        pipelines_dir=str(work / "dlt"),
        **{
            "backoff_base_seconds": 0.05,
            "backoff_max_seconds": 0.5,
            "read_timeout_seconds": 0.6,
            "max_retries": 12,
            **overrides,
        },
    )
    return Ingestor(settings, db)


def storm(db: PgSettings, work: Path, games: int) -> dict:
    """Every fault at once, then cut-json bodies (reported), then a clean rerun."""
    served = work / "served"
    ids = build_copies(served, games)
    started = time.perf_counter()
    with ReplayServer([served], faults=STORM) as server:
        first = ingestor(db, work, server.base_url).ingest_games(ids)
        storm_faults = server.stats()["faults"]
        server.set_faults(CUT_JSON)
        more = build_copies(served, games, first=games)
        server.reload()
        second = ingestor(db, work, server.base_url).ingest_games(more)
        cut_faults = server.stats()["faults"]["truncate"] - storm_faults["truncate"]
        server.set_faults(Faults())
        third = ingestor(db, work, server.base_url).ingest_games(more)
        requests = server.stats()["requests"]
    result = census(db, ids + more)
    return {
        "scenario": "fault_storm",
        "games": len(ids + more),
        "requests": requests,
        "faults_injected": sum(storm_faults.values()) + cut_faults,
        "faults_by_kind": {**storm_faults, "cut_json": cut_faults},
        "storm_run_ok": first.ok,
        "cut_json_reported": len(second.failed_games()),
        "rerun_ok": third.ok,
        "rows_checked": result.rows_checked,
        "rows_lost": result.rows_lost,
        "rows_duplicated": result.rows_duplicated,
        "census": asdict(result),
        "seconds": round(time.perf_counter() - started, 1),
    }


# --------------------------------------------------------------------------- kill


def cli_env(db: PgSettings, work: Path) -> dict:
    return {
        **os.environ,
        **db.env(),
        "COURTSIDE__ARCHIVE_DIR": str(work / "archive"),
        "COURTSIDE__PIPELINES_DIR": str(work / "dlt"),
        "COURTSIDE_STATE_DIR": str(work / "state"),  # data docs, not the repo's
    }


def ingest_command(ids: list[str], base_url: str) -> list[str]:
    args = [*COURTSIDE, "ingest", "games", "--cdn-base-url", base_url, "--no-progress"]
    for game_id in ids:
        args += ["--game-id", game_id]
    return args


def loading_started(work: Path) -> bool:
    """dlt has normalized a load package: the fetch phase is over, loading is on."""
    normalized = work / "dlt" / "courtside" / "load" / "normalized"
    return normalized.is_dir() and any(normalized.iterdir())


def interrupt_while_loading(
    command: list[str], env: dict, work: Path, action, timeout: float = 120
) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``command``; call ``action(process)`` once dlt is loading.  Returns the
    finished process and how far into the run the action came."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    acted_at = -1.0
    while process.poll() is None and time.perf_counter() - started < timeout:
        if loading_started(work):
            time.sleep(0.2)  # well inside the load, not at its first byte
            acted_at = time.perf_counter() - started
            action(process)
            break
        time.sleep(0.02)
    out, err = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(command, process.returncode, out, err), acted_at


def kill(db: PgSettings, work: Path, games: int) -> dict:
    served = work / "served"
    ids = build_copies(served, games)
    env = cli_env(db, work)
    started = time.perf_counter()
    with ReplayServer([served]) as server:
        command = ingest_command(ids, server.base_url)
        killed, at = interrupt_while_loading(
            command, env, work, lambda p: p.send_signal(signal.SIGKILL)
        )
        partial = census(db, ids)
        rerun = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    result = census(db, ids)
    return {
        "scenario": "sigkill_mid_load",
        "games": games,
        "killed_after_seconds": round(at, 2),
        "killed_exit": killed.returncode,
        "games_complete_after_kill": games - len(partial.games_wrong),
        "rerun_exit": rerun.returncode,
        "rerun_error": rerun.stderr[-3000:] if rerun.returncode else "",
        "rows_checked": result.rows_checked,
        "rows_lost": result.rows_lost,
        "rows_duplicated": result.rows_duplicated,
        "census": asdict(result),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--storm-games", type=int, default=200)
    parser.add_argument("--kill-games", type=int, default=400)
    args = parser.parse_args()
    machine = f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}"
    with tempfile.TemporaryDirectory(prefix="courtside-reliability-") as tmp:
        work = Path(tmp)
        server = EmbeddedPostgres(work / "pgdata").up()
        try:
            results = [
                storm(database_on(server, "storm", replace=True), work / "storm", args.storm_games),
                kill(database_on(server, "kill", replace=True), work / "kill", args.kill_games),
            ]
        finally:
            EmbeddedPostgres(work / "pgdata").down()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a") as handle:
        for result in results:
            record = {
                "bench": "reliability",
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": machine,
                **result,
            }
            print(json.dumps(record, indent=2))
            handle.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
