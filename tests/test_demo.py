"""`courtside demo`, the README's main job, on a short window: end to end, then again
(without dbt), which loads nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO_ROOT, scalar, user_files_changed, user_files_snapshot

COURTSIDE = str(Path(sys.executable).parent / "courtside")


def test_demo_runs_end_to_end_and_a_second_run_changes_nothing(database, tmp_path):
    env = {
        **os.environ,
        **database.env(),
        "COURTSIDE_STATE_DIR": str(tmp_path / "state"),
        "COURTSIDE__ARCHIVE_DIR": str(tmp_path / "archive"),
        "COURTSIDE__PIPELINES_DIR": str(tmp_path / "dlt"),
        "DBT_PROFILES_DIR": str(tmp_path / "profiles"),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    window = ["--start-date", "2024-10-22", "--end-date", "2024-10-25"]

    def demo(*extra: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [COURTSIDE, "demo", *window, *extra],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
        return done

    user_files = user_files_snapshot()
    first = demo()
    assert "dbt docs serve" in first.stdout
    # the profile goes where dbt reads it (DBT_PROFILES_DIR), not over the user's
    profiles = (tmp_path / "profiles" / "profiles.yml").read_text()
    assert f"env_var('PGDATABASE', '{database.dbname}')" in profiles
    assert user_files_changed(user_files, user_files_snapshot()) == []
    assert (tmp_path / "target" / "catalog.json").exists()  # docs generated
    games = scalar(database, "select count(distinct game_id) from raw.pbp_actions")
    assert games > 20
    assert scalar(database, "select count(distinct snapshot_id) from raw.odds_outcomes") > 4
    assert scalar(database, "select count(distinct poll_id) from raw.live_scoreboard_games") > 10
    counts = {
        t: scalar(database, f"select count(*) from raw.{t}")
        for t in (
            "pbp_actions",
            "boxscore_players",
            "schedule_games",
            "odds_outcomes",
            "live_scoreboard_games",
            "live_boxscore_players",
        )
    }

    # the second run's ingestion is what must change nothing (its dbt build rebuilds the
    # same window, as the first did: tests/test_dbt_analytics.py checks window rebuilds)
    second = demo("--skip-dbt")
    assert "already generated" in second.stdout
    assert {t: scalar(database, f"select count(*) from raw.{t}") for t in counts} == counts
    # every payload unchanged: no table reports loaded rows the second time
    assert re.findall(r"raw\.\w+: \d+ rows loaded", second.stdout) == []
