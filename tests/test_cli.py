"""The ``courtside`` command as a user runs it: separate processes, real servers."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import REPO_ROOT, scalar

FEEDS = ("schedule", "games", "odds", "live", "teams")

COURTSIDE = str(Path(sys.executable).parent / "courtside")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int) -> None:
    """Until a server listens on ``port`` (at most ~30 s)."""
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def run(
    *args: str, env: dict | None = None, cwd: Path = REPO_ROOT, timeout: float = 180
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [COURTSIDE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def replay_process(realdata):
    """`courtside replay` as its own process; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [COURTSIDE, "replay", "--dir", str(realdata / "cdn"), "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    wait_for_port(port)
    yield base_url
    process.terminate()
    assert process.wait(timeout=10) == 0


@pytest.fixture
def cli_env(database, tmp_path) -> dict:
    return {
        **os.environ,
        **database.env(),
        "COURTSIDE__ARCHIVE_DIR": str(tmp_path / "archive"),
        "COURTSIDE__PIPELINES_DIR": str(tmp_path / "dlt"),
        "COURTSIDE_STATE_DIR": str(tmp_path / "state"),  # data docs, not the repo's
    }


def test_ingest_games_through_the_cli(replay_process, cli_env, database, tmp_path):
    done = run(
        "ingest", "games", "--game-id", "0022000001", "--cdn-base-url", replay_process, env=cli_env
    )
    assert done.returncode == 0, done.stderr
    assert "raw.pbp_actions: 610 rows loaded" in done.stdout
    assert done.stderr == ""  # great-expectations' INFO logs stay quiet
    assert "raw.boxscore_players: 34 rows loaded" in done.stdout
    page = tmp_path / "state" / "gx_docs" / "validation_results.html"
    said = r"^validation: \d+ expectations on 5 raw tables: all passed; results: (.+)$"
    assert re.search(
        said,
        done.stdout,
        re.MULTILINE,
    ).group(1) == str(page), done.stdout
    assert page.exists()
    assert scalar(database, "select count(*) from raw.pbp_actions") == 610
    again = run(
        "ingest", "games", "--game-id", "0022000001", "--cdn-base-url", replay_process, env=cli_env
    )
    assert again.returncode == 0 and "nothing new" in again.stdout
    # python -m ingest is the same program
    module = subprocess.run(
        [sys.executable, "-m", "ingest", "ingest", "schedule", "--cdn-base-url", replay_process],
        cwd=REPO_ROOT,
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert module.returncode == 0, module.stderr
    assert "raw.schedule_games: 1280 rows loaded" in module.stdout


def test_failures_end_non_zero_with_one_clear_line(realdata, tmp_path, cli_env):
    cdn = tmp_path / "cdn"
    shutil.copytree(realdata / "cdn", cdn)
    (cdn / "playbyplay" / "playbyplay_0022000777.json").write_text("<html>oops</html>")
    port = free_port()
    server = subprocess.Popen(
        [COURTSIDE, "replay", "--dir", str(cdn), "--port", str(port)], stdout=subprocess.DEVNULL
    )
    try:
        time.sleep(1.0)
        done = run(
            "ingest",
            "games",
            "--game-id",
            "0022000777",
            "--game-id",
            "0022000001",
            "--cdn-base-url",
            f"http://127.0.0.1:{port}",
            env=cli_env,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("courtside: error: games run")
    assert "0022000777" in done.stderr
    assert "raw.pbp_actions: 610 rows loaded" in done.stdout  # the good game still loaded


def test_each_feed_has_its_own_help_with_formats_and_an_example():
    games = run("ingest", "games", "--help")
    assert games.returncode == 0, games.stderr
    assert re.search(r"--start-date YYYY-MM-DD\s+final games from this US-Eastern", games.stdout)
    assert "--season YYYY-YY" in games.stdout and "--game-id" in games.stdout
    assert "courtside ingest games --start-date 2024-11-01 --end-date 2024-11-07" in games.stdout
    odds = run("ingest", "odds", "--help")
    assert odds.returncode == 0, odds.stderr
    assert "courtside ingest odds" in odds.stdout.split("example")[-1]
    for option in ("--start-date", "--game-id", "--season", "--stats-base-url"):
        assert option not in odds.stdout, option  # games' options only on games
    teams = run("ingest", "teams", "--help")
    assert "--cdn-base-url" not in teams.stdout and "--from-archive" not in teams.stdout
    listed = run("ingest", "--help").stdout
    assert all(re.search(rf"^    {feed}\s+\S", listed, re.MULTILINE) for feed in FEEDS), listed
    wrong = run("ingest", "odds", "--start-date", "2024-11-01")
    assert wrong.returncode == 2 and "unrecognized arguments: --start-date" in wrong.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["ingest", "games", "--game-id", "22000001"], "not an NBA game id"),
        (["ingest", "games", "--start-date", "2024-13-45"], "not a date"),
        (["ingest", "games", "--season", "2024"], "not a season"),
    ],
)
def test_bad_arguments_are_rejected_before_any_work(args, message, cli_env):
    done = run(*args, env=cli_env)
    assert done.returncode == 2
    assert message in done.stderr


def test_games_by_date_need_a_schedule_first(cli_env):
    done = run(
        "ingest", "games", "--start-date", "2024-11-01", "--end-date", "2024-11-02", env=cli_env
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "courtside: error: no schedule loaded: run `courtside ingest schedule` first"
    )


def test_embedded_database_lifecycle(tmp_path):
    """`db up` twice is a no-op, the server outlives the command, `db down` stops it."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("dbt_project.yml", "profiles.example.yml"):
        shutil.copy(REPO_ROOT / name, project / name)
    # the defaults, in a copy of the project: no PG* settings, no redirected state folders
    redirected = {"COURTSIDE_DATABASE_URL", "COURTSIDE_STATE_DIR", "DBT_PROFILES_DIR"}
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PG", "COURTSIDE__")) and k not in redirected
    }
    first = run("db", "up", cwd=project, env=env)
    assert first.returncode == 0, first.stderr
    try:
        status = run("db", "status", cwd=project, env=env)
        assert status.returncode == 0 and "running (pid" in status.stdout
        pid = status.stdout.split("pid ")[1].split(",")[0]
        assert run("db", "up", cwd=project, env=env).returncode == 0
        assert f"pid {pid}," in run("db", "status", cwd=project, env=env).stdout
        url = run("db", "url", cwd=project, env=env).stdout.strip()
        assert url.startswith("postgresql://postgres:") and "/courtside?host=" in url
        profiles = (project / "profiles.yml").read_text()
        # the profile's default host is the server's socket folder: under the project's
        # data folder, or a short one of its own when that path is too long for a socket
        socket_dir = unquote(url.split("host=")[1].split("&")[0])
        assert f"env_var('PGHOST', '{socket_dir}')" in profiles
        assert (project / ".courtside" / "pgdata" / "PG_VERSION").exists()
        assert "env_var('PGHOST'" in profiles  # env vars still win over the defaults
    finally:
        assert run("db", "down", cwd=project, env=env).returncode == 0
    assert run("db", "status", cwd=project, env=env).returncode == 3


def test_nothing_to_do_is_said_not_implied(replay_process, cli_env):
    backwards = run(
        "ingest", "games", "--start-date", "2024-11-07", "--end-date", "2024-11-01", env=cli_env
    )
    assert backwards.returncode == 1
    assert backwards.stderr.strip() == (
        "courtside: error: --start-date 2024-11-07 is after --end-date 2024-11-01: swap them"
    )
    assert run("ingest", "schedule", "--cdn-base-url", replay_process, env=cli_env).returncode == 0
    future = run(
        "ingest", "games", "--start-date", "2030-01-01", "--end-date", "2030-01-07",
        "--cdn-base-url", replay_process, env=cli_env,
    )  # fmt: skip
    assert future.returncode == 0, future.stderr
    assert re.fullmatch(
        r"no final games from 2030-01-01 to 2030-01-07 in the schedule loaded \(\d+ games dated "
        r"\d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d, \d+ of them final( \(the last on [\d-]+\))?\): "
        r"nothing to ingest",
        future.stdout.strip(),
    ), future.stdout
    unknown = run(
        "ingest", "games", "--game-id", "0022499999", "--cdn-base-url", replay_process,
        "--stats-base-url", replay_process, env=cli_env,
    )  # fmt: skip
    assert unknown.returncode == 0, unknown.stderr
    assert (
        "  nothing published for game 0022499999 (pbp HTTP 403, boxscore HTTP 403, "
        "boxscoretraditionalv3 HTTP 404): not played yet, or not a game id"
    ) in unknown.stdout.splitlines()
    assert "nothing new" not in unknown.stdout


def test_readme_examples_quote_dates_and_fit_the_demo_season():
    """An unquoted ``2024-02-30`` in ``--vars`` is a YAML traceback inside dbt before the
    project sees it; quoted, the project's own check names it.  The first ``ingest
    games`` example must find games in the season ``courtside demo`` loads."""
    from sandbox.demo import END, START

    readme = (REPO_ROOT / "README.md").read_text()
    unquoted = re.findall(r"--vars '[^']*\b(?:start|end)_date: \d[^']*'", readme)
    assert unquoted == [], unquoted
    first = re.search(r"ingest games --start-date (\S+) --end-date (\S+)", readme)
    start, end = (date.fromisoformat(d) for d in first.groups())
    assert START <= start <= end <= END, (start, end, START, END)


def test_replay_verbose_logs_each_request(realdata):
    port = free_port()
    process = subprocess.Popen(
        [COURTSIDE, "replay", "-v", "--dir", str(realdata / "cdn"), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for_port(port)
        urlopen_status(f"http://127.0.0.1:{port}/static/json/liveData/playbyplay/x.json")
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "GET /static/json/liveData/playbyplay/x.json -> 403" in err, err


def urlopen_status(url: str) -> int:
    from urllib.error import HTTPError
    from urllib.request import urlopen

    try:
        with urlopen(url, timeout=5) as response:
            return response.status
    except HTTPError as exc:
        return exc.code


def test_synth_shows_progress_on_a_terminal(tmp_path):
    import pty

    controller, terminal = pty.openpty()
    done = subprocess.run(
        [COURTSIDE, "synth", "--out", str(tmp_path / "season"), "--start-date", "2024-10-22",
         "--end-date", "2024-10-22", "--processes", "1"],
        stdout=subprocess.PIPE, stderr=terminal, text=True, timeout=300,
    )  # fmt: skip
    os.close(terminal)
    shown = b""
    with contextlib.suppress(OSError):  # EIO once everything written was read
        while chunk := os.read(controller, 65536):
            shown += chunk
    os.close(controller)
    assert done.returncode == 0
    assert shown.strip(), "nothing shown on the terminal"


def read_terminal(controller: int) -> bytes:
    """Everything written to a pseudo-terminal until its last writer closes it."""
    shown = b""
    with contextlib.suppress(OSError):  # EIO once everything written was read
        while chunk := os.read(controller, 65536):
            shown += chunk
    os.close(controller)
    return shown


def test_ingest_shows_load_and_validation_phases_on_a_terminal(replay_process, cli_env):
    """After the fetch bar, the dlt load and the validation each say when they start and
    end (rows, seconds) on a terminal; piped (cron, tests) only the summary is printed."""
    import fcntl
    import pty
    import struct
    import termios
    import threading

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    shown: list[bytes] = []
    reader = threading.Thread(target=lambda: shown.append(read_terminal(controller)))
    reader.start()  # read while it runs: a full terminal buffer would block the run
    done = subprocess.run(
        [COURTSIDE, "ingest", "games", "--game-id", "0022000001", "--cdn-base-url",
         replay_process],
        cwd=REPO_ROOT, env=cli_env, stdout=subprocess.PIPE, stderr=terminal, text=True,
        timeout=300,
    )  # fmt: skip
    os.close(terminal)
    reader.join(timeout=30)
    text = shown[0].decode(errors="replace")
    assert done.returncode == 0, text
    lines = [line.strip() for line in re.split(r"[\r\n]+", text)]
    assert "courtside: games: loading into raw (dlt) ..." in lines, text
    assert any(
        re.fullmatch(r"courtside: games: loaded 647 rows into 4 raw tables in \d+\.\d s", line)
        for line in lines
    ), text
    assert "courtside: validating 5 raw tables ..." in lines, text
    assert any(
        re.fullmatch(r"courtside: validated: \d+ expectations, 0 failed in \d+\.\d s", line)
        for line in lines
    ), text
    assert "games: run " in done.stdout  # the summary still goes to stdout
    assert "Normalize" in text and "Load" in text  # dlt's own bars of its steps
    forced = run("ingest", "teams", "--progress", env=cli_env)  # not a terminal, asked for
    assert forced.returncode == 0, forced.stderr
    assert "courtside: teams: loading into raw (dlt) ..." in forced.stderr, forced.stderr
    assert "courtside: validated: " in forced.stderr
