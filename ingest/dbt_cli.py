"""Running the dbt CLI from Python: where it is, with which profile, and its error in one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ingest.config import profiles_dir, project_root
from ingest.database import PgSettings


def dbt_path() -> str:
    """The dbt beside this Python (the project's virtualenv), else the one on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


def dbt_env(db: PgSettings) -> dict[str, str]:
    """The environment of a dbt child process: the project's profile reads PG* variables."""
    return {**os.environ, **db.env(), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


def error_line(done: subprocess.CompletedProcess) -> str:
    """The first line of dbt's output that mentions an error, else its last line."""
    lines = [ln.strip() for ln in (done.stdout + "\n" + done.stderr).splitlines() if ln.strip()]
    for line in lines:
        if "Error" in line or "error" in line:
            return line[:500]
    return (lines[-1] if lines else "no output")[:500]


def run_dbt_quietly(args: Sequence[str], db: PgSettings) -> subprocess.CompletedProcess:
    """``dbt <args>`` on the project against ``db``, leaving the project's ``target/`` and
    ``logs/`` alone (so it can run beside a ``dbt build``).  The profile is the
    ``profiles.yml`` ``courtside db up`` wrote (``DBT_PROFILES_DIR``, else the repo root)
    when there is one, else ``profiles.example.yml``: both take the connection from the
    PG* variables set here."""
    root = project_root()
    with tempfile.TemporaryDirectory(prefix="courtside-dbt-") as scratch:
        profiles = profiles_dir()
        if not (profiles / "profiles.yml").exists():
            profiles = Path(scratch)
            shutil.copy(root / "profiles.example.yml", profiles / "profiles.yml")
        command = [
            dbt_path(),
            *args,
            "--project-dir",
            str(root),
            "--profiles-dir",
            str(profiles),
            "--target-path",
            str(Path(scratch) / "target"),
            "--log-path",
            str(Path(scratch) / "logs"),
        ]
        return subprocess.run(command, cwd=root, env=dbt_env(db), capture_output=True, text=True)
