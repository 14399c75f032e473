"""The set of archived payloads one run loads, and what became of each."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import dlt
from dlt.common.normalizers.naming.snake_case import NamingConvention

from ingest.archive import Archive, ArchivedPayload
from ingest.sources.fetch_log import FetchLog, FetchLogEntry, LogOutcome
from ingest.sources.rows import PayloadError


class PayloadBatch:
    """Payloads to load.  A payload that fails to parse is quarantined in the archive,
    its fetch-log entry says why, and no row of it is loaded; the others still load."""

    def __init__(self, archive: Archive, log: FetchLog):
        self.archive = archive
        self.log = log
        self.payloads: list[ArchivedPayload] = []
        self._entries: dict[str, FetchLogEntry] = {}
        self.errors: dict[str, str] = {}

    def add(self, payload: ArchivedPayload, entry: FetchLogEntry) -> None:
        entry.outcome = LogOutcome.LOADED
        entry.sha256 = payload.manifest.sha256
        entry.bytes = payload.manifest.bytes
        entry.archive_path = str(payload.path)
        self.payloads.append(payload)
        self._entries[str(payload.path)] = entry

    def of_feed(self, feed: str) -> list[ArchivedPayload]:
        return [p for p in self.payloads if p.manifest.feed == feed]

    def rows(
        self,
        feed: str,
        parse: Callable[[ArchivedPayload], list[dict]],
        declared: dict | None = None,
    ) -> Iterator[list[dict]]:
        """Rows of every payload of ``feed``, one list per payload, parsed whole
        before any of it is yielded (so a bad payload never half-loads).  A field that is
        null in every row still becomes a column (text, unless ``declared`` types it).
        With no rows at all it yields dlt's marker, so the table is still created with its
        declared columns."""
        yielded = False
        for payload in self.of_feed(feed):
            if str(payload.path) in self.errors:
                continue
            try:
                rows = parse(payload)
            except PayloadError as exc:
                self.fail(payload, str(exc))
                continue
            if rows:
                yielded = True
                yield _with_null_columns(rows, declared or {})
        if not yielded:
            yield dlt.mark.materialize_table_schema()

    def fail(self, payload: ArchivedPayload, error: str) -> None:
        self.errors[str(payload.path)] = error
        self.archive.quarantine(payload, error)
        entry = self._entries.get(str(payload.path))
        if entry is not None:
            entry.outcome = LogOutcome.PARSE_ERROR
            entry.error = error

    def mark_interrupted(self, committed_shas: set[str]) -> None:
        """A load stopped by a signal: a payload whose rows are not all in raw is
        ``archived`` (fetched, not loaded: the next run loads it)."""
        for path, entry in self._entries.items():
            if path not in self.errors and entry.sha256 not in committed_shas:
                entry.outcome = LogOutcome.ARCHIVED
                entry.error = "interrupted before its rows were committed"

    def mark_load_failed(self, error: str) -> None:
        for path, entry in self._entries.items():
            if path not in self.errors:
                entry.outcome = LogOutcome.LOAD_FAILED
                entry.error = error


_naming = NamingConvention()


def _with_null_columns(rows: list[dict], declared: dict) -> list[dict] | object:
    """dlt cannot infer a type from nulls alone and would drop such a column; give it one."""
    seen_values: set[str] = set()
    keys: dict[str, None] = {}
    for row in rows:
        for key, value in row.items():
            keys.setdefault(key)
            if value is not None:
                seen_values.add(key)
    hints = {}
    for key in keys:
        name = _naming.normalize_path(key)
        if key not in seen_values and name not in declared:
            hints[name] = {"data_type": "text", "nullable": True}
    if not hints:
        return rows
    return dlt.mark.with_hints(rows, dlt.mark.make_hints(columns=hints))
