"""The one HTTP client every feed uses.

- Browser-like headers with ``Referer``/``Origin: https://www.nba.com`` (the CDN
  answers 403 without them).
- Short connect/read timeouts (stats.nba.com hangs instead of refusing).
- Retries with exponential backoff and full jitter on 429, 5xx, timeouts, broken
  connections and short reads, honouring ``Retry-After``.
- A rate limit per endpoint family (about 1 request/s for stats.nba.com).
- A run-wide deadline: once it passes, no new request starts and the outcome says so.
- 404, or a 403 whose body is S3's ``AccessDenied`` page, means "no data for this
  resource": recorded, never retried.
Every call returns a :class:`FetchResult`; nothing here raises on an HTTP outcome.
"""

from __future__ import annotations

import email.utils
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

import requests

log = logging.getLogger("courtside.http")

BROWSER_HEADERS = {
    "User-Agent": (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36"
    ),
    "Accept": "application/json, text/plain, */*",
    "Accept-Language": "en-US,en;q=0.9",
    "Accept-Encoding": "gzip, deflate",
    "Referer": "https://www.nba.com/",
    "Origin": "https://www.nba.com",
    "Connection": "keep-alive",
}

RETRYABLE_STATUS = {429, 500, 502, 503, 504}


class Outcome(StrEnum):
    OK = "ok"
    NO_DATA = "no_data"  # 404 / S3 AccessDenied: the NBA has nothing for this resource
    ERROR = "error"  # gave up after retries, or a non-retryable answer
    DEADLINE = "deadline"  # not fetched: the run-wide deadline had passed


@dataclass
class FetchResult:
    url: str
    outcome: Outcome
    status: int | None = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    attempts: int = 0
    elapsed_seconds: float = 0.0
    error: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


class Deadline:
    """A run-wide time budget shared by every request of a run."""

    def __init__(self, seconds: float | None):
        self.expires_at = None if seconds is None else time.monotonic() + seconds

    def remaining(self) -> float:
        if self.expires_at is None:
            return float("inf")
        return max(0.0, self.expires_at - time.monotonic())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0


class RateLimiter:
    """At most ``per_second`` request starts per second, shared across threads."""

    def __init__(self, per_second: float):
        self.interval = 0.0 if per_second <= 0 else 1.0 / per_second
        self._next_start = 0.0
        self._lock = threading.Lock()

    def wait(self, deadline: Deadline) -> bool:
        """Sleep until a start is allowed; False if the deadline comes first."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start)
            if start - now > deadline.remaining():
                return False
            self._next_start = start + self.interval
        if start > now:
            time.sleep(start - now)
        return True


def is_s3_access_denied(status: int, body: bytes) -> bool:
    """S3 answers a missing CDN key with 403 and an XML ``AccessDenied`` error."""
    return status == 403 and b"<Code>AccessDenied</Code>" in body[:2048]


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


class NbaHttpClient:
    def __init__(
        self,
        *,
        connect_timeout: float = 3.05,
        read_timeout: float = 20.0,
        max_retries: int = 5,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        rate_limits: dict[str, float] | None = None,
        deadline: Deadline | None = None,
        session: requests.Session | None = None,
        on_result: Callable[[FetchResult], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ):
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.limiters = {name: RateLimiter(rps) for name, rps in (rate_limits or {}).items()}
        self.deadline = deadline or Deadline(None)
        self.session = session or requests.Session()
        self.session.headers.update(BROWSER_HEADERS)
        self.on_result = on_result
        self._sleep = sleep
        self._rng = rng or random.Random()

    def get(self, url: str, *, family: str = "cdn") -> FetchResult:
        """GET ``url`` with retries; ``family`` picks the rate limit (``cdn``/``stats``)."""
        started = time.monotonic()
        result = self._get(url, family)
        result.elapsed_seconds = round(time.monotonic() - started, 3)
        if self.on_result is not None:
            self.on_result(result)
        return result

    def _get(self, url: str, family: str) -> FetchResult:
        limiter = self.limiters.get(family)
        last_error = "not attempted"
        last_status: int | None = None
        for attempt in range(1, self.max_retries + 2):
            if self.deadline.expired or (limiter and not limiter.wait(self.deadline)):
                return FetchResult(
                    url,
                    Outcome.DEADLINE,
                    last_status,
                    attempts=attempt - 1,
                    error="run deadline reached before this request",
                )
            read_timeout = min(self.read_timeout, max(0.1, self.deadline.remaining()))
            retry_after = None
            try:
                response = self.session.get(url, timeout=(self.connect_timeout, read_timeout))
                body = response.content  # reads the whole body: short reads raise here
            except (
                requests.Timeout,
                requests.ConnectionError,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as exc:
                last_error = f"{type(exc).__name__}: {_first_line(exc)}"
            else:
                last_status = response.status_code
                headers = dict(response.headers)
                fetched_at = datetime.now(UTC)
                if response.status_code == 200:
                    return FetchResult(
                        url, Outcome.OK, 200, body, headers, attempt, fetched_at=fetched_at
                    )
                if response.status_code == 404 or is_s3_access_denied(response.status_code, body):
                    return FetchResult(
                        url,
                        Outcome.NO_DATA,
                        response.status_code,
                        body,
                        headers,
                        attempt,
                        fetched_at=fetched_at,
                    )
                if response.status_code not in RETRYABLE_STATUS:
                    return FetchResult(
                        url,
                        Outcome.ERROR,
                        response.status_code,
                        body,
                        headers,
                        attempt,
                        error=f"HTTP {response.status_code}: {_snippet(body)}",
                        fetched_at=fetched_at,
                    )
                last_error = f"HTTP {response.status_code}"
                retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            if attempt > self.max_retries:
                break
            delay = self._backoff(attempt, retry_after)
            if delay >= self.deadline.remaining():
                return FetchResult(
                    url,
                    Outcome.DEADLINE,
                    last_status,
                    attempts=attempt,
                    error=f"run deadline reached while retrying ({last_error})",
                )
            log.info("retrying %s in %.2fs after %s (attempt %d)", url, delay, last_error, attempt)
            self._sleep(delay)
        return FetchResult(
            url,
            Outcome.ERROR,
            last_status,
            attempts=self.max_retries + 1,
            error=f"gave up after {self.max_retries + 1} attempts: {last_error}",
        )

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Full-jitter exponential backoff, never shorter than the server's Retry-After."""
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))
        delay = self._rng.uniform(0, ceiling)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.backoff_max))
        return delay


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]


def _snippet(body: bytes) -> str:
    return body[:120].decode("utf-8", "replace").replace("\n", " ").strip()
