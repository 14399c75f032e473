"""``courtside parity`` on two real builds of the real games.

Two Postgres databases hold the same raw data (clones of the built real warehouse): the
command builds both with the real dbt and finds every relation identical.  Then rows are
changed on one side, and each kind of difference is reported on its relation's line:
a changed integer (with the key of an example row), a missing row, a float beyond the
tolerance (one within it is not a difference), a snapshot version.  The Spark side of
the comparison (``SparkWarehouse``) reads through the same interface.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from conftest import REPO_ROOT, drop_database, new_database, query, scalar

from ingest.parity import REL_TOL

COURTSIDE = str(Path(sys.executable).parent / "courtside")
OPENER = "0022000001"
WINDOW = "{start_date: 2020-12-22, end_date: 2022-02-12}"

PROFILE = """courtside:
  target: left
  outputs:
{outputs}
"""
OUTPUT = """    {name}:
      type: postgres
      host: "{{{{ env_var('PGHOST') }}}}"
      port: "{{{{ env_var('PGPORT') | as_number }}}}"
      user: "{{{{ env_var('PGUSER') }}}}"
      password: "{{{{ env_var('PGPASSWORD') }}}}"
      dbname: {dbname}
      schema: public
      threads: 4
"""


def execute(settings, sql: str, params: tuple = ()) -> int:
    conn = psycopg2.connect(**settings.connect_kwargs())
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.rowcount
    finally:
        conn.close()


@pytest.fixture
def right_warehouse(real_warehouse_template, pg_server):
    """A second copy of the built real warehouse."""
    settings = new_database(pg_server, real_warehouse_template.dbname)
    yield settings
    drop_database(settings)


def test_parity_of_two_builds_and_every_kind_of_difference(
    real_warehouse, right_warehouse, tmp_path
):
    left, right = real_warehouse, right_warehouse
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    sides = {"left": left, "right": right}
    outputs = "".join(OUTPUT.format(name=name, dbname=db.dbname) for name, db in sides.items())
    (profiles / "profiles.yml").write_text(PROFILE.format(outputs=outputs))
    env = {
        **os.environ,
        **left.env(),
        "DBT_PROFILES_DIR": str(profiles),
        "COURTSIDE_STATE_DIR": str(tmp_path / "state"),
    }

    def parity(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [COURTSIDE, "parity", "--targets", "left", "right", *args],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    built = parity("--vars", WINDOW)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-2000:]
    lines = built.stdout.splitlines()
    assert lines[0].startswith("built left in ") and lines[1].startswith("built right in ")
    compared = lines[2:-1]
    assert compared and all(ln.startswith("identical  ") for ln in compared), compared
    labels = {ln.split()[1] for ln in compared}
    # every model (not ephemeral), seed and snapshot of the project
    assert {
        "analytics.games",
        "analytics.possessions",
        "staging.stg_nba_cdn__pbp_actions",
        "staging.shot_zones",
        "snapshots.schedule_history",
        "features.ml_feature_store",
    } <= labels
    assert (
        f"{len(compared)} relations compared (left vs right): {len(compared)} identical"
        in (lines[-1])
    )

    # a non-integral value (a double or a numeric: both are compared as floating point),
    # changed within and then beyond the tolerance
    table, column = next(
        (f"{schema}.{name}", column)
        for schema, name, column in query(
            right,
            "select table_schema, table_name, column_name from information_schema.columns"
            " where table_schema in ('analytics', 'precompute')"
            " and data_type in ('double precision', 'numeric')"
            " order by table_schema, table_name, ordinal_position",
        )
        if scalar(right, f"select count(*) from {schema}.{name} where {column} <> round({column})")
    )
    nudge = (
        f"update {table} set {column} = {column} * %s"
        f" where ctid = (select min(ctid) from {table} where {column} <> round({column}))"
    )
    execute(right, nudge, (1 + REL_TOL / 10,))
    within = parity("--no-build", "--select", table)
    assert within.returncode == 0, within.stdout
    assert within.stdout.startswith(f"identical  {table}")

    execute(right, nudge, (1 + 1e-6,))
    execute(
        right,
        "update analytics.games set home_score = home_score + 1 where game_id = %s",
        (OPENER,),
    )
    execute(
        right,
        "delete from analytics.possessions where ctid ="
        " (select max(ctid) from analytics.possessions)",
    )
    execute(right, "update snapshots.schedule_history set game_status = 9")
    changed = parity("--no-build")
    (tmp_path / "parity.txt").write_text(changed.stdout)
    assert changed.returncode == 1, changed.stdout[-3000:] + changed.stderr[-2000:]
    by_label = {ln.split()[1].rstrip(":"): ln for ln in changed.stdout.splitlines()[:-1]}
    games = by_label["analytics.games"]
    count = scalar(left, "select count(*) from analytics.games")
    assert games.startswith(
        f"DIFFERENT  analytics.games: {count:,} rows on left, {count:,} on right"
    ), changed.stdout
    assert f"home_score differs in 1 row (e.g. game_id={OPENER}: 125 vs 126)" in games
    assert "1 row only on left (e.g. " in by_label["analytics.possessions"]
    assert f"{column} differs in 1 row " in by_label[table]
    assert "game_status differs in" in by_label["snapshots.schedule_history"]
    assert by_label["analytics.player_game_summary"].startswith("identical  ")
    assert changed.stdout.splitlines()[-1].endswith(", 4 different")

    # a target the profile does not have: one line naming the outputs it has
    unknown = subprocess.run(
        [COURTSIDE, "parity", "--targets", "left", "nowhere", "--no-build"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == (
        f"courtside: error: {profiles / 'profiles.yml'}: no output 'nowhere' in profile"
        " 'courtside' (outputs: left, right)"
    )
