"""The fetch log: one row per request (and per archived payload replayed), with its
outcome, so "no data", errors, skipped and quarantined payloads are all on record."""

from __future__ import annotations

import threading
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

import dlt

from ingest.http_client import FetchResult
from ingest.sources.rows import columns


class LogOutcome:
    ARCHIVED = "archived"  # fetched and archived; loaded by a later run (or not at all)
    LOADED = "loaded"  # fetched (or replayed) and loaded into raw
    UNCHANGED = "unchanged"  # same sha256 as the last loaded version: not loaded again
    NO_DATA = "no_data"  # 404 / S3 AccessDenied: the NBA has nothing here
    ERROR = "error"  # HTTP failure after retries
    DEADLINE = "deadline"  # not fetched: run deadline reached
    PARSE_ERROR = "parse_error"  # archived and quarantined; other payloads still load
    LOAD_FAILED = "load_failed"  # parsed, but the database load failed


@dataclass
class FetchLogEntry:
    run_id: str
    feed: str
    resource_key: str
    url: str
    outcome: str
    game_id: str | None = None
    http_status: int | None = None
    attempts: int = 0
    elapsed_seconds: float = 0.0
    bytes: int | None = None
    sha256: str | None = None
    error: str | None = None
    archive_path: str | None = None
    from_archive: bool = False
    fetched_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    fetch_id: str = field(default_factory=lambda: uuid.uuid4().hex)


class FetchLog:
    """Collects entries during a run; written to ``raw.fetch_log`` at the end."""

    def __init__(self, run_id: str):
        self.run_id = run_id
        self.entries: list[FetchLogEntry] = []
        self._lock = threading.Lock()

    def add(self, entry: FetchLogEntry) -> FetchLogEntry:
        with self._lock:
            self.entries.append(entry)
        return entry

    def from_result(
        self, feed: str, key: str, result: FetchResult, outcome: str, game_id: str | None = None
    ) -> FetchLogEntry:
        return self.add(
            FetchLogEntry(
                run_id=self.run_id,
                feed=feed,
                resource_key=key,
                url=result.url,
                outcome=outcome,
                game_id=game_id,
                http_status=result.status,
                attempts=result.attempts,
                elapsed_seconds=result.elapsed_seconds,
                bytes=len(result.body) if result.body is not None else None,
                error=result.error,
                fetched_at=result.fetched_at.isoformat(),
            )
        )

    def failures(self) -> list[FetchLogEntry]:
        bad = {
            LogOutcome.ERROR,
            LogOutcome.DEADLINE,
            LogOutcome.PARSE_ERROR,
            LogOutcome.LOAD_FAILED,
        }
        return [e for e in self.entries if e.outcome in bad]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for entry in self.entries:
            out[entry.outcome] = out.get(entry.outcome, 0) + 1
        return out


@dlt.resource(
    name="fetch_log",
    write_disposition="append",
    primary_key="fetch_id",
    columns=columns(
        texts=[
            "fetch_id",
            "run_id",
            "feed",
            "resource_key",
            "url",
            "outcome",
            "game_id",
            "error",
            "sha256",
            "archive_path",
        ],
        bigints=["http_status", "bytes", "attempts"],
        doubles=["elapsed_seconds"],
        timestamps=["fetched_at"],
        bools=["from_archive"],
    ),
)
def fetch_log_rows(log: FetchLog):
    yield [asdict(entry) for entry in log.entries] or dlt.mark.materialize_table_schema()
