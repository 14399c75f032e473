"""Reliability: the warehouse survives, or clearly reports, every way a run can break.

Real parts only: the ``courtside`` CLI in subprocesses, the replay server with fault
injection, dlt into embedded PostgreSQL 18 (a dedicated one where the test stops it),
the scheduler in two processes at once, the real dbt.  The scenarios are shared with
``bench/reliability.py``, which runs them at a larger scale.  Each test is bounded by
timeouts; the file runs in well under three minutes.
"""

from __future__ import annotations

import contextlib
import json
import re
import signal
import subprocess
import sys
import time

import psycopg2
import pytest
from conftest import REPO_ROOT, query, scalar

sys.path.insert(0, str(REPO_ROOT / "bench"))
import reliability as scenarios  # noqa: E402

from ingest.advisory_lock import INGEST_LOCK_CLASS  # noqa: E402
from ingest.database import EmbeddedPostgres, database_on  # noqa: E402
from ingest.scheduler import LOCK_CLASS  # noqa: E402
from sandbox.replay import Faults, ReplayServer  # noqa: E402


def test_sigkill_while_dlt_loads_then_rerun_loses_and_duplicates_nothing(database, tmp_path):
    figures = scenarios.kill(database, tmp_path, games=60)
    assert figures["killed_after_seconds"] > 0, "the run ended before it could be killed"
    assert figures["killed_exit"] == -9
    assert figures["rerun_exit"] == 0, figures["rerun_error"]
    assert figures["census"]["games_wrong"] == []
    assert figures["rows_lost"] == 0 and figures["rows_duplicated"] == 0
    assert figures["rows_checked"] == 60 * (610 + 34)
    # the fetch log is sane: every game's payloads logged loaded once in the rerun
    assert (
        scalar(
            database,
            "select count(distinct game_id) from raw.fetch_log where feed = 'pbp' "
            "and outcome in ('loaded', 'unchanged')",
        )
        == 60
    )
    assert figures["census"]["fetch_log_loaded_without_bytes"] == 0
    assert figures["census"]["fetch_log_duplicate_ids"] == 0


def rows_landed(database) -> int:
    """Rows dlt has written so far: to the merge staging tables, then to raw."""
    tables = ("raw_staging.pbp_actions", "raw.pbp_actions", "raw_staging.boxscore_players")
    total = 0
    for table in tables:
        with contextlib.suppress(psycopg2.Error):  # not created yet
            total += scalar(database, f"select count(*) from {table}")
    return total


def test_ctrl_c_while_dlt_loads_says_what_was_committed_and_logs_it(database, tmp_path):
    served = tmp_path / "served"
    ids = scenarios.build_copies(served, 60)
    env = scenarios.cli_env(database, tmp_path)
    with ReplayServer([served]) as replay:
        command = scenarios.ingest_command(ids, replay.base_url)
        process = subprocess.Popen(
            command, env=env, cwd=REPO_ROOT, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while process.poll() is None and not rows_landed(database):
            assert time.monotonic() < deadline, "dlt never started loading"
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before it could be interrupted"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 130, err
        assert out == "" and len(err.splitlines()) == 1, err
        line = err.strip()
        assert re.match(r"courtside: games run \w+ interrupted while loading: \d+ of 120 "
                        r"payloads committed \(.*\), fetch log written", line), line  # fmt: skip
        committed = int(re.search(r"(\d+) of 120", line).group(1))
        run_id = re.search(r"games run (\w+)", line).group(1)
        # every payload of the run is on record: loaded if its rows are all in raw
        logged = dict(
            query(
                database,
                "select outcome, count(*) from raw.fetch_log where run_id = %s group by 1",
                (run_id,),
            )
        )
        assert logged.get("loaded", 0) == committed
        assert logged.get("loaded", 0) + logged.get("archived", 0) == 120, logged
        loaded_pbp = [
            r[0]
            for r in query(
                database,
                "select game_id from raw.fetch_log where run_id = %s and feed = 'pbp' "
                "and outcome = 'loaded'",
                (run_id,),
            )
        ]
        if loaded_pbp:
            assert scalar(
                database,
                "select count(*) from raw.pbp_actions where game_id = any(%s)",
                (loaded_pbp,),
            ) == 610 * len(loaded_pbp)
        rerun = subprocess.run(
            command, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=180
        )
    assert rerun.returncode == 0, rerun.stderr
    assert scenarios.census(database, ids).clean
    # the rerun loads again nothing the interrupted run logged as loaded
    again = query(
        database,
        "select f.outcome from raw.fetch_log f join raw.fetch_log before "
        "on before.feed = f.feed and before.resource_key = f.resource_key "
        "where before.run_id = %s and before.outcome = 'loaded' and f.run_id <> %s",
        (run_id, run_id),
    )
    assert len(again) == committed and {r[0] for r in again} <= {"unchanged"}
    if committed == 120:
        assert "no rows loaded (nothing new)" in rerun.stdout


def test_a_second_ingest_while_one_runs_refuses_in_one_line_naming_it(database, tmp_path):
    served = tmp_path / "served"
    ids = scenarios.build_copies(served, 12)
    env = scenarios.cli_env(database, tmp_path)
    with ReplayServer([served], faults=Faults(latency_ms=1000)) as replay:
        command = scenarios.ingest_command(ids, replay.base_url)
        first = subprocess.Popen(
            command, env=env, cwd=REPO_ROOT, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        held = f"select count(*) from pg_locks where locktype = 'advisory' and granted and classid::bigint = {INGEST_LOCK_CLASS}"  # noqa: E501
        while not scalar(database, held):
            assert first.poll() is None and time.monotonic() < deadline, first.communicate()
            time.sleep(0.05)
        second = subprocess.run(
            command, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
        )
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert second.returncode == 1
    assert second.stdout == "" and len(second.stderr.splitlines()) == 1, second.stderr
    assert re.match(
        rf"courtside: error: another ingest is running: courtside ingest games on \S+ "
        rf"pid {first.pid} \(backend pid \d+, since \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d",
        second.stderr,
    ), second.stderr
    assert scenarios.census(database, ids).clean


def restart(server: EmbeddedPostgres) -> None:
    """Start the stopped server again from a fresh process: pgserver caches the server
    object per data folder in-process and would take the stopped one for running."""
    code = (
        "from pathlib import Path; from ingest.database import EmbeddedPostgres; "
        f"EmbeddedPostgres(Path({str(server.pgdata)!r})).up()"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True, timeout=60)


def test_postgres_stopped_mid_load_fails_in_one_line_and_the_rerun_completes(tmp_path):
    tmp_path.chmod(0o755)  # pgserver runs Postgres as its own system user when root
    server = EmbeddedPostgres(tmp_path / "pgdata")
    db = database_on(server.up(), "stopped", replace=True)
    served = tmp_path / "served"
    ids = scenarios.build_copies(served, 40)
    env = scenarios.cli_env(db, tmp_path)
    try:
        with ReplayServer([served]) as replay:
            command = scenarios.ingest_command(ids, replay.base_url)
            done, at = scenarios.interrupt_while_loading(
                command, env, tmp_path, lambda _: server.down(), timeout=90
            )
            assert at > 0, "the run ended before Postgres could be stopped"
            assert done.returncode == 1
            assert "Traceback" not in done.stderr
            last = done.stderr.strip().splitlines()[-1]
            assert last.startswith("courtside: error: games run "), done.stderr
            assert "LOAD FAILED" in done.stdout
            restart(server)
            rerun = subprocess.run(
                command, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
            )
        assert rerun.returncode == 0, rerun.stderr
        census = scenarios.census(db, ids)
        assert census.clean, census
        assert census.rows_checked == 40 * (610 + 34)
    finally:
        server.down()


def test_a_storm_of_every_fault_at_once_loses_and_duplicates_nothing(database, tmp_path):
    figures = scenarios.storm(database, tmp_path, games=16)
    kinds = figures["faults_by_kind"]
    assert all(kinds[k] > 0 for k in ("429", "5xx", "hang", "truncate", "cut_json")), kinds
    assert figures["storm_run_ok"], "retryable faults must all be survived"
    assert figures["cut_json_reported"] > 0  # truncated-but-complete bodies: reported
    assert figures["rerun_ok"]
    assert figures["rows_lost"] == 0 and figures["rows_duplicated"] == 0
    assert figures["rows_checked"] == 32 * (610 + 34)
    # every cut-json body is on record as a parse error, and the rerun loaded the game
    reported = query(
        database,
        "select count(*), count(distinct game_id) from raw.fetch_log where outcome = 'parse_error'",
    )[0]
    assert reported[0] >= figures["cut_json_reported"]
    assert scalar(database, "select max(attempts) from raw.fetch_log") > 1


# --------------------------------------------------------------------------- scheduler


def final_schedule(ids: list[str]) -> dict:
    games = [
        {
            "gameId": game_id,
            "gameStatus": 3,
            "gameDateEst": "2020-12-22T00:00:00Z",
            "gameDateTimeUTC": "2020-12-23T00:00:00Z",
            "homeTeam": {"teamId": 1610612751, "score": 125},
            "awayTeam": {"teamId": 1610612744, "score": 99},
        }
        for game_id in ids
    ]
    return {
        "leagueSchedule": {
            "seasonYear": "2020-21",
            "leagueId": "00",
            "gameDates": [{"gameDate": "12/22/2020 00:00:00", "games": games}],
        }
    }


HELD_ADVISORY_LOCKS = (
    "select count(*) from pg_locks where locktype = 'advisory' and granted "
    f"and classid::bigint = {LOCK_CLASS} and objid <> 0"  # 0: the runs-table setup lock
)


def test_two_schedulers_at_once_one_runs_the_other_skips_or_waits(
    database, tmp_path, make_ingestor
):
    served = tmp_path / "served"
    ids = scenarios.build_copies(served, 12)
    (served / "scheduleLeagueV2.json").write_text(json.dumps(final_schedule(ids)))
    with ReplayServer([served], faults=Faults(latency_ms=400)) as replay:
        make_ingestor(replay).ingest_schedule()
        env = scenarios.cli_env(database, tmp_path)
        command = [
            sys.executable, "-m", "ingest.scheduler", "--job", "games", "--no-dbt",
            "--no-validate", "--cdn-base-url", replay.base_url,
        ]  # fmt: skip

        def start(*extra: str) -> subprocess.Popen:
            return subprocess.Popen(
                [*command, *extra], env=env, cwd=REPO_ROOT, text=True,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            )  # fmt: skip

        first, second = start(), start()
        # start the waiter only once one of the two holds the job's advisory lock: all
        # three import dlt at once on a busy machine, and a waiter that got there first
        # would (rightly) run and make both others skip
        deadline = time.monotonic() + 60
        while not scalar(database, HELD_ADVISORY_LOCKS) and time.monotonic() < deadline:
            assert first.poll() is None and second.poll() is None, "a scheduler ended early"
            time.sleep(0.05)
        waiter = start("--wait-for-lock", "60")
        outputs = [p.communicate(timeout=120) for p in (first, second, waiter)]
    codes = [p.returncode for p in (first, second, waiter)]
    assert codes == [0, 0, 0], outputs
    skipped = [err for _, err in outputs if "is already running" in err]
    assert len(skipped) == 1, outputs
    assert "job 'games' is already running (advisory lock held by courtside schedule" in skipped[0]
    runs = query(
        database,
        "select status, rows > 0, started_at, finished_at from raw.scheduler_runs "
        "where job = 'games' order by started_at",
    )
    statuses = sorted(r[0] for r in runs)
    assert statuses == ["ok", "ok", "skipped_locked"]
    ran = [r for r in runs if r[0] == "ok"]
    assert ran[0][1] and not ran[1][1]  # the waiter found the games already loaded
    assert ran[1][2] >= ran[0][3], "the waiting scheduler overlapped the running one"
    assert scenarios.census(database, ids).clean


def test_sigterm_lets_the_current_job_finish_then_exits_zero(database, tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    (served / "scheduleLeagueV2.json").write_text(json.dumps(final_schedule(["0022000001"])))
    schedule = tmp_path / "schedule.yml"
    schedule.write_text('jobs:\n  schedule:\n    cron: "* * * * *"\nvalidate: false\n')
    with ReplayServer([served], faults=Faults(latency_ms=2500)) as replay:
        process = subprocess.Popen(
            [sys.executable, "-m", "ingest.scheduler", "--file", str(schedule), "--no-dbt",
             "--cdn-base-url", replay.base_url],
            env=scenarios.cli_env(database, tmp_path), cwd=REPO_ROOT, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and replay.stats()["requests"] == 0:
            time.sleep(0.05)  # the schedule job is fetching (slowly) now
        process.terminate()
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "schedule: ok" in out and "stopped (SIGTERM)" in out
    assert query(database, "select job, status from raw.scheduler_runs") == [("schedule", "ok")]
    assert scalar(database, "select count(*) from raw.schedule_games") == 1


# --------------------------------------------------------------------------- bad input


BROKEN = {
    "schedule": ("scheduleLeagueV2.json", b"<html><body>Service Unavailable</body></html>"),
    "odds": ("odds_todaysGames.json", b'{"games": [{"gameId": "0022000001", "markets": [{"bo'),
    "live": ("todaysScoreboard_00.json", b'{"scoreboard": {"gameDate": "2020-12-22"}}'),
}


@pytest.mark.parametrize("feed", sorted(BROKEN))
def test_malformed_payloads_of_every_feed_are_rejected_clearly(feed, database, tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    name, body = BROKEN[feed]
    (served / name).write_bytes(body)
    with ReplayServer([served]) as replay:
        done = subprocess.run(
            [*scenarios.COURTSIDE, "ingest", feed, "--cdn-base-url", replay.base_url],
            env=scenarios.cli_env(database, tmp_path), cwd=REPO_ROOT, text=True,
            capture_output=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(f"courtside: error: {feed} run ")
    assert "parse_error" in done.stdout
    assert scalar(database, "select count(*) from raw.fetch_log where outcome = 'parse_error'") == 1
