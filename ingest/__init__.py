"""Courtside ingestion: NBA payloads -> raw archive -> dlt -> Postgres schema ``raw``."""

__version__ = "0.1.0"
