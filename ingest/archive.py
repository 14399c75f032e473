"""The raw archive: every fetched payload, written atomically, with a manifest.

Layout (one folder per feed)::

    <root>/<feed>/<key>.json            the payload bytes, exactly as received
    <root>/<feed>/<key>.manifest.json   url, fetched_at, http status, sha256, bytes,
                                        etag, last-modified (+ quarantine error if any)

``key`` is the game id for per-game feeds (``pbp``, ``boxscore``) and a UTC timestamp
(``20241101T150000Z``, plus ``_<game id>`` where a snapshot is per game) for snapshot
feeds (``schedule``, ``odds``, ``scoreboard``, ``live_boxscore``, ``leaguegamefinder``).
When a per-game payload is re-fetched and differs, the previous version moves to
``<root>/<feed>/history/<key>.<fetched_at>.json`` (with its manifest), so the archive
keeps every version the NBA ever served.  Loading can be replayed from the archive
with no network, and the replay server serves it back over HTTP.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

MANIFEST_SUFFIX = ".manifest.json"
HISTORY_DIR = "history"


def utc_now() -> datetime:
    return datetime.now(UTC)


def compact_timestamp(moment: datetime) -> str:
    """``2024-11-01T15:00:00.123Z`` -> ``20241101T150000123Z`` (sortable, filename-safe)."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%S") + f"{moment.microsecond // 1000:03d}Z"


def sha256_hex(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What we know about one archived payload."""

    feed: str
    key: str
    url: str
    fetched_at: str  # ISO-8601 UTC, e.g. 2024-11-01T15:00:00.123000+00:00
    http_status: int
    sha256: str
    bytes: int
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    game_id: str | None = None
    quarantine_error: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def fetched_at_dt(self) -> datetime:
        return datetime.fromisoformat(self.fetched_at)

    @property
    def observed_at(self) -> datetime:
        """When the server published this version: its ``Last-Modified`` if it sent one
        (so re-fetching the same publication is recognised), else when we fetched it."""
        if self.last_modified:
            try:
                return email.utils.parsedate_to_datetime(self.last_modified).astimezone(UTC)
            except (TypeError, ValueError):
                pass
        return self.fetched_at_dt

    @classmethod
    def from_dict(cls, data: dict) -> Manifest:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


class ArchiveIntegrityError(ValueError):
    """An archived payload whose bytes are not the ones its manifest recorded."""


@dataclass(frozen=True)
class ArchivedPayload:
    manifest: Manifest
    path: Path

    def read_bytes(self) -> bytes:
        """The payload's bytes, checked against the manifest's sha256: a file changed
        since it was archived raises :class:`ArchiveIntegrityError`, so nothing is ever
        loaded from bytes the NBA did not serve (under the original payload's sha256)."""
        body = self.path.read_bytes()
        problem = self.mismatch(body)
        if problem:
            raise ArchiveIntegrityError(problem)
        return body

    def mismatch(self, body: bytes | None = None) -> str | None:
        """Why the file is not what its manifest recorded, in one line; None if it is."""
        body = self.path.read_bytes() if body is None else body
        actual = sha256_hex(body)
        if actual == self.manifest.sha256:
            return None
        return (
            f"{self.path}: sha256 {actual[:12]}... ({len(body)} bytes) does not match its "
            f"manifest's {self.manifest.sha256[:12]}... ({self.manifest.bytes} bytes): the "
            "file changed after it was fetched; nothing of it is loaded (restore it, or "
            "fetch it again over HTTP, which rewrites it)"
        )


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, fsync, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Archive:
    """A folder of payloads and manifests.  Safe against crashes mid-write."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def payload_path(self, feed: str, key: str) -> Path:
        return self.root / feed / f"{key}.json"

    def manifest_path(self, feed: str, key: str) -> Path:
        return self.root / feed / f"{key}{MANIFEST_SUFFIX}"

    def write(
        self,
        feed: str,
        key: str,
        body: bytes,
        *,
        url: str,
        fetched_at: datetime | None = None,
        http_status: int = 200,
        etag: str | None = None,
        last_modified: str | None = None,
        content_type: str | None = None,
        game_id: str | None = None,
        extra: dict | None = None,
    ) -> ArchivedPayload:
        """Archive one payload.  A differing earlier version of the same key is kept
        in ``history/``; an identical one is left as it is."""
        fetched_at = fetched_at or utc_now()
        manifest = Manifest(
            feed=feed,
            key=key,
            url=url,
            fetched_at=fetched_at.astimezone(UTC).isoformat(),
            http_status=http_status,
            sha256=sha256_hex(body),
            bytes=len(body),
            etag=etag,
            last_modified=last_modified,
            content_type=content_type,
            game_id=game_id,
            extra=extra or {},
        )
        previous = self.get(feed, key)
        if previous is not None:
            if previous.mismatch() is not None:
                pass  # not what was fetched then: overwritten, not kept in history
            elif previous.manifest.sha256 == manifest.sha256:
                return previous
            else:
                self._move_to_history(previous)
        payload_path = self.payload_path(feed, key)
        _atomic_write(payload_path, body)
        _atomic_write(self.manifest_path(feed, key), _dump(asdict(manifest)))
        return ArchivedPayload(manifest, payload_path)

    def quarantine(self, payload: ArchivedPayload, error: str) -> ArchivedPayload:
        """Mark an archived payload as unparseable; the bytes stay where they are."""
        data = asdict(payload.manifest)
        data["quarantine_error"] = error
        manifest_path = payload.path.with_name(payload.path.name[: -len(".json")] + MANIFEST_SUFFIX)
        _atomic_write(manifest_path, _dump(data))
        return ArchivedPayload(Manifest.from_dict(data), payload.path)

    def get(self, feed: str, key: str) -> ArchivedPayload | None:
        manifest_path = self.manifest_path(feed, key)
        payload_path = self.payload_path(feed, key)
        if not manifest_path.exists() or not payload_path.exists():
            return None
        return ArchivedPayload(_read_manifest(manifest_path), payload_path)

    def latest(self, feed: str) -> ArchivedPayload | None:
        """The most recently fetched current payload of a feed."""
        items = list(self.iter_feed(feed))
        return max(items, key=lambda p: p.manifest.fetched_at, default=None)

    def iter_feed(self, feed: str, *, include_history: bool = False) -> Iterator[ArchivedPayload]:
        """Current payloads of a feed in key order (and, optionally, earlier versions)."""
        folders = [self.root / feed]
        if include_history:
            folders.append(self.root / feed / HISTORY_DIR)
        for folder in folders:
            if not folder.is_dir():
                continue
            for manifest_path in sorted(folder.glob(f"*{MANIFEST_SUFFIX}")):
                payload_path = manifest_path.with_name(
                    manifest_path.name[: -len(MANIFEST_SUFFIX)] + ".json"
                )
                if payload_path.exists():
                    yield ArchivedPayload(_read_manifest(manifest_path), payload_path)

    def iter_all(self, *, include_history: bool = True) -> Iterator[ArchivedPayload]:
        if not self.root.is_dir():
            return
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir()):
            yield from self.iter_feed(folder.name, include_history=include_history)

    def verify(self) -> Iterator[str]:
        """One line per archived file (current and history) that is not what its
        manifest recorded: a changed or missing payload, an unreadable manifest."""
        if not self.root.is_dir():
            return
        for manifest_path in sorted(self.root.rglob(f"*{MANIFEST_SUFFIX}")):
            payload_path = manifest_path.with_name(
                manifest_path.name[: -len(MANIFEST_SUFFIX)] + ".json"
            )
            try:
                manifest = _read_manifest(manifest_path)
            except (OSError, ValueError, TypeError) as exc:
                yield f"{manifest_path}: unreadable manifest ({str(exc).splitlines()[0]})"
                continue
            if not payload_path.exists():
                yield f"{payload_path}: missing (its manifest is {manifest_path.name})"
                continue
            problem = ArchivedPayload(manifest, payload_path).mismatch()
            if problem:
                yield problem

    def count_files(self) -> int:
        """Manifests in the archive: the payloads ``verify`` checks."""
        return sum(1 for _ in self.root.rglob(f"*{MANIFEST_SUFFIX}")) if self.root.is_dir() else 0

    def _move_to_history(self, payload: ArchivedPayload) -> None:
        manifest = payload.manifest
        stamp = compact_timestamp(manifest.fetched_at_dt)
        history = self.root / manifest.feed / HISTORY_DIR
        history.mkdir(parents=True, exist_ok=True)
        stem = f"{manifest.key}.{stamp}"
        old = Manifest.from_dict({**asdict(manifest), "key": stem})
        _atomic_write(history / f"{stem}.json", payload.read_bytes())
        _atomic_write(history / f"{stem}{MANIFEST_SUFFIX}", _dump(asdict(old)))


def _dump(data: dict) -> bytes:
    return json.dumps(data, indent=2, sort_keys=True).encode() + b"\n"


def _read_manifest(path: Path) -> Manifest:
    return Manifest.from_dict(json.loads(path.read_text()))
