"""The dbt staging and analytics layers on real NBA payloads (and a synthetic slice).

Real games from ../shared/realdata are ingested through the replay server exactly as in
production, then the real dbt CLI builds and tests the project against the test's
database.  Checks: the build is clean (all dbt data and unit tests pass), possessions
agree with pbpstats, PBP-derived points agree with the official boxscore, a date-var
rebuild replaces exactly its window, and bad date vars are rejected at once.
"""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import psycopg2
import pytest
from conftest import query, scalar

REAL_GAMES = ["0022000001", "0022000180"]
OPENER = "0022000001"  # GSW @ BKN, 2020-12-22, final 125-99 (home-away)


def ingest_real(replay, make_ingestor, realdata: Path) -> None:
    server = replay(realdata / "cdn")
    ing = make_ingestor(server)
    reports = [
        ing.ingest_schedule(),
        ing.ingest_games(REAL_GAMES),
        ing.ingest_odds(),
        ing.ingest_live(),
        ing.ingest_teams(),
    ]
    for report in reports:
        assert report.load_error is None, report.summary_lines()


def execute(settings, sql: str, params: tuple = ()) -> int:
    conn = psycopg2.connect(**settings.connect_kwargs())
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.rowcount
    finally:
        conn.close()


@pytest.fixture
def real_warehouse(replay, make_ingestor, realdata, run_dbt, database):
    ingest_real(replay, make_ingestor, realdata)
    run_dbt("build")
    return database


def pbpstats_possessions(realdata: Path, tmp_path: Path, game_id: str) -> Counter:
    """Possessions per offense team counted by pbpstats' live-data file loader."""
    from pbpstats.data_loader.live.possessions.file import LivePossessionFileLoader
    from pbpstats.data_loader.live.possessions.loader import LivePossessionLoader

    root = tmp_path / "pbpstats"
    (root / "pbp").mkdir(parents=True)
    (root / "game_details").mkdir()
    shutil.copy(
        realdata / "cdn" / "playbyplay" / f"playbyplay_{game_id}.json",
        root / "pbp" / f"live_{game_id}.json",
    )
    shutil.copy(
        realdata / "cdn" / "boxscore" / f"boxscore_{game_id}.json",
        root / "game_details" / f"live_{game_id}.json",
    )
    loader = LivePossessionLoader(game_id, LivePossessionFileLoader(str(root)))
    return Counter(p.offense_team_id for p in loader.items)


def test_build_on_real_games_is_clean_and_reconciles(real_warehouse, realdata, tmp_path):
    db = real_warehouse

    games = {
        row[0]: row[1:]
        for row in query(
            db,
            "select game_id, game_date, home_team_tricode, away_team_tricode, home_score,"
            " away_score, game_status, winning_side, overtime_periods, season, season_type"
            " from analytics.games where game_id = any(%s)",
            (REAL_GAMES,),
        )
    }
    assert games[OPENER] == (
        date(2020, 12, 22),
        "BKN",
        "GSW",
        125,
        99,
        3,
        0,
        0,
        "2020-21",
        "regular_season",
    )
    # no boxscore and not in the loaded schedule: teams and score come from the PBP
    assert games["0022000180"][1:7] == ("BOS", "ORL", 124, 97, 3, 0)
    # placeholder schedule games (team id 0) never reach staging or analytics
    assert scalar(db, "select count(*) from analytics.games where home_team_id = 0") == 0

    # one row per action, in order_number order; seconds and sides
    assert (
        scalar(db, "select count(*) from analytics.game_events where game_id = %s", (OPENER,))
        == 610
    )
    last = query(
        db,
        "select home_score, away_score, point_differential, elapsed_seconds, seconds_remaining,"
        " current_winning_side, final_winning_side from analytics.game_events"
        " where game_id = %s order by order_number desc limit 1",
        (OPENER,),
    )[0]
    assert last == (125, 99, 26, 2880, 0, 0, 0)

    # possessions: exactly pbpstats' count per team (the aim); within 1 is the contract
    ours = dict(
        query(
            db,
            "select offense_team_id, count(*) from analytics.possessions"
            " where game_id = %s group by offense_team_id",
            (OPENER,),
        )
    )
    reference = pbpstats_possessions(realdata, tmp_path, OPENER)
    assert sorted(reference.values()) == [112, 112]
    assert set(ours) == set(reference)
    for team, count in reference.items():
        assert abs(ours[team] - count) <= 1, (team, ours[team], count)
    assert ours == dict(reference)

    # PBP-derived points, rebounds and assists per player equal the official boxscore
    rows = query(
        db,
        "select count(*), count(*) filter (where is_pbp_box_agreed), sum(points), sum(pbp_points),"
        " sum(paint_points + mid_range_points + three_zone_points + free_throw_points)"
        " from analytics.player_game_summary where game_id = %s",
        (OPENER,),
    )[0]
    assert rows == (34, 34, 224, 224, 224)
    offense = dict(
        query(
            db,
            "select team_id, points from analytics.team_offense_game_summary where game_id = %s",
            (OPENER,),
        )
    )
    assert sorted(offense.values()) == [99, 125]

    # betting lines: duplicate books collapsed, consensus no-vig probabilities sum to 1
    lines = query(
        db,
        "select count(distinct book_id), min(consensus_home_win_probability"
        " + consensus_away_win_probability), max(consensus_home_win_probability"
        " + consensus_away_win_probability) from analytics.game_lines where market_name = '2way'",
    )[0]
    assert lines[0] == 6
    assert abs(float(lines[1]) - 1) < 1e-9 and abs(float(lines[2]) - 1) < 1e-9


def test_date_var_rebuild_replaces_exactly_the_window(real_warehouse, run_dbt):
    db = real_warehouse
    # inside the window (2020-12-22): a stale row, a corrupted row, and actions deleted
    # upstream; outside it (2021-01-15): a marker that must survive untouched
    execute(
        db,
        "insert into analytics.games (game_id, game_date, game_status, home_team_id,"
        " away_team_id, season) values ('0022099999', '2020-12-22', 3, 1, 2, '2020-21')",
    )
    execute(db, "update analytics.game_events set home_score = -1 where game_id = %s", (OPENER,))
    deleted = execute(
        db,
        "delete from raw.pbp_actions where game_id = %s and action_type = 'substitution'",
        (OPENER,),
    )
    assert deleted > 0
    execute(db, "update analytics.games set attendance = -7 where game_id = '0022000180'")
    before_outside = query(
        db, "select * from analytics.game_events where game_id = '0022000180' order by order_number"
    )

    run_dbt("build", "--vars", "{start_date: 2020-12-22, end_date: 2020-12-22}")

    assert scalar(db, "select count(*) from analytics.games where game_id = '0022099999'") == 0
    assert (
        scalar(db, "select count(*) from analytics.game_events where game_id = %s", (OPENER,))
        == 610 - deleted
    )
    assert (
        scalar(
            db, "select min(home_score) from analytics.game_events where game_id = %s", (OPENER,)
        )
        == 0
    )
    assert (
        scalar(
            db,
            "select count(*) from analytics.game_events where game_id = %s"
            " and action_type = 'substitution'",
            (OPENER,),
        )
        == 0
    )
    # outside the window: untouched
    assert scalar(db, "select attendance from analytics.games where game_id = '0022000180'") == -7
    assert (
        query(
            db,
            "select * from analytics.game_events where game_id = '0022000180'"
            " order by order_number",
        )
        == before_outside
    )

    # without vars: from the high-water mark minus lookback_days, still clean
    run_dbt("build")
    assert scalar(db, "select count(*) from analytics.games where game_id = %s", (OPENER,)) == 1


def test_windowed_run_tests_the_rows_it_rebuilt_and_full_runs_test_all(
    real_warehouse, run_dbt, tmp_path
):
    db = real_warehouse
    # a bad row planted outside the window (0022000180 is dated 2021-01-15)
    planted = execute(
        db,
        "update analytics.game_events set possession_side = 7 "
        "where game_id = '0022000180' and order_number = (select min(order_number) "
        "from analytics.game_events where game_id = '0022000180')",
    )
    assert planted == 1
    test_name = "accepted_values_game_events_possession_side__0__1"
    one_day = "{start_date: 2020-12-22, end_date: 2020-12-22}"
    # the one-day rebuild does not touch that game, and its tests check the day it rebuilt
    done = run_dbt("build", "--select", "game_events", "--vars", one_day)
    assert f"PASS {test_name}" in done.stdout
    compiled = (tmp_path / "dbt_target" / "compiled").rglob(f"{test_name}.sql")
    assert "game_id in ('0022000001')" in next(compiled).read_text()
    assert scalar(db, "select count(*) from analytics.game_events where possession_side = 7") == 1
    # asked to test every row, or run without date vars, the same test names the bad row
    for extra in (["--vars", one_day[:-1] + ", test_all_rows: true}"], []):
        failed = run_dbt("test", "--select", "game_events", *extra, check=False)
        assert failed.returncode != 0
        assert f"FAIL 1 {test_name}" in failed.stdout, failed.stdout[-3000:]


@pytest.mark.parametrize(
    "dbt_vars, message",
    [
        ('{start_date: "2024-13-45"}', "Invalid var start_date=2024-13-45"),
        ('{start_date: "2024-02-30", end_date: "2024-03-01"}', "Invalid var start_date=2024-02-30"),
        ("{start_date: 2024-11-07, end_date: 2024-11-01}", "is after end_date"),
        ("{start_date: 2024-13-45}", "month must be in 1..12"),  # rejected by YAML itself
        ("{lookback_days: -2}", "Invalid var lookback_days"),
    ],
)
def test_bad_date_vars_are_rejected_at_once(run_dbt, dbt_vars, message):
    done = run_dbt("build", "--vars", dbt_vars, check=False)
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert message in output, output[-3000:]
    assert "START sql" not in output  # failed before any model ran


def test_synthetic_slice_builds_clean(replay, make_ingestor, run_dbt, database, tmp_path):
    synth = pytest.importorskip("ingest.synth")
    if not hasattr(synth, "generate_season"):
        pytest.skip("ingest.synth.generate_season not available yet")
    start, end = date(2024, 10, 22), date(2024, 11, 4)
    out_dir = tmp_path / "synthetic"
    synth.generate_season(out_dir, season="2024-25", start_date=start, end_date=end, seed=0)
    server = replay(out_dir)
    ing = make_ingestor(server)
    assert ing.ingest_schedule().load_error is None
    report = ing.ingest_games(ing.select_games(start=start, end=end))
    assert report.load_error is None, report.summary_lines()
    # every raw table the staging views read (odds/live polls as the archive has them)
    for extra in (ing.ingest_odds(), ing.ingest_live(), ing.ingest_teams()):
        assert extra.load_error is None, extra.summary_lines()
    run_dbt("build")
    final_games = scalar(
        database,
        "select count(*) from analytics.games where game_status = 3"
        " and game_date between %s and %s",
        (start, end),
    )
    assert final_games > 0
    assert (
        scalar(
            database,
            "select count(*) from analytics.player_game_summary where not is_pbp_box_agreed"
            " and has_boxscore",
        )
        == 0
    )
