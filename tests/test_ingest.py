"""Ingestion end to end: real NBA payloads served by the replay server, fetched by the
real HTTP client, archived, loaded by dlt into a real (embedded) Postgres."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import query, scalar

from ingest.archive import Archive
from ingest.sources.fetch_log import LogOutcome
from sandbox.replay import Faults

OPENER = "0022000001"  # GSW @ BKN, 2020-12-22: 610 actions, final 125-99, full boxscore
ORL_BOS = "0022000180"  # 537 actions, no boxscore available
COURTSIDE = str(Path(sys.executable).parent / "courtside")


def pbp_file(cdn: Path, game_id: str) -> Path:
    return cdn / "playbyplay" / f"playbyplay_{game_id}.json"


def copy_cdn(realdata: Path, target: Path) -> Path:
    shutil.copytree(realdata / "cdn", target)
    return target


def rewrite(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def table_counts(database) -> dict[str, int]:
    tables = [
        r[0]
        for r in query(
            database,
            "select table_name from information_schema.tables "
            "where table_schema = 'raw' and table_name not like '\\_%' "
            "and table_name <> 'fetch_log'",
        )
    ]
    return {t: scalar(database, f"select count(*) from raw.{t}") for t in sorted(tables)}


@pytest.fixture
def loaded(realdata, replay, make_ingestor, database):
    """Every feed of ../shared/realdata ingested once."""
    server = replay(realdata / "cdn", realdata / "stats")
    reports = {}
    ingestor = make_ingestor(server)
    reports["schedule"] = ingestor.ingest_schedule()
    reports["games"] = ingestor.ingest_games([OPENER, ORL_BOS])
    reports["odds"] = ingestor.ingest_odds()
    reports["live"] = ingestor.ingest_live()
    reports["teams"] = ingestor.ingest_teams()
    return server, reports


def test_real_pbp_lands_with_every_payload_key_as_a_column(loaded, realdata, database):
    actions = json.loads(pbp_file(realdata / "cdn", OPENER).read_text())["game"]["actions"]
    assert (
        scalar(database, "select count(*) from raw.pbp_actions where game_id = %s", (OPENER,))
        == 610
    )
    assert (
        scalar(database, "select count(*) from raw.pbp_actions where game_id = %s", (ORL_BOS,))
        == 537
    )
    columns = {
        r[0]
        for r in query(
            database,
            "select column_name from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'pbp_actions'",
        )
    }
    from dlt.common.normalizers.naming.snake_case import NamingConvention

    naming = NamingConvention()
    payload_keys = {naming.normalize_path(k) for action in actions for k in action}
    assert payload_keys - columns == set()
    # nested arrays stay JSON; strings stay as delivered
    qualifiers = scalar(
        database,
        "select qualifiers from raw.pbp_actions where game_id = %s and action_number = 11",
        (OPENER,),
    )
    assert qualifiers == ["fromturnover"]
    assert scalar(
        database, "select max(order_number) from raw.pbp_actions where game_id = %s", (OPENER,)
    ) == max(a["orderNumber"] for a in actions)


def test_real_boxscore_players_add_up_to_the_final_score(loaded, database):
    rows = query(
        database,
        "select team_side, count(*), sum(statistics__points) "
        "from raw.boxscore_players where game_id = %s group by 1 order by 1",
        (OPENER,),
    )
    assert rows == [("away", 17, 99), ("home", 17, 125)]
    assert (
        scalar(database, "select count(*) from raw.boxscore_teams where game_id = %s", (OPENER,))
        == 2
    )


def test_schedule_odds_live_and_static_feeds(loaded, database):
    _, reports = loaded
    assert all(r.ok for r in reports.values()), [r.summary_lines() for r in reports.values()]
    assert scalar(database, "select count(*) from raw.schedule_games") == 1280
    assert (
        scalar(database, "select count(*) from raw.schedule_games where home_team__team_id = 0") > 0
    )  # placeholders are kept in raw
    # the same book listed twice in one market survives as two rows
    dupes = query(
        database,
        "select market_name, book_id, count(distinct book_position) "
        "from raw.odds_outcomes where game_id = '0022400913' "
        "group by 1, 2 having count(distinct book_position) > 1",
    )
    assert dupes, "the duplicated book was collapsed in raw"
    assert scalar(database, "select count(distinct snapshot_id) from raw.odds_outcomes") == 1
    assert scalar(database, "select count(*) from raw.live_scoreboard_games") == 3
    # two games in progress: their boxscores are not in the recording -> "no data"
    assert reports["live"].outcomes.get(LogOutcome.NO_DATA) == 2
    assert scalar(database, "select count(*) from raw.teams") == 30
    assert scalar(database, "select count(*) from raw.players") > 4000
    # ORL @ BOS has no boxscore, at the CDN or the fallback: said as such (its PBP was
    # published: a played game), recorded as no data, never retried
    assert (
        "  nothing published for game 0022000180 (boxscore HTTP 403, boxscoretraditionalv3"
        " HTTP 404): its play-by-play was; the NBA publishes no boxscore for some games"
    ) in reports["games"].summary_lines()
    row = query(
        database,
        "select outcome, attempts, http_status from raw.fetch_log "
        "where feed = 'boxscore' and game_id = %s",
        (ORL_BOS,),
    )
    assert row == [("no_data", 1, 403)]
    # every per-game raw table that exists is indexed on game_id (dlt creates none)
    from ingest.raw_upkeep import RAW_INDEXES, index_name

    missing = [
        (table, index_name(table, columns))
        for table, columns in RAW_INDEXES.items()
        if scalar(database, "select to_regclass(%s)", (f"raw.{table}",))
        and not scalar(database, "select to_regclass(%s)", (f"raw.{index_name(table, columns)}",))
    ]
    assert missing == []
    assert scalar(
        database, "select to_regclass('raw.pbp_actions__game_id__fetched_at_idx') is not null"
    )
    # ... and has planner statistics before dbt runs (no waiting for autovacuum)
    assert scalar(
        database,
        "select count(*) from pg_stats where schemaname = 'raw' and tablename = 'pbp_actions'",
    )


def test_a_load_that_grows_a_raw_table_refreshes_its_statistics(
    realdata, replay, make_ingestor, database
):
    """A season backfilled onto one already loaded: the planner must count what the table
    holds now, before dbt plans its first join on it (#10)."""
    ingestor = make_ingestor(replay(realdata / "cdn"))
    assert ingestor.ingest_games([OPENER]).load_error is None
    assert ingestor.ingest_games([ORL_BOS, "0022100849"]).load_error is None
    counted = scalar(
        database, "select reltuples from pg_class where oid = 'raw.pbp_actions'::regclass"
    )
    assert counted == scalar(database, "select count(*) from raw.pbp_actions")


def test_rerun_changes_no_row_count(loaded, make_ingestor, database):
    server, _ = loaded
    before = table_counts(database)
    ingestor = make_ingestor(server)
    ingestor.ingest_schedule()
    report = ingestor.ingest_games([OPENER, ORL_BOS])
    ingestor.ingest_odds()
    ingestor.ingest_live()
    assert table_counts(database) == before
    assert report.rows_by_table == {}
    assert report.outcomes[LogOutcome.UNCHANGED] == 3  # two PBP payloads, one boxscore


def test_refetch_with_an_action_removed_replaces_the_game(
    realdata, tmp_path, replay, make_ingestor, database
):
    cdn = copy_cdn(realdata, tmp_path / "cdn")
    make_ingestor(replay(cdn)).ingest_games([OPENER])
    removed = {}

    def drop_one(data):
        removed["action"] = data["game"]["actions"].pop(100)
        data["game"]["actions"][5]["description"] = "corrected description"

    rewrite(pbp_file(cdn, OPENER), drop_one)
    report = make_ingestor(replay(cdn)).ingest_games([OPENER])
    assert report.ok
    assert (
        scalar(database, "select count(*) from raw.pbp_actions where game_id = %s", (OPENER,))
        == 609
    )
    assert (
        scalar(
            database,
            "select count(*) from raw.pbp_actions where game_id = %s and action_number = %s",
            (OPENER, removed["action"]["actionNumber"]),
        )
        == 0
    )
    assert (
        scalar(
            database,
            "select count(*) from raw.pbp_actions where description = 'corrected description'",
        )
        == 1
    )
    assert scalar(database, "select count(distinct _payload_sha256) from raw.pbp_actions") == 1


def test_an_unknown_new_field_becomes_a_column(realdata, tmp_path, replay, make_ingestor, database):
    cdn = copy_cdn(realdata, tmp_path / "cdn")

    def add_fields(data):
        for action in data["game"]["actions"]:
            action["areaDetail"] = "Restricted Area"
            action["isTargetScoreLastPeriod"] = False
            action["brandNewMetric"] = 7.5
            action["alwaysNullNewField"] = None

    rewrite(pbp_file(cdn, OPENER), add_fields)
    assert make_ingestor(replay(cdn)).ingest_games([OPENER]).ok
    assert query(
        database,
        "select distinct area_detail, is_target_score_last_period, "
        "brand_new_metric, always_null_new_field from raw.pbp_actions",
    ) == [("Restricted Area", False, 7.5, None)]


BAD_PAYLOADS = {
    "0022000002": b'{"meta": {"code": 200}, "game": {"gameId": "0022000002", "acti',
    "0022000003": b"<html><body><h1>502 Bad Gateway</h1></body></html>",
    "0022000004": b'{"meta": {"code": 200}}',
    "0022000005": json.dumps(
        {
            "game": {
                "gameId": "0022000005",
                "actions": [
                    {
                        "actionNumber": "one",
                        "orderNumber": 1,
                        "period": 1,
                        "clock": "PT12M00.00S",
                        "actionType": "period",
                    }
                ],
            }
        }
    ).encode(),
}


def test_bad_payloads_are_quarantined_and_the_rest_still_loads(
    realdata, tmp_path, replay, make_ingestor, database
):
    cdn = copy_cdn(realdata, tmp_path / "cdn")
    first = make_ingestor(replay(cdn))
    assert first.ingest_games([OPENER]).ok
    for game_id, body in BAD_PAYLOADS.items():
        (cdn / "playbyplay" / f"playbyplay_{game_id}.json").write_bytes(body)
    # the opener is re-fetched with a broken body too: what was loaded must survive
    (pbp_file(cdn, OPENER)).write_bytes(b'{"game": {"gameId": "0022000001", "actions": [')
    (cdn / "boxscore" / f"boxscore_{OPENER}.json").unlink()

    ingestor = make_ingestor(replay(cdn))
    report = ingestor.ingest_games([OPENER, *BAD_PAYLOADS, ORL_BOS])
    assert not report.ok
    assert report.failed_games() == sorted([OPENER, *BAD_PAYLOADS])
    text = "\n".join(report.summary_lines())
    assert "invalid JSON" in text and "HTML" in text and "missing `game`" in text
    assert "`actionNumber` should be int" in text
    # the good game loaded; the opener's earlier rows are intact, nothing duplicated
    assert (
        scalar(database, "select count(*) from raw.pbp_actions where game_id = %s", (ORL_BOS,))
        == 537
    )
    assert (
        scalar(database, "select count(*) from raw.pbp_actions where game_id = %s", (OPENER,))
        == 610
    )
    assert scalar(database, "select count(*) from raw.boxscore_players") == 34
    # every bad payload stays in the archive, marked with its error
    archive = Archive(tmp_path / "archive")
    for game_id in BAD_PAYLOADS:
        payload = archive.get("pbp", game_id)
        assert payload is not None and payload.manifest.quarantine_error
    logged = query(
        database,
        "select game_id, error from raw.fetch_log where outcome = 'parse_error' order by game_id",
    )
    assert [g for g, _ in logged] == sorted([OPENER, *BAD_PAYLOADS])
    assert all(game_id in error for game_id, error in logged)


@pytest.mark.parametrize(
    "faults",
    [
        Faults(fail_first=2, fail_first_kind="429", retry_after=1),
        Faults(fail_first=3, fail_first_kind="5xx"),
        Faults(fail_first=1, fail_first_kind="hang", hang_seconds=4),
        Faults(fail_first=2, fail_first_kind="truncate", truncate_mode="short-read"),
        Faults(require_referer=True),
        Faults(latency_ms=50, rate_429=0.3, rate_5xx=0.3, seed=7),
    ],
    ids=["429-retry-after", "5xx", "hang", "short-read", "referer", "storm"],
)
def test_transient_faults_are_survived(realdata, replay, make_ingestor, database, faults):
    server = replay(realdata / "cdn", faults=faults)
    ingestor = make_ingestor(server, read_timeout_seconds=1.0, max_retries=8)
    report = ingestor.ingest_games([OPENER])
    assert report.ok, report.summary_lines()
    assert scalar(database, "select count(*) from raw.pbp_actions") == 610
    stats = server.stats()
    if faults.fail_first:
        assert sum(stats["faults"].values()) >= faults.fail_first
        assert scalar(database, "select max(attempts) from raw.fetch_log") == faults.fail_first + 1
    if faults.fail_first_kind == "429":  # Retry-After: 1 was waited out before each retry
        slowest = scalar(database, "select max(elapsed_seconds) from raw.fetch_log")
        assert slowest >= faults.fail_first * faults.retry_after


def test_a_truncated_body_served_as_complete_is_reported(realdata, replay, make_ingestor, database):
    server = replay(
        realdata / "cdn",
        faults=Faults(
            fail_first=1,
            fail_first_kind="truncate",
            truncate_mode="cut-json",
            path_pattern="playbyplay",
        ),
    )
    report = make_ingestor(server).ingest_games([OPENER])
    assert report.failed_games() == [OPENER]
    assert "invalid JSON" in report.failures[0].error
    assert scalar(database, "select count(*) from raw.boxscore_players") == 34


def test_missing_referer_is_refused_by_the_replay_like_the_cdn(realdata, replay):
    import requests

    server = replay(realdata / "cdn", faults=Faults(require_referer=True))
    response = requests.get(
        f"{server.base_url}/static/json/liveData/playbyplay/playbyplay_{OPENER}.json", timeout=5
    )
    assert response.status_code == 403 and b"AccessDenied" not in response.content


def test_the_run_deadline_stops_cleanly_and_says_what_was_not_fetched(
    realdata, replay, make_ingestor, database
):
    server = replay(realdata / "cdn", faults=Faults(rate_hang=1.0, hang_seconds=30))
    ingestor = make_ingestor(server, read_timeout_seconds=1.0, run_deadline_seconds=2.5)
    report = ingestor.ingest_games([OPENER, ORL_BOS])
    assert not report.ok
    outcomes = {e.resource_key + "/" + e.feed: e.outcome for e in report.failures}
    assert set(outcomes.values()) == {LogOutcome.DEADLINE}
    assert len(outcomes) == 4
    assert scalar(database, "select count(*) from raw.fetch_log where outcome = 'deadline'") == 4


def test_reload_from_archive_needs_no_network(loaded, tmp_path, make_ingestor, database, pg_server):
    server, _ = loaded
    expected = table_counts(database)
    server.stop()
    for table in expected:
        query_exec(database, f"drop table raw.{table} cascade")
    query_exec(database, "drop schema raw cascade")
    shutil.rmtree(tmp_path / "dlt")
    ingestor = make_ingestor(None)  # base URLs point at a closed port
    ingestor.ingest_schedule(from_archive=True)
    ingestor.ingest_games(ingestor.select_games(from_archive=True), from_archive=True)
    ingestor.ingest_odds(from_archive=True)
    ingestor.ingest_live(from_archive=True)
    ingestor.ingest_teams()
    assert table_counts(database) == expected
    assert scalar(database, "select count(*) from raw.fetch_log where from_archive") > 0


def archive_verify(archive: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [COURTSIDE, "archive", "verify", "--archive-dir", str(archive)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_archive_file_changed_after_its_fetch_is_never_loaded(
    realdata, tmp_path, replay, make_ingestor, database
):
    """A valid-JSON edit of an archived payload: ``--from-archive`` loads nothing of it and
    says so in one line naming the file, the other games still load, ``archive verify``
    names it, and an HTTP re-fetch restores it."""
    games = [OPENER, ORL_BOS, "0022100849"]
    server = replay(realdata / "cdn")
    assert make_ingestor(server).ingest_games(games).load_error is None
    counts = dict(query(database, "select game_id, count(*) from raw.pbp_actions group by 1"))
    archive = tmp_path / "archive"
    changed = Archive(archive).get("pbp", ORL_BOS).path
    rewrite(changed, lambda data: data["game"].__setitem__("actions", data["game"]["actions"][10:]))

    query_exec(database, "drop schema raw cascade")  # raw restored from the archive alone
    shutil.rmtree(tmp_path / "dlt")
    report = make_ingestor(None).ingest_games(games, from_archive=True)
    pbp = dict(query(database, "select game_id, count(*) from raw.pbp_actions group by 1"))
    assert pbp == {g: n for g, n in counts.items() if g != ORL_BOS}  # nothing of it loaded
    assert [e.resource_key for e in report.failures] == [ORL_BOS]
    failed = [line for line in report.summary_lines() if "FAILED" in line]
    assert len(failed) == 1 and str(changed) in failed[0] and "sha256" in failed[0]

    verified = archive_verify(archive)
    assert verified.returncode == 1
    lines = verified.stdout.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{changed}: sha256"), lines
    assert lines[1].endswith("files checked, 1 bad")

    # fetching it again over HTTP rewrites the file with what the NBA serves, and loads it
    again = make_ingestor(server).ingest_games([ORL_BOS])
    assert again.ok and again.rows_by_table["pbp_actions"] == counts[ORL_BOS]
    assert archive_verify(archive).returncode == 0


def test_past_season_game_ids_come_from_league_game_finder(realdata, replay, make_ingestor):
    ingestor = make_ingestor(replay(realdata / "stats"))
    game_ids = ingestor.select_games(season="2023-24")
    assert len(game_ids) == 1230 and all(g.startswith("00223") for g in game_ids)
    assert Archive(ingestor.settings.archive_path).get("leaguegamefinder", "2023-24")


def query_exec(settings, sql: str) -> None:
    import psycopg2

    conn = psycopg2.connect(**settings.connect_kwargs())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


def test_odds_snapshots_are_timed_and_keyed_by_publication(
    realdata, tmp_path, replay, make_ingestor, database
):
    """The replay clock walks through two odds publications, then back to the first:
    two snapshots with their publication times, and the re-poll is `unchanged`."""
    from datetime import UTC, datetime

    source = Archive(tmp_path / "published")
    body = (realdata / "cdn" / "odds" / "odds_todaysGames_one_game_0022400913.json").read_bytes()
    url = "https://cdn.nba.com/static/json/liveData/odds/odds_todaysGames.json"
    first, second = datetime(2025, 2, 20, 15, tzinfo=UTC), datetime(2025, 2, 20, 18, tzinfo=UTC)
    source.write("odds", "a", body, url=url, fetched_at=first)
    source.write("odds", "b", body.replace(b'"1.370"', b'"1.400"'), url=url, fetched_at=second)
    server = replay(tmp_path / "published")
    ingestor = make_ingestor(server)
    for moment in (first, second, first):
        server.set_clock(moment)
        report = ingestor.ingest_odds()
    assert report.outcomes == {LogOutcome.UNCHANGED: 1}
    times = query(database, "select distinct snapshot_time from raw.odds_outcomes order by 1")
    assert [t for (t,) in times] == [first, second]
