"""Settings for one ingestion run.

Resolution order: CLI flag > environment (``COURTSIDE__CDN_BASE_URL`` ...) >
``.dlt/config.toml`` (section ``[courtside]``) > the defaults below.  dlt's own config
providers do the env/TOML part, so the project has one configuration mechanism.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import dlt

from ingest.endpoints import CDN_BASE_URL, STATS_BASE_URL


def project_root() -> Path:
    """The repository root: the nearest folder upwards holding ``dbt_project.yml``
    (falls back to the current directory for installs outside the repo)."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "dbt_project.yml").exists():
            return folder
    return here


STATE_DIR_ENV = "COURTSIDE_STATE_DIR"


def state_dir() -> Path:
    """Gitignored folder for everything a run leaves on disk (database, demo data);
    ``COURTSIDE_STATE_DIR`` moves it (tests do)."""
    override = os.environ.get(STATE_DIR_ENV)
    return Path(override) if override else project_root() / ".courtside"


PROFILES_DIR_ENV = "DBT_PROFILES_DIR"


def profiles_dir() -> Path:
    """Where dbt reads ``profiles.yml`` and ``courtside db up`` writes it: dbt's own
    ``DBT_PROFILES_DIR`` when set (tests set it to a temp folder), else the repo root."""
    override = os.environ.get(PROFILES_DIR_ENV)
    return Path(override) if override else project_root()


@dataclass(frozen=True)
class Settings:
    cdn_base_url: str = CDN_BASE_URL
    stats_base_url: str = STATS_BASE_URL
    archive_dir: str = ".courtside/archive"
    pipelines_dir: str = ".courtside/dlt"
    connect_timeout_seconds: float = 3.05
    read_timeout_seconds: float = 20.0
    max_retries: int = 5
    backoff_base_seconds: float = 0.5
    backoff_max_seconds: float = 30.0
    stats_requests_per_second: float = 1.0
    cdn_requests_per_second: float = 20.0
    run_deadline_seconds: float = 3600.0
    # a final game whose CDN boxscore answers "no data" gets its box score from
    # stats.nba.com's boxscoretraditionalv3 (see ingest.sources.traditional_boxscore)
    boxscore_fallback: bool = True
    # courtside schedule: a dbt build still running after this long is stopped (its
    # queries cancelled) and counts as failed ...
    step_timeout_seconds: float = 4 * 3600.0
    # a stopped dbt gets this long to cancel its queries itself, then it is killed and
    # its sessions are terminated
    step_cancel_grace_seconds: float = 20.0
    # ... and a dbt window that failed this many times in a row is given up on (reported
    # by `courtside schedule --status`) until it changes or a build succeeds; 0: never
    give_up_after_failures: int = 3

    @property
    def archive_path(self) -> Path:
        return _under_root(self.archive_dir)

    @property
    def pipelines_path(self) -> Path:
        return _under_root(self.pipelines_dir)

    def with_overrides(self, **overrides: Any) -> Settings:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _under_root(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else project_root() / path


def _typed(default: Any, value: Any) -> Any:
    """A config value as the type of its default; an env var's "false"/"0" is False."""
    if isinstance(default, bool) and isinstance(value, str):
        return value.strip().lower() not in ("false", "0", "no", "off", "")
    return type(default)(value)


def load_settings(**overrides: Any) -> Settings:
    """Read ``[courtside]`` from dlt's providers, then apply non-None overrides."""
    values: dict[str, Any] = {}
    for spec in fields(Settings):
        found = dlt.config.get(f"courtside.{spec.name}")
        if found is not None:
            values[spec.name] = _typed(spec.default, found)
    return Settings(**values).with_overrides(**overrides)
