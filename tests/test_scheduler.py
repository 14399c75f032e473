"""The scheduler: cron parsing, then a game day driven through a controllable clock
against the replay server (whose own clock picks the payload version served), with
the real runner, a real Postgres and a stand-in for the dbt executable; then the dbt
step itself (its error, its time limit, SIGTERM) with the real dbt on a small project."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import query, scalar

from ingest.archive import Archive
from ingest.config import load_settings
from ingest.dbt_cli import dbt_path
from ingest.scheduler.clock import ManualClock
from ingest.scheduler.cron import EASTERN, Cron, ScheduleError
from ingest.scheduler.driver import Scheduler
from ingest.scheduler.run_log import LOCK_CLASS, Database, JobLock, JobResult
from ingest.scheduler.schedule_file import ScheduleFile
from sandbox.replay import Faults

REPO_ROOT = Path(__file__).resolve().parents[1]
GAME = "0022000001"  # real PBP + boxscore: GSW @ BKN, 7 pm ET 2020-12-22, final 125-99
HOME, AWAY = 1610612751, 1610612744
CDN = "https://cdn.nba.com/static/json"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --------------------------------------------------------------------------- cron


def eastern(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=EASTERN)


@pytest.mark.parametrize(
    "expr, moment, expected",
    [
        ("*/15 * * * *", "2024-11-01 10:45", True),
        ("*/15 * * * *", "2024-11-01 10:46", False),
        ("0 5 * * *", "2024-11-01 05:00", True),
        ("0,30 9-17 * * 1-5", "2024-11-01 17:30", True),  # a Friday
        ("0,30 9-17 * * 1-5", "2024-11-02 17:30", False),  # Saturday
        ("0 12 * * 7", "2024-11-03 12:00", True),  # 7 is Sunday too
        ("0 12 * * 0", "2024-11-03 12:00", True),
        ("10-40/10 * * * *", "2024-11-01 00:30", True),
        ("10-40/10 * * * *", "2024-11-01 00:50", False),
        ("5/20 * * * *", "2024-11-01 00:45", True),  # 5-59/20
        ("0 0 1 * 1", "2024-11-04 00:00", True),  # day 1 OR Monday (both restricted)
        ("0 0 1 * 1", "2024-11-01 00:00", True),
        ("0 0 1 * 1", "2024-11-05 00:00", False),
        ("0 0 * 2 *", "2024-11-01 00:00", False),
    ],
)
def test_cron_matches(expr, moment, expected):
    assert Cron.parse(expr).matches(datetime.fromisoformat(moment)) is expected


@pytest.mark.parametrize(
    "expr, message",
    [
        ("* * * *", "want 5 fields"),
        ("60 * * * *", "cron '60 \\* \\* \\* \\*': .* out of range"),
        ("*/0 * * * *", "step '0' in field 0 is not acceptable"),
        ("* * 32 * *", "out of range"),
        ("* * * * funday", "cron '\\* \\* \\* \\* funday': .* is not acceptable"),
    ],
)
def test_bad_cron_is_rejected_clearly(expr, message):
    with pytest.raises(ScheduleError, match=message):
        Cron.parse(expr)


def test_fire_times_are_us_eastern_across_dst():
    daily = Cron.parse("0 5 * * *")
    # 05:00 EDT is 09:00 UTC; after the fall-back (2024-11-03) 05:00 EST is 10:00 UTC
    assert daily.previous_fire(utc("2024-11-02T12:00:00")) == utc("2024-11-02T09:00:00")
    assert daily.previous_fire(utc("2024-11-03T12:00:00")) == utc("2024-11-03T10:00:00")
    assert daily.next_fire(utc("2024-11-03T10:00:00")) == utc("2024-11-04T10:00:00")
    # 02:30 does not exist on spring-forward day: the next one is the day after
    assert Cron.parse("30 2 * * *").next_fire(utc("2025-03-09T05:00:00")) == utc(
        "2025-03-10T06:30:00"
    )


def test_a_repeated_fall_back_hour_fires_twice():
    cron = Cron.parse("30 1 * * *")  # 01:30 EDT is 05:30 UTC, 01:30 EST 06:30 UTC
    assert cron.previous_fire(utc("2024-11-03T06:10:00")) == utc("2024-11-03T05:30:00")
    assert cron.previous_fire(utc("2024-11-03T06:40:00")) == utc("2024-11-03T06:30:00")
    assert cron.next_fire(utc("2024-11-03T05:30:00")) == utc("2024-11-03T06:30:00")
    # and a skipped spring-forward time never fires: the last 02:30 is the day before
    assert Cron.parse("30 2 * * *").previous_fire(utc("2025-03-09T12:00:00")) == utc(
        "2025-03-08T07:30:00"
    )


def test_a_missed_fire_is_caught_up_for_eight_days_only():
    yearly = Cron.parse("0 5 1 1 *")  # 05:00 EST on January 1st is 10:00 UTC
    assert yearly.previous_fire(utc("2024-01-08T12:00:00")) == utc("2024-01-01T10:00:00")
    assert yearly.previous_fire(utc("2024-01-09T10:00:00")) is None
    assert yearly.previous_fire(utc("2024-01-09T09:59:00")) == utc("2024-01-01T10:00:00")


def test_schedule_file_errors_name_the_problem(tmp_path):
    with pytest.raises(ScheduleError, match="unknown job 'boxscores'"):
        ScheduleFile.from_dict({"jobs": {"boxscores": {"cron": "* * * * *"}}})
    with pytest.raises(ScheduleError, match="job 'odds': cron '\\*/15 \\* \\*'"):
        ScheduleFile.from_dict({"jobs": {"odds": {"cron": "*/15 * *"}}})
    with pytest.raises(ScheduleError, match="needs a `cron:`"):
        ScheduleFile.from_dict({"jobs": {"odds": {}}})
    bad = tmp_path / "s.yml"
    bad.write_text("jobs: [")
    with pytest.raises(ScheduleError, match="not valid YAML"):
        ScheduleFile.load(bad)


def test_the_shipped_schedule_file_loads():
    shipped = ScheduleFile.load(Path(__file__).resolve().parents[1] / "schedule.yml")
    assert list(shipped.jobs) == ["schedule", "games", "odds", "live", "dbt"]
    assert shipped.jobs["odds"].cron.minutes == {0, 15, 30, 45}


# --------------------------------------------------------------------------- a game day


@pytest.fixture
def database(staged_database):
    """Each test here starts where the scheduler's first job would: raw tables and the
    staging views there (built once per session by the real dbt, then cloned)."""
    return staged_database


def schedule_payload(status: int, home_score: int = 0, away_score: int = 0) -> dict:
    game = {
        "gameId": GAME,
        "gameCode": "20201222/GSWBKN",
        "gameStatus": status,
        "gameStatusText": "Final" if status == 3 else "7:00 pm ET",
        "gameDateEst": "2020-12-22T00:00:00Z",
        "gameDateTimeUTC": "2020-12-23T00:00:00Z",
        "postponedStatus": "A",
        "homeTeam": {"teamId": HOME, "teamTricode": "BKN", "score": home_score},
        "awayTeam": {"teamId": AWAY, "teamTricode": "GSW", "score": away_score},
    }
    other = {  # a game the next day, so a day without it is not a game day
        **game,
        "gameId": "0022000020",
        "gameStatus": 1,
        "gameDateEst": "2020-12-23T00:00:00Z",
        "gameDateTimeUTC": "2020-12-24T00:00:00Z",
        "homeTeam": {"teamId": AWAY, "teamTricode": "GSW", "score": 0},
        "awayTeam": {"teamId": HOME, "teamTricode": "BKN", "score": 0},
    }
    return {
        "meta": {"version": 1},
        "leagueSchedule": {
            "seasonYear": "2020-21",
            "leagueId": "00",
            "gameDates": [
                {"gameDate": "12/22/2020 00:00:00", "games": [game]},
                {"gameDate": "12/23/2020 00:00:00", "games": [other]},
            ],
        },
    }


def scoreboard_payload(status: int, clock: str, home: int, away: int) -> dict:
    return {
        "meta": {"version": 1},
        "scoreboard": {
            "gameDate": "2020-12-22",
            "leagueId": "00",
            "games": [
                {
                    "gameId": GAME,
                    "gameStatus": status,
                    "period": 4 if status == 3 else 2,
                    "gameClock": clock,
                    "gameTimeUTC": "2020-12-23T00:00:00Z",
                    "homeTeam": {"teamId": HOME, "score": home},
                    "awayTeam": {"teamId": AWAY, "score": away},
                }
            ],
        },
    }


def odds_payload(realdata: Path) -> dict:
    data = json.loads((realdata / "cdn/odds/odds_todaysGames_one_game_0022400913.json").read_text())
    for game in data["games"]:
        game.update(gameId=GAME, homeTeamId=str(HOME), awayTeamId=str(AWAY))
    return data


def write(archive: Archive, feed: str, key: str, url: str, data, at: str, game_id=None):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    archive.write(feed, key, body, url=url, fetched_at=utc(at), game_id=game_id)


def build_game_day(realdata: Path, root: Path) -> Path:
    """What the NBA served over 2020-12-22/23, version by version."""
    archive = Archive(root)
    schedule_url = f"{CDN}/staticData/scheduleLeagueV2.json"
    board_url = f"{CDN}/liveData/scoreboard/todaysScoreboard_00.json"
    pbp_url = f"{CDN}/liveData/playbyplay/playbyplay_{GAME}.json"
    box_url = f"{CDN}/liveData/boxscore/boxscore_{GAME}.json"
    write(archive, "schedule", "v1", schedule_url, schedule_payload(1), "2020-12-22T09:00:00")
    write(
        archive, "schedule", "v2", schedule_url, schedule_payload(3, 125, 99), "2020-12-23T09:00:00"
    )
    write(
        archive,
        "odds",
        "v1",
        f"{CDN}/liveData/odds/odds_todaysGames.json",
        odds_payload(realdata),
        "2020-12-22T12:00:00",
    )
    write(
        archive,
        "scoreboard",
        "v1",
        board_url,
        scoreboard_payload(2, "PT07M15.00S", 40, 38),
        "2020-12-23T00:30:00",
    )
    write(
        archive,
        "scoreboard",
        "v2",
        board_url,
        scoreboard_payload(3, "", 125, 99),
        "2020-12-23T02:40:00",
    )
    real_box = (realdata / "cdn/boxscore" / f"boxscore_{GAME}.json").read_bytes()
    write(archive, "boxscore", GAME, box_url, real_box, "2020-12-23T00:10:00", GAME)
    pbp = json.loads((realdata / "cdn/playbyplay" / f"playbyplay_{GAME}.json").read_text())
    write(archive, "pbp", GAME, pbp_url, pbp, "2020-12-23T02:30:00", GAME)
    pbp["game"]["actions"][5]["description"] = "corrected overnight"
    write(archive, "pbp", GAME, pbp_url, pbp, "2020-12-23T08:00:00", GAME)  # -> history/
    return root


DBT_STUB = """import json, sys
with open(sys.argv[1], "a") as f:
    f.write(json.dumps(sys.argv[2:]) + "\\n")
sys.exit(int(__import__("os").environ.get("DBT_STUB_EXIT", "0")))
"""

SCHEDULE = {
    "jobs": {
        "schedule": {"cron": "0 5 * * *"},
        "games": {"cron": "*/10 * * * *"},
        "odds": {"cron": "*/15 * * * *"},
        "live": {"cron": "*/3 * * * *"},
        "dbt": {"cron": "* * * * *"},
    },
    "validate": False,
}


@pytest.fixture
def make_scheduler(tmp_path, database):
    stub = tmp_path / "dbt_stub.py"
    stub.write_text(DBT_STUB)
    calls = tmp_path / "dbt_calls.jsonl"

    def make(server, clock, schedule: dict | None = None, **kwargs) -> Scheduler:
        settings = load_settings(
            cdn_base_url=server.base_url,
            stats_base_url=server.base_url,
            archive_dir=str(tmp_path / "archive"),
            pipelines_dir=str(tmp_path / "dlt"),
            backoff_base_seconds=0.05,
            read_timeout_seconds=5.0,
        )
        return Scheduler(
            ScheduleFile.from_dict(schedule or SCHEDULE),
            database,
            settings,
            clock=clock,
            dbt_executable=[sys.executable, str(stub), str(calls)],
            dbt_cwd=tmp_path,
            docs_dir=tmp_path / "gx_docs",
            **kwargs,
        )

    make.calls = calls  # type: ignore[attr-defined]
    return make


def dbt_windows(calls: Path) -> list[str]:
    if not calls.exists():
        return []
    return [json.loads(line)[-1] for line in calls.read_text().splitlines()]


def runs(database) -> list[tuple]:
    return query(
        database,
        "select job, status, rows > 0, window_start, window_end from raw.scheduler_runs "
        "where status <> 'skipped_locked' order by started_at, job",
    )


def test_a_game_day_end_to_end(realdata, tmp_path, replay, make_scheduler, database):
    server = replay(build_game_day(realdata, tmp_path / "nba"))
    clock = ManualClock(utc("2020-12-22T10:00:00"))  # 05:00 ET

    lines: list[str] = []

    def at(moment: str) -> Scheduler:
        clock.set(utc(moment))
        server.set_clock(utc(moment))
        scheduler = make_scheduler(server, clock)
        scheduler.out = scheduler.err = lines.append
        return scheduler

    # 05:00 ET: first start. The schedule is loaded; nothing is final or live; no odds yet
    # is still an odds run (game day); dbt builds the changed dates.
    tick = at("2020-12-22T10:00:00").run_once()
    assert [name for name, _ in tick.ran] == ["schedule", "odds", "dbt"]
    assert tick.ok, [r.error for _, r in tick.ran]
    assert dbt_windows(make_scheduler.calls) == ["{start_date: 2020-12-22, end_date: 2020-12-23}"]
    # one progress line per step: job: outcome | game dates | step | elapsed | run id
    assert [line.split(":")[0] for line in lines] == ["schedule", "odds", "dbt"]
    step_line = r"{}: ok, \d+ rows \| {} \| {} \| \d+\.\d s \| run [0-9a-f]{{12}}"
    window = "game dates 2020-12-22..2020-12-23"
    assert re.fullmatch(step_line.format("schedule", window, "ingest schedule"), lines[0])
    assert re.fullmatch(step_line.format("odds", "no game dates", "ingest odds"), lines[1])
    assert re.fullmatch(step_line.format("dbt", window, "dbt build"), lines[2])
    # 05:01: nothing due (schedule ran today, odds this quarter hour, nothing changed)
    assert at("2020-12-22T10:01:00").run_once().ran == []
    # 12:00 ET: an odds snapshot (a new version) is due and changes the game's date
    tick = at("2020-12-22T17:00:00").run_once()
    assert [name for name, _ in tick.ran] == ["odds", "dbt"]
    assert scalar(database, "select count(distinct snapshot_id) from raw.odds_outcomes") == 1
    assert dbt_windows(make_scheduler.calls)[-1] == "{start_date: 2020-12-22, end_date: 2020-12-22}"
    # 19:30 ET: tip-off has passed, not final: a live poll (game in progress)
    tick = at("2020-12-23T00:30:00").run_once()
    assert [name for name, _ in tick.ran] == ["odds", "live", "dbt"]
    assert scalar(database, "select count(*) from raw.live_scoreboard_games") == 1
    assert scalar(database, "select count(*) from raw.live_boxscore_players") == 34
    # 21:45 ET: the live poll shows it final -> next tick fetches PBP and boxscore
    at("2020-12-23T02:45:00").run_once()
    tick = at("2020-12-23T02:50:00").run_once()
    assert "games" in [name for name, _ in tick.ran]
    assert scalar(database, "select count(*) from raw.pbp_actions") == 610
    assert scalar(database, "select count(*) from raw.boxscore_players") == 34
    # no more live polls once the game is final
    assert "live" not in [n for n, _ in at("2020-12-23T03:00:00").run_once().ran]
    # next morning, 05:00 ET: schedule refreshed (now final) and the correction re-fetch
    tick = at("2020-12-23T10:00:00").run_once()
    ran = dict(tick.ran)
    assert ran["games"].details["refetched"] == [GAME] and ran["games"].details["fetched"] == []
    assert (
        scalar(
            database,
            "select count(*) from raw.pbp_actions where description = %s",
            ("corrected overnight",),
        )
        == 1
    )
    assert scalar(database, "select count(*) from raw.pbp_actions") == 610
    # ... and only once
    assert "games" not in [n for n, _ in at("2020-12-23T11:00:00").run_once().ran]
    statuses = {status for _, status, *_ in runs(database)}
    assert statuses == {"ok"}
    for job, _, changed, start, end in runs(database):
        if job in ("games", "live") and changed:
            assert (start, end) == (date(2020, 12, 22), date(2020, 12, 22))


def test_a_failed_ingest_is_recorded_and_retried_at_its_next_fire(
    realdata, tmp_path, replay, make_scheduler, database
):
    server = replay(build_game_day(realdata, tmp_path / "nba"), faults=Faults(rate_5xx=1.0))
    clock = ManualClock(utc("2020-12-22T10:00:00"))
    server.set_clock(clock.now())
    scheduler = make_scheduler(server, clock, {"jobs": {"schedule": {"cron": "0 5 * * *"}}})
    scheduler.settings = scheduler.settings.with_overrides(max_retries=1)
    tick = scheduler.run_once()
    assert not tick.ok
    row = query(database, "select status, error from raw.scheduler_runs")
    assert row[0][0] == "failed" and "schedule" in row[0][1] and "error" in row[0][1]
    assert scheduler.run_once().ran == []  # failed counts as run: wait for the next fire
    server.set_faults(Faults())
    clock.advance(timedelta(days=1))
    server.set_clock(clock.now())
    assert scheduler.run_once().ok
    assert [
        s for (s,) in query(database, "select status from raw.scheduler_runs order by started_at")
    ] == ["failed", "ok"]


def test_a_failed_expectation_fails_the_games_run(
    realdata, tmp_path, replay, make_scheduler, database
):
    root = build_game_day(realdata, tmp_path / "nba")
    pbp = json.loads((realdata / "cdn/playbyplay" / f"playbyplay_{GAME}.json").read_text())
    pbp["game"]["actions"][10]["clock"] = "12:00"
    write(
        Archive(root),
        "pbp",
        GAME,
        f"{CDN}/liveData/playbyplay/playbyplay_{GAME}.json",
        pbp,
        "2020-12-23T11:30:00",
        GAME,
    )
    server = replay(root)
    clock = ManualClock(utc("2020-12-23T12:00:00"))
    server.set_clock(clock.now())
    schedule = {"jobs": {"schedule": {"cron": "0 5 * * *"}, "games": {"cron": "*/10 * * * *"}}}
    scheduler = make_scheduler(server, clock, schedule, validate=True)
    tick = scheduler.run_once()
    result = dict(tick.ran)["games"]
    assert result.status == "failed"
    assert (
        "raw.pbp_actions" in result.error and "clock" in result.error and "'12:00'" in result.error
    )
    assert (tmp_path / "gx_docs" / "index.html").exists()


def test_a_held_lock_skips_the_job_or_waits_for_it(
    realdata, tmp_path, replay, make_scheduler, database
):
    server = replay(build_game_day(realdata, tmp_path / "nba"))
    clock = ManualClock(utc("2020-12-22T10:00:00"))
    server.set_clock(clock.now())
    schedule = {"jobs": {"schedule": {"cron": "0 5 * * *"}}}
    scheduler = make_scheduler(server, clock, schedule)
    scheduler.database.ensure_runs_table()
    other = JobLock(scheduler.database, "schedule")
    assert other.acquire()
    messages: list[str] = []
    scheduler.err = messages.append
    tick = scheduler.run_once()
    assert tick.locked == ["schedule"] and tick.ran == []
    assert (
        "job 'schedule' is already running (advisory lock held by courtside schedule" in messages[0]
    )
    # the lock is visible to anyone as a Postgres advisory lock
    assert (
        scalar(
            database,
            "select count(*) from pg_locks where locktype = 'advisory' and classid = %s "
            "and database = (select oid from pg_database where datname = current_database())",
            (LOCK_CLASS,),
        )
        == 1
    )
    waiting = make_scheduler(server, clock, schedule, wait_for_lock=20)
    threading.Timer(1.0, other.release).start()
    started = time.monotonic()
    tick = waiting.run_once()
    assert time.monotonic() - started >= 0.9
    assert [name for name, _ in tick.ran] == ["schedule"] and tick.ok
    assert query(database, "select status from raw.scheduler_runs order by started_at, status") == [
        ("ok",),
        ("skipped_locked",),
    ]


def test_an_ingest_job_skips_while_a_cli_ingest_holds_the_ingest_lock(
    realdata, tmp_path, replay, make_scheduler, database
):
    """A scheduled ingest and ``courtside ingest`` share dlt's pipeline folder and raw
    tables: the job takes the CLI's ingest lock too, and skips while a CLI run holds it."""
    from ingest.advisory_lock import holding_ingest_lock

    server = replay(build_game_day(realdata, tmp_path / "nba"))
    clock = ManualClock(utc("2020-12-22T10:00:00"))
    server.set_clock(clock.now())
    schedule = {"jobs": {"schedule": {"cron": "0 5 * * *"}}}
    scheduler = make_scheduler(server, clock, schedule)
    scheduler.database.ensure_runs_table()
    messages: list[str] = []
    scheduler.err = messages.append
    with holding_ingest_lock(database, "courtside ingest games") as cli:
        tick = scheduler.run_once()
        job_locks = scalar(
            database, "select count(*) from pg_locks where locktype = 'advisory' and granted"
        )
        assert job_locks == 1  # the job let go of its own lock on skipping
    assert cli.conn is None  # released by the with
    assert tick.locked == ["schedule"] and tick.ran == [], (tick, messages)
    assert "(advisory lock held by courtside ingest games on " in messages[0], messages
    assert scalar(database, "select count(*) from raw.schedule_games") == 0
    tick = scheduler.run_once()  # the CLI is done: the job runs, and lets the lock go
    assert [name for name, _ in tick.ran] == ["schedule"] and tick.ok, tick
    with holding_ingest_lock(database, "courtside ingest odds"):  # free again: no raise
        pass


def test_a_dead_schedulers_running_row_is_marked_abandoned(
    realdata, tmp_path, replay, make_scheduler, database
):
    server = replay(build_game_day(realdata, tmp_path / "nba"))
    clock = ManualClock(utc("2020-12-22T10:00:00"))
    server.set_clock(clock.now())
    scheduler = make_scheduler(server, clock, {"jobs": {"schedule": {"cron": "0 5 * * *"}}})
    scheduler.database.ensure_runs_table()
    scheduler.database.insert_run("deadbeef", "schedule", utc("2020-12-22T09:30:00"), "running")
    scheduler.run_once(only="schedule")
    assert query(database, "select job, status from raw.scheduler_runs order by started_at") == [
        ("schedule", "abandoned"),
        ("schedule", "ok"),
    ]


def test_forced_dbt_with_nothing_changed_does_nothing(tmp_path, replay, make_scheduler, database):
    server = replay(tmp_path)
    clock = ManualClock(utc("2020-12-22T10:00:00"))
    scheduler = make_scheduler(server, clock)
    lines: list[str] = []
    scheduler.out = lines.append
    assert scheduler.run_once(only="dbt").ran == []
    assert lines == ["dbt: nothing changed since the last successful build; skipped"]


def test_a_failing_dbt_build_is_recorded_and_its_window_kept(
    realdata, tmp_path, replay, make_scheduler, database, monkeypatch
):
    server = replay(build_game_day(realdata, tmp_path / "nba"))
    clock = ManualClock(utc("2020-12-22T10:00:00"))
    server.set_clock(clock.now())
    schedule = {
        "jobs": {"schedule": {"cron": "0 5 * * *"}, "dbt": {"cron": "* * * * *"}},
        "validate": False,
    }
    monkeypatch.setenv("DBT_STUB_EXIT", "2")
    tick = make_scheduler(server, clock, schedule).run_once()
    assert dict(tick.ran)["dbt"].error.startswith("dbt exited 2")
    monkeypatch.setenv("DBT_STUB_EXIT", "0")
    clock.advance(timedelta(minutes=1))
    tick = make_scheduler(server, clock, schedule).run_once()
    assert [n for n, _ in tick.ran] == ["dbt"] and tick.ok  # the same window, built again
    windows = dbt_windows(make_scheduler.calls)
    assert windows == [windows[0], windows[0]]


def test_an_unreachable_database_is_one_clear_error(tmp_path, replay, make_scheduler, database):
    from ingest.database import PgSettings

    server = replay(tmp_path)
    scheduler = make_scheduler(server, ManualClock(utc("2020-12-22T10:00:00")))
    scheduler.database.db = PgSettings(**{**database.__dict__, "dbname": "no_such_db"})
    with pytest.raises(ScheduleError, match="cannot reach the database .*no_such_db"):
        scheduler.run_once()


def test_jobs_and_runner_take_dates_and_placeholders_from_staging(
    realdata, tmp_path, replay, make_scheduler, database
):
    """A game's date is the US-Eastern date of its tip-off and a game with either team id
    0 is a placeholder: rules of stg_nba_cdn__schedule_games, which the jobs and the
    runner read (raw's gameDateEst says 2020-12-22 for all three games here)."""
    from ingest.runner import Ingestor

    root = build_game_day(realdata, tmp_path / "nba")
    payload = schedule_payload(3, 125, 99)
    day = payload["leagueSchedule"]["gameDates"][0]
    payload["leagueSchedule"]["gameDates"] = [day]
    game = day["games"][0]
    late = {**game, "gameId": "0022000031", "gameDateTimeUTC": "2020-12-23T05:30:00Z"}
    placeholder = {**game, "gameId": "0022000032", "awayTeam": {"teamId": 0, "score": 0}}
    day["games"] += [late, placeholder]
    url = f"{CDN}/staticData/scheduleLeagueV2.json"
    write(Archive(root), "schedule", "v3", url, payload, "2020-12-23T09:30:00")
    server = replay(root)
    clock = ManualClock(utc("2020-12-23T10:00:00"))
    server.set_clock(clock.now())
    schedule = {"jobs": {"schedule": {"cron": "0 5 * * *"}}, "validate": False}
    scheduler = make_scheduler(server, clock, schedule)
    tick = scheduler.run_once()
    assert dict(tick.ran)["schedule"].window() == (date(2020, 12, 22), date(2020, 12, 23))
    games = dict(scheduler.run_once(only="games").ran)["games"]
    assert games.details["fetched"] == [GAME, "0022000031"]  # not the placeholder
    assert games.window() == (date(2020, 12, 22), date(2020, 12, 22))  # GAME loaded
    ingestor = Ingestor(scheduler.settings, database)
    assert ingestor.final_games(date(2020, 12, 23), date(2020, 12, 23)) == ["0022000031"]
    assert ingestor.final_games(date(2020, 12, 22), date(2020, 12, 22)) == [GAME]


# --------------------------------------------------------------------------- giving up


def changed(database, start: date, end: date, at: datetime) -> None:
    """An ingest run that changed the game dates start..end (what the dbt job builds)."""
    log = Database(database)
    log.ensure_runs_table()
    run_id = f"change{at:%H%M%S}"
    log.insert_run(run_id, "schedule", at, "running")
    log.finish_run(run_id, JobResult(rows=1, dates={start, end}), at)


def test_a_window_failing_again_and_again_is_given_up_and_reported(
    tmp_path, replay, make_scheduler, database, monkeypatch
):
    server = replay(tmp_path)
    clock = ManualClock(utc("2020-12-23T10:00:00"))
    schedule = {"jobs": {"dbt": {"cron": "* * * * *"}}, "validate": False}
    scheduler = make_scheduler(server, clock, schedule)
    lines: list[str] = []
    scheduler.out = scheduler.err = lines.append
    changed(database, date(2020, 12, 22), date(2020, 12, 23), clock.now())
    monkeypatch.setenv("DBT_STUB_EXIT", "2")
    for _ in range(3):  # give_up_after_failures = 3 (.dlt/config.toml)
        clock.advance(timedelta(minutes=1))
        assert [n for n, _ in scheduler.run_once().ran] == ["dbt"]
    assert len(lines) == 3 and all(
        re.fullmatch(
            r"courtside schedule: dbt: failed, 0 rows \| game dates 2020-12-22\.\.2020-12-23 "
            r"\| dbt build \| \d+\.\d s \| run [0-9a-f]{12}: dbt exited 2: no output",
            line,
        )
        for line in lines
    ), lines
    # the 4th time: not run, said once
    clock.advance(timedelta(minutes=1))
    assert scheduler.run_once().ran == []
    assert lines[3] == (
        "courtside schedule: dbt 2020-12-22..2020-12-23: given up after 3 failed builds in a "
        "row; last: dbt exited 2: no output (not retried until new changes widen the window; "
        "`courtside schedule --job dbt` retries it now)"
    )
    for _ in range(5):
        clock.advance(timedelta(minutes=1))
        assert scheduler.run_once().ran == []
    assert len(lines) == 4 and len(dbt_windows(make_scheduler.calls)) == 3
    given_up = (
        "dbt: GIVEN UP on game dates 2020-12-22..2020-12-23 after 3 failed builds in a row "
        "(last: dbt exited 2: no output); `courtside schedule --job dbt` retries it"
    )
    assert given_up in scheduler.status_lines()
    # --job dbt runs it anyway; failing again, it stays given up
    assert [n for n, _ in scheduler.run_once(only="dbt").ran] == ["dbt"]
    clock.advance(timedelta(minutes=1))
    assert scheduler.run_once().ran == []
    assert any(line.startswith("dbt: GIVEN UP") for line in scheduler.status_lines())
    # a changed window is tried again ...
    changed(database, date(2020, 12, 24), date(2020, 12, 24), clock.now())
    clock.advance(timedelta(minutes=1))
    assert [n for n, _ in scheduler.run_once().ran] == ["dbt"]
    assert dbt_windows(make_scheduler.calls)[-1] == "{start_date: 2020-12-22, end_date: 2020-12-24}"
    assert (
        scheduler.status_lines()[-1] == "dbt: game dates 2020-12-22..2020-12-24 waiting to be built"
    )
    # ... and a success clears everything
    monkeypatch.setenv("DBT_STUB_EXIT", "0")
    clock.advance(timedelta(minutes=1))
    assert scheduler.run_once().ok
    status = scheduler.status_lines()
    assert len(status) == 2 and status[0].startswith("dbt: ok at 2020-12-23 10:1")
    assert query(database, "select count(*) from raw.scheduler_runs where status = 'given_up'") == [
        (1,)
    ]


# --------------------------------------------------------------------------- the real dbt

TINY_PROJECT = {
    "dbt_project.yml": "name: tiny\nversion: '1.0'\nconfig-version: 2\nprofile: courtside\n",
    # a model and a test with "error" in their names, whose START lines come first
    "models/parse_errors.sql": "select 'load_failed' as parse_error\n",
    "models/schema.yml": (
        "version: 2\nmodels:\n  - name: parse_errors\n    columns:\n      - name: parse_error\n"
        "        data_tests:\n          - accepted_values:\n              arguments:\n"
        "                values: ['load_failed']\n"
    ),
}
BROKEN = "{{ config(materialized='table') }}\nselect 1 / 0 as x from {{ ref('parse_errors') }}\n"
HANGS = (
    "{{ config(materialized='table') }}\n"
    "select parse_error, pg_sleep(600)::text as slept from {{ ref('parse_errors') }}\n"
)


@pytest.fixture
def tiny_project(tmp_path, monkeypatch):
    """A small dbt project (the real dbt runs it in seconds) with the shipped profile."""

    def make(last_model: str) -> Path:
        root = tmp_path / "tiny"
        for name, text in {**TINY_PROJECT, "models/last.sql": last_model}.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        shutil.copy(REPO_ROOT / "profiles.example.yml", root / "profiles.yml")
        monkeypatch.setenv("DBT_PROFILES_DIR", str(root))
        return root

    return make


def real_dbt_scheduler(database, root: Path, clock: ManualClock, **settings) -> Scheduler:
    changed(database, date(2020, 12, 22), date(2020, 12, 22), clock.now())
    schedule = ScheduleFile.from_dict({"jobs": {"dbt": {"cron": "* * * * *"}}, "validate": False})
    scheduler = Scheduler(
        schedule,
        database,
        load_settings(**settings),
        clock=clock,
        dbt_executable=[dbt_path()],
        dbt_cwd=root,
    )
    scheduler.out = scheduler.err = lambda line: None
    return scheduler


def dbt_queries(database) -> list[tuple]:
    """Sessions of this database other than ours running a query of the tiny project."""
    return query(
        database,
        "select pid, application_name, state, query from pg_stat_activity "
        "where datname = current_database() and pid <> pg_backend_pid() "
        "and (query like %s or application_name like %s)",
        ("%pg_sleep%", "%dbt%"),
    )


def test_a_failed_build_stores_dbts_own_error(tiny_project, database):
    root = tiny_project(BROKEN)
    clock = ManualClock(utc("2020-12-23T10:00:00"))
    tick = real_dbt_scheduler(database, root, clock).run_once()
    (error,) = query(database, "select error from raw.scheduler_runs where job = 'dbt'")[0]
    assert dict(tick.ran)["dbt"].error == error
    assert error == (
        "dbt exited 1: model.tiny.last: Database Error in model last (models/last.sql) "
        "division by zero"
    )


def test_a_hung_build_is_stopped_at_the_time_limit_and_its_queries_cancelled(
    tiny_project, database
):
    """A dbt whose query never ends; it is given no grace to cancel it itself, so it is
    killed at the time limit and the session it leaves is terminated by the scheduler."""
    root = tiny_project(HANGS)
    clock = ManualClock(utc("2020-12-23T10:00:00"))
    scheduler = real_dbt_scheduler(
        database, root, clock, step_timeout_seconds=15, step_cancel_grace_seconds=0
    )
    ticks = []
    runner = threading.Thread(target=lambda: ticks.append(scheduler.run_once()), daemon=True)
    started = time.monotonic()
    runner.start()
    runner.join(120)
    assert not runner.is_alive(), f"the scheduler hung on dbt: {dbt_queries(database)}"
    assert 15 <= time.monotonic() - started < 60
    result = dict(ticks[0].ran)["dbt"]
    assert result.error == (
        "dbt timed out after 15 s (step_timeout_seconds): stopped, its queries cancelled"
    )
    assert result.details["sessions_terminated"] >= 1  # the pg_sleep dbt left running
    assert dbt_queries(database) == []
    assert query(database, "select status from raw.scheduler_runs where job = 'dbt'") == [
        ("failed",)
    ]


def test_sigterm_stops_a_hung_build_cancels_its_queries_and_exits(tiny_project, database, tmp_path):
    """``courtside schedule`` (the loop) in its own process, SIGTERM while dbt hangs: dbt
    is interrupted (and cancels its query), the run is recorded stopped, exit 0."""
    root = tiny_project(HANGS)
    (root / "schedule.yml").write_text("jobs:\n  dbt:\n    cron: '* * * * *'\nvalidate: false\n")
    changed(database, date(2020, 12, 22), date(2020, 12, 22), utc("2020-12-23T10:00:00"))
    env = {
        **os.environ,
        **database.env(),
        "COURTSIDE_STATE_DIR": str(tmp_path / "state"),
        "PYTHONPATH": str(REPO_ROOT),
    }
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "ingest.scheduler", "--now", "2020-12-23T10:05:00"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not any("pg_sleep" in q for *_, q in dbt_queries(database)):
            assert scheduler.poll() is None, scheduler.communicate()
            assert time.monotonic() < deadline, "dbt never started its query"
            time.sleep(0.5)
        scheduler.send_signal(signal.SIGTERM)
        out, err = scheduler.communicate(timeout=60)
    finally:
        if scheduler.poll() is None:
            scheduler.kill()
            scheduler.communicate()
    assert scheduler.returncode == 0, err
    assert "stopped (SIGTERM): dbt interrupted, its queries cancelled" in out
    assert dbt_queries(database) == []
    assert query(database, "select status, error from raw.scheduler_runs where job = 'dbt'") == [
        ("stopped", "dbt stopped (SIGTERM/SIGINT): its queries cancelled")
    ]
