"""Replay server: serves an archive folder over HTTP at the NBA's own URL paths.

Ingestion pointed at it (CDN and stats base URL ``http://127.0.0.1:PORT``) cannot tell
it from cdn.nba.com / stats.nba.com: same paths, exact archived bytes, ETag and 304s,
the CDN's S3 ``AccessDenied`` 403 for a missing file.  A clock picks which archived
version is served, and optional faults (latency, 429, 5xx, hangs, truncated bodies,
Akamai's referer check) exercise the client's resilience.

Two layouts are servable:

* an archive written by :class:`ingest.archive.Archive` (every ``*.manifest.json``,
  including ``history/``, is one version of the URL it records);
* a folder of plain payloads named like the NBA's files (``playbyplay_<gameId>*.json``,
  ``boxscore_<gameId>*.json``, ``scheduleLeagueV2*.json``, ``odds_todaysGames*.json``,
  ``todaysScoreboard_00*.json``, ``leaguegamefinder*.json``,
  ``boxscoretraditionalv3_<gameId>*.json``), as in ``shared/realdata``.  A stats file
  answers any query, except ``boxscoretraditionalv3``, served only at its own game's
  query (another ``GameID`` is not found).

Control endpoints (never faulted, not counted): ``GET /__replay__/stats``,
``GET|POST /__replay__/clock``, ``GET|POST /__replay__/faults``,
``POST /__replay__/reload``, ``GET /__replay__/index``.
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import random
import re
import signal
import threading
from collections import Counter
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from ingest import endpoints
from ingest.archive import MANIFEST_SUFFIX, Manifest, sha256_hex

log = logging.getLogger("courtside.replay")

CONTROL_PREFIX = "/__replay__/"
CDN_PREFIX = "/static/json/"
STATS_PREFIX = "/stats/"
ANY_QUERY = "*"
FAULT_KINDS = ("429", "5xx", "hang", "truncate")
TRUNCATE_MODES = ("short-read", "cut-json")
FIRST_FAILURE_STATUSES = (503, 500, 502, 504)
NBA_ORIGIN = "https://www.nba.com"


@dataclass
class Faults:
    """Fault injection settings; all off by default."""

    latency_ms: int = 0
    rate_429: float = 0
    retry_after: int = 1
    rate_5xx: float = 0
    rate_hang: float = 0
    hang_seconds: float = 30
    rate_truncate: float = 0
    truncate_mode: str = "short-read"
    require_referer: bool = False
    fail_first: int = 0
    fail_first_kind: str | None = None
    path_pattern: str | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("rate_429", "rate_5xx", "rate_hang", "rate_truncate"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.truncate_mode not in TRUNCATE_MODES:
            raise ValueError(f"truncate_mode must be one of {TRUNCATE_MODES}")
        if self.fail_first_kind is not None and self.fail_first_kind not in FAULT_KINDS:
            raise ValueError(f"fail_first_kind must be one of {FAULT_KINDS}")
        if self.latency_ms < 0 or self.hang_seconds < 0 or self.fail_first < 0:
            raise ValueError("latency_ms, hang_seconds and fail_first must be >= 0")
        if self.path_pattern is not None:
            re.compile(self.path_pattern)

    def first_kinds(self) -> list[str]:
        """Fault kinds used, in turn, for the first ``fail_first`` requests of a URL."""
        if self.fail_first_kind:
            return [self.fail_first_kind]
        rates = (self.rate_429, self.rate_5xx, self.rate_hang, self.rate_truncate)
        return [kind for kind, rate in zip(FAULT_KINDS, rates, strict=True) if rate > 0] or ["5xx"]


# --------------------------------------------------------------------------- index


@dataclass(frozen=True)
class Version:
    """One servable payload of one URL."""

    fetched_at: datetime
    file: Path
    etag: str | None = None  # the etag the NBA sent, if archived
    last_modified: str | None = None


RouteKey = tuple[str, str]  # (path, normalized query | "" | ANY_QUERY)
Index = dict[RouteKey, list[Version]]


def _traditional_route(game_id: str) -> RouteKey:
    """The boxscore fallback's route: one game's ``boxscoretraditionalv3`` query only."""
    path, query = endpoints.traditional_boxscore_path_and_query(game_id)
    return path, normalize_query(query)


# file name pattern -> path, path of the captured game id, or route of the game id
_NAMED_FILES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"playbyplay_(\d{10})(?!\d).*\.json"), endpoints.pbp_path),
    (re.compile(r"boxscore_(\d{10})(?!\d).*\.json"), endpoints.boxscore_path),
    (re.compile(r"scheduleLeagueV2.*\.json"), endpoints.SCHEDULE_PATH),
    (re.compile(r"odds_todaysGames.*\.json"), endpoints.ODDS_PATH),
    (re.compile(r"todaysScoreboard_00.*\.json"), endpoints.SCOREBOARD_PATH),
    (re.compile(r"leaguegamefinder.*\.json"), endpoints.LEAGUE_GAME_FINDER_PATH),
    (re.compile(r"boxscoretraditionalv3_(\d{10})(?!\d).*\.json"), _traditional_route),
]


def normalize_query(query: str) -> str:
    """Sorted, re-encoded query string, so parameter order and encoding do not matter."""
    return urlencode(sorted(parse_qsl(query, keep_blank_values=True)))


def route_key(path: str, query: str = "") -> RouteKey:
    """CDN files ignore the query string; stats endpoints are keyed by it."""
    path = unquote(path)
    return (path, normalize_query(query)) if path.startswith(STATS_PREFIX) else (path, "")


def parse_timestamp(text: str) -> datetime:
    """ISO-8601 (``Z`` allowed); a naive time is taken as UTC."""
    moment = datetime.fromisoformat(text.strip())
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _manifest_entry(manifest_path: Path) -> tuple[RouteKey, Version] | None:
    payload = manifest_path.with_name(manifest_path.name[: -len(MANIFEST_SUFFIX)] + ".json")
    try:
        manifest = Manifest.from_dict(json.loads(manifest_path.read_text()))
        fetched_at = parse_timestamp(manifest.fetched_at)
    except (OSError, ValueError, TypeError) as exc:
        log.warning("skipping unreadable manifest %s: %s", manifest_path, exc)
        return None
    if not payload.is_file() or not 200 <= manifest.http_status < 300:
        log.debug("skipping %s (no payload or status %s)", manifest_path, manifest.http_status)
        return None
    url = urlsplit(manifest.url)
    version = Version(fetched_at, payload, manifest.etag, manifest.last_modified)
    return route_key(url.path, url.query), version


def _named_entry(file: Path) -> tuple[RouteKey, Version] | None:
    for pattern, target in _NAMED_FILES:
        match = pattern.fullmatch(file.name)
        if match is None:
            continue
        route = target(match.group(1)) if callable(target) else target
        if isinstance(route, tuple):
            return route, Version(_file_time(file), file)
        query = ANY_QUERY if route.startswith(STATS_PREFIX) else ""
        return (route, query), Version(_file_time(file), file)
    log.debug("ignoring %s (not an NBA file name)", file)
    return None


def _file_time(file: Path) -> datetime:
    """The payload's ``meta.time`` if it has one, else the file's mtime."""
    try:
        meta = json.loads(file.read_bytes()).get("meta") or {}
        return parse_timestamp(meta["time"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return datetime.fromtimestamp(file.stat().st_mtime, UTC)


def scan(roots: list[Path]) -> Index:
    """Every servable payload under ``roots``, per route, oldest version first."""
    index: Index = {}
    for root in roots:
        if not root.is_dir():
            log.warning("replay folder %s does not exist", root)
            continue
        for file in sorted(root.rglob("*.json")):
            if file.name.startswith("."):
                continue
            if file.name.endswith(MANIFEST_SUFFIX):
                entry = _manifest_entry(file)
            elif file.with_name(file.name[: -len(".json")] + MANIFEST_SUFFIX).exists():
                continue  # served through its manifest
            else:
                entry = _named_entry(file)
            if entry is not None:
                index.setdefault(entry[0], []).append(entry[1])
    for versions in index.values():
        versions.sort(key=lambda v: (v.fetched_at, str(v.file)))
    return index


# --------------------------------------------------------------------------- server


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stop() must not wait for hung handler threads
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], replay: ReplayServer):
        self.replay = replay
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("connection from %s failed", client_address, exc_info=True)


class ReplayServer:
    """Serves archived payloads at the NBA's URL paths, optionally as of a past time."""

    def __init__(
        self,
        root: Path | str | list[Path | str],
        host: str = "127.0.0.1",
        port: int = 0,
        faults: Faults | None = None,
        as_of: datetime | None = None,
        missing_status: int = 403,
    ):
        if missing_status not in (403, 404):
            raise ValueError("missing_status must be 403 or 404")
        roots = root if isinstance(root, list) else [root]
        self.roots = [Path(r) for r in roots]
        self.host = host
        self.port = port
        self.missing_status = missing_status
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._base_url: str | None = None
        self._as_of = parse_timestamp(as_of.isoformat()) if as_of else None
        self._index = scan(self.roots)
        self._requests = 0
        self._by_status: Counter[str] = Counter()
        self._faults_injected: Counter[str] = Counter()
        self._paths: Counter[str] = Counter()
        self.set_faults(faults or Faults())

    # lifecycle ---------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("replay server not started")
        return self._base_url

    @property
    def payload_count(self) -> int:
        with self._lock:
            return sum(len(versions) for versions in self._index.values())

    def start(self) -> ReplayServer:
        if self._httpd is not None:
            return self
        self._stop_event.clear()
        self._httpd = _HTTPServer((self.host, self.port), self)
        host, port = self._httpd.server_address[:2]
        self._base_url = f"http://{host}:{port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="courtside-replay",
            daemon=True,
        )
        self._thread.start()
        log.info("replaying %d payloads at %s", self.payload_count, self._base_url)
        return self

    def serve_forever(self) -> None:
        """Serve until :meth:`stop` / :meth:`request_stop` or Ctrl-C."""
        self.start()
        try:
            while not self._stop_event.wait(0.2):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def request_stop(self) -> None:
        """Signal-handler safe: makes :meth:`serve_forever` return."""
        self._stop_event.set()

    def stop(self) -> None:
        self._stop_event.set()  # wakes hung and delayed handlers
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # configuration -----------------------------------------------------------

    def set_clock(self, as_of: datetime | None) -> None:
        with self._lock:
            self._as_of = parse_timestamp(as_of.isoformat()) if as_of else None

    @property
    def clock(self) -> datetime | None:
        with self._lock:
            return self._as_of

    def set_faults(self, faults: Faults) -> None:
        """Replace the fault config; restarts the RNG and the per-URL ``fail_first`` counts."""
        pattern = re.compile(faults.path_pattern) if faults.path_pattern else None
        with self._lock:
            self._faults = faults
            self._pattern = pattern
            self._rng = random.Random(faults.seed)
            self._ids = random.Random(faults.seed)  # request ids, apart from fault draws
            self._url_counts: Counter[str] = Counter()

    @property
    def faults(self) -> Faults:
        with self._lock:
            return self._faults

    def reload(self) -> None:
        index = scan(self.roots)
        with self._lock:
            self._index = index
        log.info("reloaded: %d payloads", self.payload_count)

    def stats(self) -> dict:
        with self._lock:
            return {
                "requests": self._requests,
                "by_status": dict(self._by_status),
                "faults": {kind: self._faults_injected[kind] for kind in (*FAULT_KINDS, "referer")},
                "paths": dict(self._paths),
                "payloads": sum(len(versions) for versions in self._index.values()),
                "as_of": self._as_of.isoformat() if self._as_of else None,
            }

    def index_summary(self) -> dict[str, list[str]]:
        with self._lock:
            return {
                _display(key): [v.fetched_at.isoformat() for v in versions]
                for key, versions in sorted(self._index.items())
            }

    # used by the request handler --------------------------------------------

    def lookup(self, key: RouteKey) -> Version | None:
        """The latest version at or before the clock (exact query first, then any query)."""
        with self._lock:
            as_of = self._as_of
            candidates = [self._index.get(key, [])]
            if key[0].startswith(STATS_PREFIX):
                candidates.append(self._index.get((key[0], ANY_QUERY), []))
        for versions in candidates:
            eligible = [v for v in versions if as_of is None or v.fetched_at <= as_of]
            if eligible:
                return eligible[-1]
        return None

    def applies_to(self, path: str) -> tuple[Faults, bool]:
        with self._lock:
            return self._faults, self._pattern is None or bool(self._pattern.search(path))

    def draw_fault(self, url: str) -> tuple[str | None, int]:
        """Which fault (if any) this request gets, and the status for a ``5xx``."""
        with self._lock:
            faults = self._faults
            if faults.fail_first > 0:
                self._url_counts[url] += 1
                n = self._url_counts[url]
                if n > faults.fail_first:
                    return None, 0
                kinds = faults.first_kinds()
                round_, turn = divmod(n - 1, len(kinds))
                return kinds[turn], FIRST_FAILURE_STATUSES[round_ % len(FIRST_FAILURE_STATUSES)]
            draw = self._rng.random()
            status = self._rng.choice(FIRST_FAILURE_STATUSES)
            rates = (faults.rate_429, faults.rate_5xx, faults.rate_hang, faults.rate_truncate)
            for kind, rate in zip(FAULT_KINDS, rates, strict=True):
                if draw < rate:
                    return kind, status
                draw -= rate
            return None, 0

    def random_hex(self, length: int) -> str:
        with self._lock:
            return "".join(self._ids.choice("0123456789ABCDEF") for _ in range(length))

    def wait(self, seconds: float) -> bool:
        """Sleep; True if the server is stopping meanwhile."""
        return self._stop_event.wait(seconds) if seconds > 0 else self._stop_event.is_set()

    def record_request(self, display: str) -> None:
        with self._lock:
            self._requests += 1
            self._paths[display] += 1

    def record_fault(self, fault: str) -> None:
        with self._lock:
            self._faults_injected[fault] += 1

    def record_status(self, status: int) -> None:
        with self._lock:
            self._by_status[str(status)] += 1


def _display(key: RouteKey) -> str:
    return f"{key[0]}?{key[1]}" if key[1] else key[0]


def _referer_ok(headers: Any) -> bool:
    for name in ("Referer", "Origin"):
        value = urlsplit(headers.get(name) or "")
        if f"{value.scheme}://{value.netloc}" == NBA_ORIGIN:
            return True
    return False


def _etag_matches(header: str, etags: set[str]) -> bool:
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or bool(tags & etags)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "courtside-replay"
    sys_version = ""
    timeout = 120  # idle keep-alive connections
    server: _HTTPServer

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._dispatch(head=False)

    def do_HEAD(self) -> None:
        self._dispatch(head=True)

    def do_POST(self) -> None:
        if urlsplit(self.path).path.startswith(CONTROL_PREFIX):
            self._control("POST")
        else:
            self._send(405, b"Method Not Allowed\n", "text/plain", head=False)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # logged once per request by _log

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s - " + format, self.address_string(), *args)

    # replay --------------------------------------------------------------------

    def _dispatch(self, head: bool) -> None:
        if urlsplit(self.path).path.startswith(CONTROL_PREFIX):
            self._control("HEAD" if head else "GET")
            return
        replay = self.server.replay
        split = urlsplit(self.path)
        key = route_key(split.path, split.query)
        display = _display(key)
        replay.record_request(display)
        status, fault = self._replay(replay, key, display, head)
        if status is not None:
            replay.record_status(status)
        if fault is not None and fault != "hang":  # a hang is counted when it starts
            replay.record_fault(fault)
        log.info(
            "%s %s -> %s%s",
            self.command,
            display,
            status or "no answer",
            f" (fault: {fault})" if fault else "",
        )

    def _replay(
        self, replay: ReplayServer, key: RouteKey, display: str, head: bool
    ) -> tuple[int | None, str | None]:
        faults, applies = replay.applies_to(key[0])
        if applies and faults.latency_ms and replay.wait(faults.latency_ms / 1000):
            self.close_connection = True
            return None, None
        if applies and faults.require_referer and not _referer_ok(self.headers):
            return self._send(403, self._akamai_body(), "text/html", head), "referer"
        kind, error_status = replay.draw_fault(display) if applies else (None, 0)
        if kind == "429":
            headers = {"Retry-After": str(faults.retry_after)}
            return self._send(429, b"Too Many Requests\n", "text/plain", head, headers), kind
        if kind == "5xx":
            page = self._akamai_body(error_status)
            return self._send(error_status, page, "text/html", head), kind
        if kind == "hang":
            replay.record_fault(kind)
            if replay.wait(faults.hang_seconds):
                self.close_connection = True
                return None, kind
        hung = "hang" if kind == "hang" else None  # the other kinds need a 200 body
        version = replay.lookup(key)
        body = _read(version)
        if version is None or body is None:
            return self._missing(key[0], head), hung
        etag = f'"{sha256_hex(body)}"'
        headers = {
            "ETag": etag,
            "Last-Modified": version.last_modified or http_date(version.fetched_at),
        }
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match and _etag_matches(if_none_match, {etag, version.etag or etag}):
            self.send_response(304)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            return 304, hung
        if kind == "truncate" and not head:
            cut = body[: len(body) // 2]
            if faults.truncate_mode == "cut-json":
                return self._send(200, cut, "application/json", head, headers), kind
            self._send(200, cut, "application/json", head, headers, length=len(body))
            self.close_connection = True
            return 200, kind
        return self._send(200, body, "application/json", head, headers), hung

    def _missing(self, path: str, head: bool) -> int:
        if path.startswith(CDN_PREFIX) and self.server.replay.missing_status == 403:
            host_id = base64.b64encode(bytes.fromhex(self.server.replay.random_hex(64))).decode()
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                "<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
                f"<RequestId>{self.server.replay.random_hex(16)}</RequestId>"
                f"<HostId>{host_id}</HostId></Error>"
            )
            return self._send(403, body.encode(), "application/xml", head)
        return self._send(404, b"Not Found\n", "text/plain", head)

    def _akamai_body(self, status: int = 403) -> bytes:
        replay = self.server.replay
        reference = f"18.{replay.random_hex(8).lower()}.{int(datetime.now(UTC).timestamp())}"
        reference += f".{replay.random_hex(8).lower()}"
        host = self.headers.get("Host") or "stats.nba.com"
        title, text = "Error", "An error occurred while processing your request."
        if status == 403:
            title = "Access Denied"
            text = (
                f'You don\'t have permission to access "http://{host}{self.path}" on this server.'
            )
        return (
            f"<HTML><HEAD>\n<TITLE>{title}</TITLE>\n</HEAD><BODY>\n<H1>{title}</H1>\n"
            f"{text}<P>\nReference #{reference}\n</BODY>\n</HTML>\n"
        ).encode()

    # control -------------------------------------------------------------------

    def _control(self, method: str) -> None:
        replay = self.server.replay
        path = urlsplit(self.path).path[len(CONTROL_PREFIX) :].strip("/")
        try:
            body = self._json_body() if method == "POST" else {}
            if path == "stats" and method != "POST":
                result: Any = replay.stats()
            elif path == "index" and method != "POST":
                result = replay.index_summary()
            elif path == "reload" and method == "POST":
                replay.reload()
                result = {"payloads": replay.payload_count}
            elif path == "clock":
                if method == "POST":
                    if "as_of" not in body:
                        raise ValueError('body must be {"as_of": "<ISO-8601>" | null}')
                    as_of = body["as_of"]
                    replay.set_clock(parse_timestamp(as_of) if as_of else None)
                clock = replay.clock
                result = {"as_of": clock.isoformat() if clock else None}
            elif path == "faults":
                if method == "POST":
                    replay.set_faults(Faults(**body))
                result = asdict(replay.faults)
            else:
                self._send_json(404, {"error": f"unknown control endpoint {self.path}"})
                return
        except (ValueError, TypeError, re.error) as exc:
            self._send_json(400, {"error": str(exc)})
            return
        self._send_json(200, result, head=method == "HEAD")

    def _json_body(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        data = json.loads(self.rfile.read(length) or b"{}")
        if not isinstance(data, dict):
            raise ValueError("body must be a JSON object")
        return data

    # io --------------------------------------------------------------------------

    def _send_json(self, status: int, data: Any, head: bool = False) -> None:
        self._send(status, json.dumps(data, indent=2).encode() + b"\n", "application/json", head)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        head: bool,
        headers: dict[str, str] | None = None,
        length: int | None = None,
    ) -> int:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            try:
                self.wfile.write(body)
                self.wfile.flush()
            except (TimeoutError, BrokenPipeError, ConnectionResetError):
                self.close_connection = True
        return status


def _read(version: Version | None) -> bytes | None:
    if version is None:
        return None
    try:
        return version.file.read_bytes()
    except OSError as exc:
        log.warning("cannot read %s: %s", version.file, exc)
        return None


# --------------------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``courtside replay``."""
    defaults = Faults()
    add = parser.add_argument
    add(
        "--dir",
        action="append",
        metavar="DIR",
        help="archive or payload folder to serve (repeatable)",
    )
    add(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,  # else it would reset `courtside -v replay`
        help="log every request on stderr",
    )
    add("--host", default="127.0.0.1")
    add("--port", type=int, default=8000, help="0 picks a free port")
    add("--as-of", metavar="ISO-8601", help="serve the versions fetched at or before this time")
    add(
        "--missing-status",
        type=int,
        choices=(403, 404),
        default=403,
        help="answer for a missing CDN file: 403 S3 AccessDenied (like the CDN) or 404",
    )
    add("--latency-ms", type=int, default=defaults.latency_ms)
    add("--rate-429", type=float, default=defaults.rate_429)
    add("--retry-after", type=int, default=defaults.retry_after)
    add("--rate-5xx", type=float, default=defaults.rate_5xx)
    add("--rate-hang", type=float, default=defaults.rate_hang)
    add("--hang-seconds", type=float, default=defaults.hang_seconds)
    add("--rate-truncate", type=float, default=defaults.rate_truncate)
    add("--truncate-mode", choices=TRUNCATE_MODES, default=defaults.truncate_mode)
    add(
        "--require-referer",
        action="store_true",
        help="403 (Akamai) without Referer/Origin https://www.nba.com",
    )
    add(
        "--fail-first",
        type=int,
        default=defaults.fail_first,
        help="fault only the first N requests of each URL",
    )
    add("--fail-first-kind", choices=FAULT_KINDS, default=defaults.fail_first_kind)
    add("--path-pattern", metavar="REGEX", help="inject faults only on matching paths")
    add("--seed", type=int, default=defaults.seed)


def run(args: argparse.Namespace) -> int:
    """``courtside replay``: serve until SIGINT/SIGTERM."""
    dirs: list[str] = args.dir or []
    if not dirs:
        print("courtside replay: give at least one --dir")
        return 2
    faults = Faults(**{f.name: getattr(args, f.name) for f in fields(Faults)})
    as_of = parse_timestamp(args.as_of) if args.as_of else None
    server = ReplayServer(
        [Path(d) for d in dirs], args.host, args.port, faults, as_of, args.missing_status
    ).start()
    print(
        f"replaying {server.payload_count} payloads from {', '.join(dirs)} at {server.base_url}",
        flush=True,
    )
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, lambda *_: server.request_stop())
    try:
        server.serve_forever()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 0
