"""great-expectations on the landed raw tables: real payloads pass; every kind of bad
row is caught and named (table, expectation, sample); data docs are built."""

from __future__ import annotations

import pytest
from conftest import query

from ingest.validation import CHECKS, ValidationError, require_valid, validate_raw

OPENER = "0022000001"


def execute(database, *statements: str) -> None:
    import psycopg2

    conn = psycopg2.connect(**database.connect_kwargs())
    conn.autocommit = True
    with conn.cursor() as cur:
        for sql in statements:
            cur.execute(sql)
    conn.close()


@pytest.fixture
def landed(realdata, replay, make_ingestor, database):
    """Every real feed ingested once: schedule, two games and one whose box score only the
    fallback (stats.nba.com boxscoretraditionalv3) has, odds, a live poll, teams."""
    ingestor = make_ingestor(replay(realdata / "cdn", realdata / "stats"))
    ingestor.ingest_teams()
    ingestor.ingest_schedule()
    ingestor.ingest_games([OPENER, "0022000180", "0022500165"])
    ingestor.ingest_odds()
    ingestor.ingest_live()
    return database


def test_real_payloads_pass_and_data_docs_are_built(landed, tmp_path):
    report = validate_raw(landed, docs_dir=tmp_path / "docs")
    assert report.ok, report.summary_lines()
    # the recorded live poll's two in-progress boxscores are "no data": no such table
    assert set(report.tables) == set(CHECKS) - {"live_boxscore_players"}
    assert report.expectations == sum(len(CHECKS[t]) for t in report.tables)
    index = tmp_path / "docs" / "index.html"
    assert index.exists() and "raw.pbp_actions" in index.read_text()
    assert "all passed" in report.summary_lines()[0]
    require_valid(report)


def test_bad_rows_fail_with_table_expectation_and_sample(landed, tmp_path):
    last = query(
        landed, "select max(order_number) from raw.pbp_actions where game_id = %s", (OPENER,)
    )[0][0]
    execute(
        landed,
        "update raw.pbp_actions set period = 0 where game_id = '0022000001' and action_number = 4",
        "update raw.pbp_actions set clock = '12:00' where game_id = '0022000001' "
        "and action_number = 7",
        f"update raw.pbp_actions set score_home = '3' where order_number = {last}",
        "update raw.pbp_actions set team_id = 1234567 where action_number = 10 "
        "and game_id = '0022000001'",
        "update raw.schedule_games set game_id = 'G-123' where game_id = "
        "(select min(game_id) from raw.schedule_games)",
        "update raw.odds_outcomes set odds = '1.9x' where outcome_position = 0 "
        "and book_position = 0 and market_position = 0",
        "update raw.fetch_log set bytes = 0 where feed = 'pbp' and game_id = '0022000180'",
    )
    report = validate_raw(landed, docs_dir=tmp_path / "docs")
    assert not report.ok
    lines = {f.line() for f in report.failures}
    text = report.error_line()
    assert text.startswith("validation failed: raw.")
    expected = [
        "raw.pbp_actions: expect_column_values_to_be_between (period >= 1): 1 bad row(s), e.g. 0",
        "raw.pbp_actions: expect_column_values_to_match_regex (clock is an ISO-8601 duration): "
        "1 bad row(s), e.g. '12:00'",
        "raw.schedule_games: expect_column_values_to_match_regex (game_id matches "
        "^00[1-6]\\d{7}$): 1 bad row(s), e.g. 'G-123'",
        "raw.odds_outcomes: expect_column_values_to_match_regex (odds parses as a decimal): "
        "1 bad row(s), e.g. '1.9x'",
    ]
    for line in expected:
        assert line in lines, (line, lines)
    by_check = {f.check: f for f in report.failures}
    decrease = by_check["scores never decrease along order_number"]
    assert decrease.expectation == "unexpected_rows_expectation" and decrease.unexpected == 1
    assert decrease.sample == [f"({OPENER}, {last}, 3, 99, 125, 99)"]
    team = by_check["team_id is a team in raw.teams"]
    assert team.table == "pbp_actions" and team.sample == [f"({OPENER}, 1234567)"]
    empty = by_check["loaded payloads are not empty (bytes > 0)"]
    assert empty.table == "fetch_log" and "0022000180" in empty.sample[0]
    assert len(report.failures) == 7
    with pytest.raises(
        ValidationError, match="raw.pbp_actions: expect_column_values_to_be_between"
    ):
        require_valid(report)


def test_only_the_tables_asked_for_and_what_is_missing_is_said(
    realdata, replay, make_ingestor, database, tmp_path
):
    assert validate_raw(database, docs_dir=tmp_path / "docs").tables == []  # nothing loaded
    make_ingestor(replay(realdata / "cdn")).ingest_games([OPENER])
    report = validate_raw(
        database, ["pbp_actions", "odds_outcomes", "_dlt_loads"], docs_dir=tmp_path / "docs"
    )
    assert report.ok and report.tables == ["pbp_actions"]
    assert "raw.odds_outcomes: table not loaded yet" in report.skipped
    assert "raw._dlt_loads: no expectations defined" in report.skipped
    # team ids cannot be checked before raw.teams is loaded: said, not silently passed
    assert (
        "raw.pbp_actions: team_id is a team in raw.teams (raw.teams not loaded)" in report.skipped
    )
    assert report.expectations == len(CHECKS["pbp_actions"]) - 1


def test_results_page_is_readable_offline(landed, tmp_path):
    """GX's data docs take their styles and scripts from CDNs (blank offline); the
    results page beside them shows every suite's expectations with no network at all."""
    from test_docs_site import CHROMIUM, CHROMIUM_ARGS

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    execute(
        landed,
        "update raw.pbp_actions set period = 0 where game_id = '0022000001' and action_number = 4",
    )
    report = validate_raw(landed, docs_dir=tmp_path / "docs")
    assert report.results_page == tmp_path / "docs" / "validation_results.html"
    assert f"  results (readable offline): {report.results_page}" in report.summary_lines()
    blocked: list[str] = []

    def only_files(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.route("**/*", only_files)
        page.goto(report.results_page.as_uri())
        text = page.locator("body").inner_text()
        failed_row = page.locator("tr", has_text="period >= 1").first.inner_text()
        browser.close()
    assert blocked == []  # nothing asked of the network
    total = report.expectations
    assert "Raw validation: 1 FAILED" in text
    summary = (
        f"{total} expectations on {len(report.tables)} raw tables, {total - 1} passed, 1 failed"
    )
    assert summary in text, text
    pbp = len(CHECKS["pbp_actions"])
    assert f"Suite raw.pbp_actions: {pbp} expectations, {pbp - 1} passed, 1 failed" in text
    assert "Suite raw.teams" not in text  # no expectations on raw.teams
    assert "Suite raw.odds_outcomes" in text and "odds parses as a decimal" in text
    assert failed_row.split("\t")[0] == "FAILED", failed_row
    assert "expect_column_values_to_be_between" in failed_row and "1 of " in failed_row
    assert failed_row.rstrip().endswith("0"), failed_row  # the failing value, sampled
    assert "game_id matches ^00[1-6]\\d{7}$" in text and "passed" in text
