"""A Spark session configured as dbt's ``spark`` target is, for Python that reads the lake.

The settings live in one place, the ``spark`` output of ``profiles.yml`` (written from
``profiles.example.yml`` by ``courtside db up``): its ``server_side_parameters`` are what
dbt-spark's ``session`` method gives ``SparkSession.builder``, and what this module gives it
too, with the same ``env_var()`` defaults.  With ``SPARK_REMOTE`` set (``sc://host:15002``)
the session is a Spark Connect client of that server, which owns those settings instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.dbt_cli import PROFILE, find_profiles_file, profile_outputs, render_env_vars

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

OUTPUT = "spark"


class SparkSetupError(RuntimeError):
    """The Spark target is not set up (no profile output, no pyspark, no Delta jars)."""


def spark_parameters(profiles_file: Path | None = None) -> dict[str, str]:
    """The ``spark`` output's server_side_parameters, env vars rendered as dbt renders them."""
    path = profiles_file or find_profiles_file()
    outputs = profile_outputs(path)
    if OUTPUT not in outputs:
        raise SparkSetupError(
            f"{path}: no '{OUTPUT}' output in profile '{PROFILE}'; see profiles.example.yml"
        )
    parameters = outputs[OUTPUT].get("server_side_parameters", {})
    return {key: render_env_vars(value) for key, value in parameters.items()}


def spark_session(app_name: str = "courtside") -> SparkSession:
    """The process's Spark session: a Connect client when ``SPARK_REMOTE`` is set, else a
    local Spark started with the profile's parameters (Delta, UTC, ANSI mode)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise SparkSetupError("pyspark is not installed: run `make spark`") from exc
    remote = os.environ.get("SPARK_REMOTE")
    if remote:
        return SparkSession.builder.remote(remote).appName(app_name).getOrCreate()
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_parameters().items():
        builder = builder.config(key, value)
    return builder.config("spark.app.name", app_name).getOrCreate()
