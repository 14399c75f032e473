"""Running the dbt CLI from Python: where it is, with which profile, and its error in one line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import yaml

from ingest.config import profiles_dir, project_root
from ingest.database import PgSettings

PROFILE = "courtside"


def find_profiles_file() -> Path:
    """The ``profiles.yml`` dbt reads: ``DBT_PROFILES_DIR``'s (``courtside db up`` writes
    it), else the repo root's, else ``profiles.example.yml`` as shipped."""
    for folder in (profiles_dir(), project_root()):
        if (folder / "profiles.yml").exists():
            return folder / "profiles.yml"
    return project_root() / "profiles.example.yml"


def profile_outputs(path: Path | None = None) -> dict[str, dict]:
    """The project profile's outputs (targets) by name, as written (``env_var()`` unrendered)."""
    text = (path or find_profiles_file()).read_text()
    return (yaml.safe_load(text) or {}).get(PROFILE, {}).get("outputs", {})


_ENV_VAR = re.compile(r"\{\{\s*env_var\('(\w+)'(?:,\s*'([^']*)')?\)(?:\s*\|\s*\w+)*\s*\}\}")


def render_env_vars(value: object) -> str:
    """A profile value with its ``{{ env_var('NAME', 'default') }}`` calls (and filters such
    as ``| as_number``) rendered as dbt renders them: the only Jinja profiles.example.yml
    uses."""
    return _ENV_VAR.sub(lambda m: os.environ.get(m.group(1), m.group(2) or ""), str(value))


def dbt_path() -> str:
    """The dbt beside this Python (the project's virtualenv), else the one on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


# The profile's ``application_name`` (profiles.example.yml): how dbt's sessions are found
# in ``pg_stat_activity`` (dbt-postgres names them "dbt" otherwise).
APPLICATION_NAME_ENV = "COURTSIDE_DBT_APPLICATION_NAME"
FAILED_STATUSES = ("error", "fail", "runtime error")
_COLOURS = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_TIMESTAMP = re.compile(r"^\d\d:\d\d:\d\d(\.\d+)?\s+")
# dbt's summary of a failed node: "Failure in test x (path)", "Database Error in model y (path)"
_NODE_FAILURE = re.compile(r"^(Failure|(\w+ )?Error) in \w+ \S+")
_COMPILED_AT = re.compile(r"^compiled (code|sql) at ")


def dbt_env(db: PgSettings, application_name: str | None = None) -> dict[str, str]:
    """The environment of a dbt child process: the project's profile reads PG* variables
    (and ``COURTSIDE_DBT_APPLICATION_NAME``, the name its sessions show in Postgres)."""
    env = {**os.environ, **db.env(), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    env["DBT_USE_COLORS"] = "false"
    if application_name:
        env[APPLICATION_NAME_ENV] = application_name
    return env


def plain_lines(output: str) -> list[str]:
    """dbt's output lines without terminal colours, timestamps or blank lines."""
    lines = (_TIMESTAMP.sub("", _COLOURS.sub("", ln)).strip() for ln in output.splitlines())
    return [ln for ln in lines if ln]


def error_line(done: subprocess.CompletedProcess) -> str:
    """dbt's own error from its output: the first failed node's summary and message
    ("Failure in test x (path): Got 1 result..."), else what follows "Encountered an
    error:", else a "... Error" heading and its next line, else the last line."""
    return output_error(done.stdout + "\n" + done.stderr)


def output_error(output: str) -> str:
    lines = plain_lines(output)
    for i, line in enumerate(lines):
        if _NODE_FAILURE.match(line):
            details = [d for d in lines[i + 1 : i + 4] if not _COMPILED_AT.match(d)]
            details = [d for d in details if not _NODE_FAILURE.match(d)] or details[:1]
            return ": ".join([line, *details[:1]])[:500]
    for i, line in enumerate(lines):
        if line.startswith("Encountered an error") and i + 1 < len(lines):
            return " ".join(lines[i + 1 : i + 3])[:500]
    for i, line in enumerate(lines):
        if re.fullmatch(r"(\w+ )?Error", line) and i + 1 < len(lines):
            return f"{line}: {lines[i + 1]}"[:500]
    return (lines[-1] if lines else "no output")[:500]


def failed_nodes(run_results: Path, since: float) -> list[str]:
    """``unique_id: message`` of every node dbt's ``run_results.json`` says failed, if
    dbt wrote the file at or after ``since`` (a time.time()); else nothing."""
    try:
        if run_results.stat().st_mtime < since:
            return []
        results = json.loads(run_results.read_text()).get("results", [])
    except (OSError, ValueError):
        return []
    failed = []
    for node in results:
        if node.get("status") in FAILED_STATUSES:
            message = [
                ln.strip()
                for ln in _COLOURS.sub("", node.get("message") or node["status"]).splitlines()
                if ln.strip() and not _COMPILED_AT.match(ln.strip())
            ]
            failed.append(f"{node['unique_id']}: {' '.join(message)}"[:500])
    return failed


def dbt_error(returncode: int, output: str, run_results: Path, since: float) -> str:
    """What went wrong in a dbt run, in dbt's words: the failed nodes of its
    ``run_results.json`` (failing node and message), else the error in its output."""
    failed = failed_nodes(run_results, since)
    if failed:
        more = f" (and {len(failed) - 3} more)" if len(failed) > 3 else ""
        text = "; ".join(failed[:3]) + more
    else:
        text = output_error(output)
    return f"dbt exited {returncode}: {text}"[:4000]


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
