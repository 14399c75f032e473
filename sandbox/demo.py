"""``courtside demo``: the main job, offline, in one command.

1. start the embedded PostgreSQL 18 (or use the one PG* env vars name) and write
   ``profiles.yml`` (into ``DBT_PROFILES_DIR`` when set, else the repo root);
2. generate a few weeks of a synthetic season (skipped when already generated with
   the same arguments: same seed, same bytes);
3. serve it with the replay server and ingest it over HTTP with the real client,
   stepping the replay's clock through the odds snapshots and the live polls of the
   last day as if the season were unfolding;
4. ``dbt build`` with ``start_date``/``end_date`` vars for that window, then
   ``dbt docs generate`` with the same vars (so the compiled SQL the docs site shows is
   the SQL that built the window);
5. print what was loaded and how to look at it.

Running it twice changes nothing the second time: every payload is unchanged, so
nothing is loaded again, and the dbt window rebuild writes the same rows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

from ingest.archive import Archive
from ingest.config import load_settings, project_root, state_dir
from ingest.database import PgSettings, connect, resolve, write_profiles
from ingest.runner import Ingestor, RunReport
from sandbox.replay import ReplayServer
from sandbox.synth import generate_season

SEASON = "2024-25"
START = date(2024, 10, 22)  # opening night of 2024-25
END = date(2024, 11, 12)  # three weeks: ten-plus games per team for rolling windows
SEED = 0


class DemoError(RuntimeError):
    """A demo step that failed, said in one line."""


ERRORS = (DemoError,)  # what ``courtside demo`` reports in one line (ingest.cli.run_sandbox)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--season", default=SEASON)
    parser.add_argument("--start-date", type=date.fromisoformat, default=START)
    parser.add_argument("--end-date", type=date.fromisoformat, default=END)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--skip-dbt", action="store_true", help="stop after ingestion")


def _step(message: str) -> None:
    print(f"==> {message}", flush=True)


def generate(folder: Path, season: str, start: date, end: date, seed: int) -> None:
    wanted = {
        "season": season,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "seed": seed,
    }
    stamp = folder / "demo_args.json"
    if stamp.exists() and json.loads(stamp.read_text()) == wanted:
        _step(f"synthetic {season} season {start}..{end} already generated in {folder}")
        return
    _step(f"generating the synthetic {season} season {start}..{end} (seed {seed})")
    started = time.perf_counter()
    summary = generate_season(
        folder,
        season=season,
        start_date=start,
        end_date=end,
        seed=seed,
        progress=sys.stderr.isatty(),
    )
    stamp.write_text(json.dumps(wanted))
    print(
        f"    {summary.games} games, {summary.actions} actions, {summary.files} files "
        f"in {time.perf_counter() - started:.1f}s"
    )


def fetch_times(folder: Path, feed: str) -> list[datetime]:
    """When the synthetic NBA published each version of a snapshot feed."""
    return sorted({p.manifest.fetched_at_dt for p in Archive(folder).iter_feed(feed)})


def ingest(
    server: ReplayServer, folder: Path, db: PgSettings, start: date, end: date
) -> list[RunReport]:
    settings = load_settings(cdn_base_url=server.base_url, stats_base_url=server.base_url)
    ingestor = Ingestor(settings, db, progress=sys.stderr.isatty())
    reports = [ingestor.ingest_teams()]

    odds_times = fetch_times(folder, "odds")
    _step(f"polling odds through {len(odds_times)} snapshot times over HTTP")
    for moment in odds_times:
        server.set_clock(moment)
        ingestor.fetch_odds()
    live_times = fetch_times(folder, "scoreboard")
    _step(f"polling the live scoreboard {len(live_times)} times on the last game day")
    for moment in live_times:
        server.set_clock(moment)
        ingestor.fetch_live_poll()
    reports.append(ingestor.ingest_odds(from_archive=True))
    reports.append(ingestor.ingest_live(from_archive=True))

    server.set_clock(None)  # the morning after the window: everything published
    _step("ingesting the schedule and every final game's play-by-play and boxscore")
    reports.append(ingestor.ingest_schedule())
    reports.append(ingestor.ingest_games(ingestor.select_games(start=start, end=end)))
    return reports


def dbt(*args: str, db: PgSettings) -> None:
    command = [str(Path(sys.executable).parent / "dbt"), *args]
    _step(" ".join(["dbt", *args]))
    env = {
        **os.environ,
        **db.env(),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",
    }
    done = subprocess.run(command, cwd=project_root(), env=env, capture_output=True, text=True)
    tail = [line for line in done.stdout.splitlines() if line.strip()][-3:]
    print("\n".join(f"    {line.split(' ', 1)[-1].strip()}" for line in tail))
    if done.returncode != 0:
        log = Path(os.environ.get("DBT_LOG_PATH", project_root() / "logs")) / "dbt.log"
        raise DemoError(f"`dbt {' '.join(args)}` failed (exit {done.returncode}); see {log}")


def raw_counts(db: PgSettings) -> list[tuple[str, int]]:
    conn = connect(db)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'raw' and table_name not like '\\_%' order by 1"
            )
            tables = [r[0] for r in cur.fetchall()]
            counts = []
            for table in tables:
                cur.execute(f"select count(*) from raw.{table}")
                counts.append((table, cur.fetchone()[0]))
            return counts
    finally:
        conn.close()


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.start_date > args.end_date:
        raise DemoError(f"--start-date {args.start_date} is after --end-date {args.end_date}")
    _step("starting the database")
    db = resolve(start_embedded=True)
    profiles = write_profiles(db)
    print(f"    {db.url(hide_password=True)} ({profiles} written)")

    folder = state_dir() / "demo" / f"synthetic-{args.season}-seed{args.seed}"
    generate(folder, args.season, args.start_date, args.end_date, args.seed)

    with ReplayServer(folder) as server:
        _step(f"replay server at {server.base_url} serving {folder}")
        reports = ingest(server, folder, db, args.start_date, args.end_date)
    for report in reports:
        print("\n".join(f"    {line}" for line in report.summary_lines()))
    failed = [r for r in reports if not r.ok]

    if not args.skip_dbt:
        window = f'{{start_date: "{args.start_date}", end_date: "{args.end_date}"}}'
        dbt("build", "--vars", window, db=db)
        # the same vars: dbt reuses the build's parsed project instead of parsing it again
        dbt("docs", "generate", "--vars", window, db=db)

    print("\nLoaded (schema raw):")
    for table, count in raw_counts(db):
        print(f"    raw.{table:<24} {count:>9,}")
    print(f"\nDone in {time.perf_counter() - started:.0f}s. Next:")
    print("    source .venv/bin/activate")
    print("    dbt docs serve --port 8080          # browse models, lineage and tests")
    url = db.url(hide_password=not db.embedded)  # a real password never reaches the console
    print(f"    psql \"{url}\" -c 'select * from analytics.games limit 5'")
    if failed:
        names = ", ".join(f"{r.feed} ({', '.join(r.failed_games())})" for r in failed)
        raise DemoError(f"some payloads did not load: {names}")
    return 0
