"""The replay server over real HTTP: real NBA payloads, archives, clock and faults."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from ingest import endpoints
from ingest.archive import Archive, sha256_hex
from sandbox.replay import Faults, ReplayServer

REPO = Path(__file__).resolve().parents[1]
REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
CDN = REALDATA / "cdn"
STATS = REALDATA / "stats"
# every recorded CDN payload is served, and of stats.nba.com's the LeagueGameFinder answers
# and the traditional box scores (the boxscore fallback)
CDN_PAYLOADS = len(list(CDN.rglob("*.json")))
STATS_PAYLOADS = len(list(STATS.glob("leaguegamefinder*.json"))) + len(
    list(STATS.glob("boxscoretraditionalv3_*.json"))
)
PBP_FILE = CDN / "playbyplay" / "playbyplay_0022000001.json"
SCOREBOARD_OLD = CDN / "scoreboard" / "todaysScoreboard_00_2022-10-31.json"
SCOREBOARD_NEW = CDN / "scoreboard" / "todaysScoreboard_00_2023-04-20.json"
GAME_FINDER_FILE = STATS / "leaguegamefinder_2023-24_regular_season_teams.json"
TRADITIONAL_FILE = STATS / "boxscoretraditionalv3_0022500165.json"
PBP = endpoints.pbp_path("0022000001")
S3_DENIED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>"
)


def get(server: ReplayServer, path: str, **kwargs: object) -> requests.Response:
    kwargs.setdefault("timeout", 5)
    return requests.get(server.base_url + path, **kwargs)  # type: ignore[arg-type]


def post(server: ReplayServer, path: str, body: object) -> requests.Response:
    return requests.post(server.base_url + path, json=body, timeout=5)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def realdata() -> Iterator[ReplayServer]:
    with ReplayServer([CDN, STATS]) as server:
        yield server


def faulty(faults: Faults, root: Path | list[Path] = CDN) -> ReplayServer:
    return ReplayServer(root, faults=faults)


# --------------------------------------------------------------------------- serving


@pytest.mark.parametrize(
    ("path", "file"),
    [
        (PBP, PBP_FILE),
        (
            endpoints.pbp_path("0022000180"),
            CDN / "playbyplay" / "playbyplay_0022000180.json",
        ),
        (endpoints.boxscore_path("0022000001"), CDN / "boxscore" / "boxscore_0022000001.json"),
        (
            endpoints.SCHEDULE_PATH,
            CDN / "schedule" / "scheduleLeagueV2_2023-24_preseason_capture.json",
        ),
        (endpoints.ODDS_PATH, CDN / "odds" / "odds_todaysGames_one_game_0022400913.json"),
    ],
)
def test_serves_real_cdn_files_at_nba_paths(realdata: ReplayServer, path: str, file: Path) -> None:
    response = get(realdata, path)
    body = file.read_bytes()
    assert response.status_code == 200
    assert response.content == body
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Content-Length"] == str(len(body))
    assert response.headers["ETag"] == f'"{sha256_hex(body)}"'


def test_last_modified_comes_from_meta_time(realdata: ReplayServer) -> None:
    assert get(realdata, PBP).headers["Last-Modified"] == "Tue, 22 Dec 2020 23:23:42 GMT"


def test_scoreboards_are_versions_selected_by_the_clock(realdata: ReplayServer) -> None:
    path = endpoints.SCOREBOARD_PATH
    assert get(realdata, path).content == SCOREBOARD_NEW.read_bytes()

    realdata.set_clock(utc("2023-01-01T00:00:00"))
    assert get(realdata, path).content == SCOREBOARD_OLD.read_bytes()

    answer = post(realdata, "/__replay__/clock", {"as_of": "2023-04-21T00:00:00Z"})
    assert answer.json() == {"as_of": "2023-04-21T00:00:00+00:00"}
    assert get(realdata, path).content == SCOREBOARD_NEW.read_bytes()

    post(realdata, "/__replay__/clock", {"as_of": "2020-01-01T00:00:00Z"})
    assert get(realdata, path).status_code == 403  # every version is after the clock

    assert post(realdata, "/__replay__/clock", {"as_of": None}).json() == {"as_of": None}
    assert get(realdata, "/__replay__/clock").json() == {"as_of": None}
    assert get(realdata, path).content == SCOREBOARD_NEW.read_bytes()
    assert post(realdata, "/__replay__/clock", {"as_of": "yesterday"}).status_code == 400


def test_stats_league_game_finder_for_any_query(realdata: ReplayServer) -> None:
    body = GAME_FINDER_FILE.read_bytes()
    path = endpoints.LEAGUE_GAME_FINDER_PATH
    query = endpoints.league_game_finder_query("2023-24")
    assert get(realdata, f"{path}?{query}").content == body
    assert get(realdata, f"{path}?Season=1999-00").content == body
    # stats files with other names (playbyplayv3, scoreboardv3, ...) are not served
    assert get(realdata, "/stats/playbyplayv3?GameID=0022400001").status_code == 404
    index = get(realdata, "/__replay__/index").json()
    assert not any("v3" in path and "boxscoretraditionalv3" not in path for path in index)


def test_stats_traditional_boxscore_only_for_its_game(realdata: ReplayServer) -> None:
    body = TRADITIONAL_FILE.read_bytes()
    path, query = endpoints.traditional_boxscore_path_and_query("0022500165")
    url = endpoints.join(realdata.base_url, path, query)
    response = requests.get(url, timeout=5)
    assert response.status_code == 200
    assert response.content == body
    assert response.headers["ETag"] == f'"{sha256_hex(body)}"'
    assert response.headers["Last-Modified"] == "Tue, 04 Nov 2025 23:50:11 GMT"
    # parameters in another order are the same query
    shuffled = "&".join(reversed(query.split("&")))
    assert get(realdata, f"{path}?{shuffled}").content == body
    other_path, other_query = endpoints.traditional_boxscore_path_and_query("0022500166")
    assert other_path == path
    assert get(realdata, f"{path}?{other_query}").status_code == 404
    assert get(realdata, path).status_code == 404


def test_head_sends_headers_only(realdata: ReplayServer) -> None:
    response = requests.head(realdata.base_url + PBP, timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Length"] == str(PBP_FILE.stat().st_size)
    assert response.content == b""


# --------------------------------------------------------------------------- archives


def test_archive_history_versions_and_clock(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive")
    url = endpoints.join(endpoints.CDN_BASE_URL, endpoints.pbp_path("0022400001"))
    t1, t2 = utc("2024-11-01T15:00:00"), utc("2024-11-02T15:00:00")
    archive.write("pbp", "0022400001", b'{"v": 1}', url=url, fetched_at=t1)
    archive.write(
        "pbp", "0022400001", b'{"v": 2}', url=url, fetched_at=t2,
        last_modified="Sat, 02 Nov 2024 14:59:00 GMT",
    )  # fmt: skip
    assert list((tmp_path / "archive" / "pbp" / "history").glob("*.manifest.json"))
    query = endpoints.league_game_finder_query("2024-25")
    finder_url = endpoints.join(endpoints.STATS_BASE_URL, endpoints.LEAGUE_GAME_FINDER_PATH, query)
    archive.write("leaguegamefinder", "20241101T150000000Z", b"[1]", url=finder_url, fetched_at=t1)

    with ReplayServer(tmp_path / "archive") as server:
        path = endpoints.pbp_path("0022400001")
        latest = get(server, path)
        assert latest.content == b'{"v": 2}'
        v2_sha = sha256_hex(b'{"v": 2}')
        assert latest.headers["ETag"] == f'"{v2_sha}"'
        assert latest.headers["Last-Modified"] == "Sat, 02 Nov 2024 14:59:00 GMT"

        server.set_clock(utc("2024-11-02T14:00:00"))
        old = get(server, path)
        assert old.content == b'{"v": 1}'
        assert old.headers["Last-Modified"] == "Fri, 01 Nov 2024 15:00:00 GMT"

        server.set_clock(utc("2024-11-01T14:00:00"))
        assert get(server, path).text.startswith(S3_DENIED)
        server.set_clock(None)

        reordered = "&".join(reversed(query.split("&")))
        finder = endpoints.LEAGUE_GAME_FINDER_PATH
        assert get(server, f"{finder}?{reordered}").content == b"[1]"
        other_season = endpoints.league_game_finder_query("2023-24")
        assert get(server, f"{finder}?{other_season}").status_code == 404


def test_reload_picks_up_new_payloads(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    url = endpoints.join(endpoints.CDN_BASE_URL, endpoints.SCHEDULE_PATH)
    with ReplayServer(tmp_path) as server:
        assert get(server, endpoints.SCHEDULE_PATH).status_code == 403
        archive.write("schedule", "20241101T150000000Z", b"{}", url=url)
        assert post(server, "/__replay__/reload", {}).json() == {"payloads": 1}
        assert get(server, endpoints.SCHEDULE_PATH).content == b"{}"
        archive.write("schedule", "20241102T150000000Z", b"[]", url=url)
        server.reload()
        assert get(server, endpoints.SCHEDULE_PATH).content == b"[]"


# --------------------------------------------------------------------------- missing / 304


def test_missing_cdn_file_is_s3_access_denied(realdata: ReplayServer) -> None:
    response = get(realdata, endpoints.pbp_path("0022099999"))
    assert response.status_code == 403
    assert response.headers["Content-Type"] == "application/xml"
    assert response.text.startswith(S3_DENIED)
    assert response.text.endswith("</HostId></Error>")
    assert get(realdata, "/stats/boxscoresummaryv2?GameID=0022099999").status_code == 404


def test_missing_status_404() -> None:
    with ReplayServer(CDN, missing_status=404) as server:
        response = get(server, endpoints.pbp_path("0022099999"))
        assert response.status_code == 404
        assert "AccessDenied" not in response.text


def test_if_none_match_answers_304(realdata: ReplayServer) -> None:
    etag = get(realdata, PBP).headers["ETag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = get(realdata, PBP, headers={"If-None-Match": header})
        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["ETag"] == etag
    assert get(realdata, PBP, headers={"If-None-Match": '"other"'}).status_code == 200


# --------------------------------------------------------------------------- faults


def test_fault_429_with_retry_after() -> None:
    with faulty(Faults(rate_429=1, retry_after=7)) as server:
        response = get(server, PBP)
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "7"
        assert get(server, "/__replay__/stats").status_code == 200  # control: never faulted


def test_fault_5xx() -> None:
    with faulty(Faults(rate_5xx=1)) as server:
        statuses = {get(server, PBP).status_code for _ in range(8)}
        assert statuses <= {500, 502, 503, 504}
        assert len(statuses) > 1


def test_fault_latency() -> None:
    with faulty(Faults(latency_ms=200)) as server:
        started = time.monotonic()
        assert get(server, PBP).status_code == 200
        assert time.monotonic() - started >= 0.2


def test_fault_hang_does_not_block_other_requests() -> None:
    faults = Faults(rate_hang=1, hang_seconds=1.5, path_pattern="playbyplay")
    with faulty(faults) as server:
        with pytest.raises(requests.exceptions.ReadTimeout):
            get(server, PBP, timeout=0.3)
        patient: list[requests.Response] = []
        waiter = threading.Thread(target=lambda: patient.append(get(server, PBP)))
        started = time.monotonic()
        waiter.start()
        assert get(server, endpoints.SCHEDULE_PATH).status_code == 200
        assert time.monotonic() - started < 1.2
        waiter.join(5)
        assert patient[0].status_code == 200  # answered normally after the hang
        assert time.monotonic() - started >= 1.5
        assert server.stats()["faults"]["hang"] == 2


def test_stop_does_not_wait_for_hung_requests() -> None:
    server = faulty(Faults(rate_hang=1, hang_seconds=30)).start()
    errors: list[Exception] = []

    def hung_client() -> None:
        try:
            get(server, PBP, timeout=10)
        except requests.RequestException as exc:
            errors.append(exc)

    client = threading.Thread(target=hung_client)
    client.start()
    time.sleep(0.2)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2
    client.join(5)
    assert not client.is_alive()
    assert errors  # the connection closed without an answer


def test_fault_truncate_short_read() -> None:
    server = faulty(Faults(rate_truncate=1))
    with server, pytest.raises(requests.exceptions.ChunkedEncodingError):
        get(server, PBP)


def test_fault_truncate_cut_json() -> None:
    body = PBP_FILE.read_bytes()
    with faulty(Faults(rate_truncate=1, truncate_mode="cut-json")) as server:
        response = get(server, PBP)
        assert response.status_code == 200
        assert response.headers["Content-Length"] == str(len(body) // 2)
        assert response.content == body[: len(body) // 2]
        with pytest.raises(ValueError):
            json.loads(response.content)


def test_require_referer_is_akamai_not_s3() -> None:
    with faulty(Faults(require_referer=True), [CDN, STATS]) as server:
        denied = get(server, endpoints.LEAGUE_GAME_FINDER_PATH)
        assert denied.status_code == 403
        assert denied.headers["Content-Type"] == "text/html"
        assert "<TITLE>Access Denied</TITLE>" in denied.text
        assert "Reference #18." in denied.text
        assert "<Code>AccessDenied</Code>" not in denied.text
        wrong = get(server, PBP, headers={"Referer": "https://example.com/"})
        assert wrong.status_code == 403
        for headers in ({"Referer": "https://www.nba.com/"}, {"Origin": "https://www.nba.com"}):
            assert get(server, PBP, headers=headers).status_code == 200
        assert get(server, "/__replay__/stats").status_code == 200
        assert server.stats()["faults"]["referer"] == 2


def test_fail_first_kind_per_url_then_normal() -> None:
    with faulty(Faults(fail_first=2, fail_first_kind="429")) as server:
        assert [get(server, PBP).status_code for _ in range(4)] == [429, 429, 200, 200]
        schedule = [get(server, endpoints.SCHEDULE_PATH).status_code for _ in range(3)]
        assert schedule == [429, 429, 200]
        server.set_faults(
            Faults(fail_first=1, fail_first_kind="truncate", truncate_mode="cut-json")
        )
        truncated = get(server, PBP)
        assert len(truncated.content) == PBP_FILE.stat().st_size // 2
        assert get(server, PBP).content == PBP_FILE.read_bytes()


def test_fail_first_cycles_through_kinds_with_a_rate() -> None:
    with faulty(Faults(fail_first=3, rate_429=0.1, rate_5xx=0.1)) as server:
        assert [get(server, PBP).status_code for _ in range(5)] == [429, 503, 429, 200, 200]
    with faulty(Faults(fail_first=2)) as server:  # no kind given: 5xx
        assert [get(server, PBP).status_code for _ in range(3)] == [503, 500, 200]


def test_seeded_rates_are_deterministic() -> None:
    runs = []
    for _ in range(2):
        with faulty(Faults(rate_5xx=0.5, seed=7)) as server:
            runs.append([get(server, PBP).status_code for _ in range(12)])
    assert runs[0] == runs[1]
    assert 200 in runs[0]
    assert set(runs[0]) - {200}


def test_path_pattern_limits_faults() -> None:
    with faulty(Faults(rate_5xx=1, path_pattern=r"/playbyplay/")) as server:
        assert get(server, PBP).status_code >= 500
        assert get(server, endpoints.SCHEDULE_PATH).status_code == 200
        assert get(server, endpoints.boxscore_path("0022000001")).status_code == 200


def test_invalid_faults_are_rejected(realdata: ReplayServer) -> None:
    with pytest.raises(ValueError):
        Faults(rate_429=2)
    with pytest.raises(ValueError):
        Faults(truncate_mode="half")
    assert post(realdata, "/__replay__/faults", {"rate_429": 2}).status_code == 400
    assert post(realdata, "/__replay__/faults", {"bogus": 1}).status_code == 400
    assert post(realdata, "/__replay__/faults", {"path_pattern": "("}).status_code == 400


def test_stats_counters_and_runtime_faults(realdata: ReplayServer) -> None:
    assert get(realdata, PBP).status_code == 200
    assert get(realdata, endpoints.pbp_path("0022099999")).status_code == 403
    config = post(realdata, "/__replay__/faults", {"rate_429": 1, "retry_after": 3}).json()
    assert config["rate_429"] == 1
    assert get(realdata, "/__replay__/faults").json() == config
    assert get(realdata, PBP).headers["Retry-After"] == "3"
    post(realdata, "/__replay__/faults", {})
    assert get(realdata, PBP).status_code == 200

    stats = get(realdata, "/__replay__/stats").json()
    assert stats["requests"] == 4  # control requests are not counted
    assert stats["by_status"] == {"200": 2, "403": 1, "429": 1}
    assert stats["faults"] == {"429": 1, "5xx": 0, "hang": 0, "truncate": 0, "referer": 0}
    assert stats["paths"][PBP] == 3
    assert stats["payloads"] == CDN_PAYLOADS + STATS_PAYLOADS
    assert realdata.stats() == stats


# --------------------------------------------------------------------------- CLI


def test_run_serves_until_sigterm() -> None:
    script = (
        "import argparse, logging\n"
        "from sandbox.replay import add_arguments, run\n"
        "parser = argparse.ArgumentParser()\n"
        "add_arguments(parser)\n"
        "raise SystemExit(run(parser.parse_args()))\n"
    )
    args = ["--dir", str(CDN), "--port", "0", "--fail-first", "1", "--fail-first-kind", "429"]
    process = subprocess.Popen(
        [sys.executable, "-c", script, *args], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith(f"replaying {CDN_PAYLOADS} payloads from {CDN} at http://127.0.0.1:")
        base_url = line.rsplit(" ", 1)[1]
        assert requests.get(base_url + PBP, timeout=5).status_code == 429
        assert requests.get(base_url + PBP, timeout=5).content == PBP_FILE.read_bytes()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0
    finally:
        process.kill()
        process.wait()
