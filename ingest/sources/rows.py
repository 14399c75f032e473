"""Turning payloads into rows: shared by every feed module."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import dlt

from ingest.archive import ArchivedPayload, ArchiveIntegrityError

REPLACE_GAME = {"disposition": "merge", "strategy": "delete-insert"}


class PayloadError(ValueError):
    """A payload that cannot be turned into rows; the message names what and where."""


def load_json(payload: ArchivedPayload) -> Any:
    """Decode an archived payload, or say precisely why not (changed since archived,
    HTML page, truncation...)."""
    try:
        body = payload.read_bytes()
    except ArchiveIntegrityError as exc:
        raise PayloadError(str(exc)) from exc
    where = f"{payload.manifest.feed} {payload.manifest.key} ({payload.path})"
    if not body.strip():
        raise PayloadError(f"{where}: empty payload")
    if body.lstrip()[:1] == b"<":
        raise PayloadError(f"{where}: got an HTML/XML page instead of JSON: {body[:80]!r}")
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PayloadError(f"{where}: invalid JSON ({exc})") from exc


def require(obj: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    """``obj[key]`` if it is a ``kind``; a PayloadError naming ``where`` otherwise."""
    if not isinstance(obj, dict) or key not in obj:
        raise PayloadError(f"{where}: missing `{key}`")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise PayloadError(f"{where}: `{key}` should be {names}, got {value!r:.60}")
    return value


def flatten(record: dict, prefix: str = "", skip: Iterable[str] = ()) -> dict:
    """Nested objects become ``parent__child`` columns (dlt's own convention); lists
    stay as values, which a source with ``max_table_nesting=0`` stores as JSON."""
    out: dict = {}
    skipped = set(skip)
    for key, value in record.items():
        if key in skipped:
            continue
        name = f"{prefix}__{key}" if prefix else key
        if isinstance(value, dict) and value:
            out.update(flatten(value, name))
        else:
            out[name] = value
    return out


def lineage(payload: ArchivedPayload) -> dict:
    """Columns every raw row carries back to the payload it came from."""
    return {
        "_payload_sha256": payload.manifest.sha256,
        "_fetched_at": payload.manifest.fetched_at,
    }


def keep_strings_as_delivered() -> None:
    """Call inside a ``@dlt.source``: raw keeps ISO date strings as text (``gameTimeLocal``
    keeps its local offset); staging decides types."""
    dlt.current.source_schema().remove_type_detection("iso_timestamp")


def columns(
    doubles: Iterable[str] = (),
    bigints: Iterable[str] = (),
    texts: Iterable[str] = (),
    jsons: Iterable[str] = (),
    timestamps: Iterable[str] = (),
    bools: Iterable[str] = (),
) -> dict:
    """dlt column hints, so a type never depends on the first value seen (an all-null
    column is still created; an integral float never makes a variant column).  Every
    column staging reads is declared, so dlt creates it with the table even before a
    payload carries the field (see ``ingest.raw_tables``)."""
    hints: dict[str, dict] = {}
    for kind, names in (
        ("double", doubles),
        ("bigint", bigints),
        ("text", texts),
        ("json", jsons),
        ("timestamp", timestamps),
        ("bool", bools),
    ):
        for name in names:
            hints[name] = {"data_type": kind}  # nullable unless dlt makes it a key
    return hints


LINEAGE_COLUMNS = columns(texts=["_payload_sha256"], timestamps=["_fetched_at"])
