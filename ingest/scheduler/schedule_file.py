"""``schedule.yml``: which jobs run, when (cron, US-Eastern), with which options."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ingest.scheduler.cron import Cron, ScheduleError

DEFAULT_FILE = "schedule.yml"
JOB_ORDER = ("schedule", "games", "odds", "live", "dbt")


@dataclass(frozen=True)
class JobSpec:
    name: str
    cron: Cron
    enabled: bool = True
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ScheduleFile:
    path: Path
    jobs: dict[str, JobSpec]
    validate: bool = True
    dbt_command: tuple[str, ...] = ("build",)

    @classmethod
    def load(cls, path: Path) -> ScheduleFile:
        try:
            data = yaml.safe_load(path.read_text())
        except OSError as exc:
            raise ScheduleError(f"cannot read schedule file {path}: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise ScheduleError(f"{path}: not valid YAML: {str(exc).splitlines()[0]}") from None
        return cls.from_dict(data, path)

    @classmethod
    def from_dict(cls, data: Any, path: Path = Path(DEFAULT_FILE)) -> ScheduleFile:
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), dict):
            raise ScheduleError(f"{path}: want a mapping with a `jobs:` section")
        tz = data.get("timezone", "America/New_York")
        if tz != "America/New_York":
            raise ScheduleError(f"{path}: cron times are US-Eastern; timezone {tz!r} unsupported")
        jobs = {}
        for name, spec in data["jobs"].items():
            if name not in JOB_ORDER:
                raise ScheduleError(f"{path}: unknown job {name!r} (known: {', '.join(JOB_ORDER)})")
            if not isinstance(spec, dict) or "cron" not in spec:
                raise ScheduleError(f"{path}: job {name!r} needs a `cron:` expression")
            try:
                cron = Cron.parse(spec["cron"])
            except ScheduleError as exc:
                raise ScheduleError(f"{path}: job {name!r}: {exc}") from None
            options = {k: v for k, v in spec.items() if k not in ("cron", "enabled")}
            jobs[name] = JobSpec(name, cron, bool(spec.get("enabled", True)), options)
        dbt = data.get("dbt") or {}
        command = dbt.get("command", "build")
        command = tuple(shlex.split(command) if isinstance(command, str) else command)
        return cls(path, jobs, bool(data.get("validate", True)), command)
