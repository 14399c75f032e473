"""The dbt staging and analytics layers on real NBA payloads (and a synthetic slice).

Real games from ../shared/realdata are ingested through the replay server exactly as in
production, then the real dbt CLI builds and tests the project against the test's
database.  Checks: the build is clean (all dbt data and unit tests pass), possessions
agree with pbpstats, PBP-derived points agree with the official boxscore, a date-var
rebuild replaces exactly its window, and bad date vars are rejected at once.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import psycopg2
import pytest
from conftest import REAL_GAMES, query, scalar
from possession_reference import reference_possessions

OPENER = "0022000001"  # GSW @ BKN, 2020-12-22, final 125-99 (home-away)
# games with an official boxscore: (home score, away score) it gives
BOXSCORE_FINALS = {"0022000001": (125, 99), "0022100849": (103, 93)}


def execute(settings, sql: str, params: tuple = ()) -> int:
    conn = psycopg2.connect(**settings.connect_kwargs())
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.rowcount
    finally:
        conn.close()


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

    # PBP-derived points, rebounds and assists per player equal the official boxscore
    rows = query(
        db,
        "select count(*), count(*) filter (where is_pbp_box_agreed), sum(points), sum(pbp_points),"
        " sum(paint_points + mid_range_points + three_zone_points + free_throw_points)"
        " from analytics.player_game_summary where game_id = %s",
        (OPENER,),
    )[0]
    assert rows == (34, 34, 224, 224, 224)
    # every real game (one build for all checks: each build of the fixture costs a minute)
    check_possessions_match_pbpstats(db, realdata, tmp_path)
    check_possession_durations_fill_every_period(db)
    check_pbp_reconciles_with_every_real_boxscore(db)
    check_player_minutes_and_team_tricodes(db)
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


def check_possessions_match_pbpstats(db, realdata, tmp_path) -> None:
    """Every real game: the same possessions as pbpstats (relabelled, see
    tests/possession_reference.py), one by one and per team, exactly."""
    for game_id in REAL_GAMES:
        ours = query(
            db,
            "select period, offense_team_id, start_action_number from analytics.possessions"
            " where game_id = %s order by possession_number",
            (game_id,),
        )
        reference = reference_possessions(realdata, tmp_path, game_id)
        missing = [key for key in reference if key not in ours]
        extra = [key for key in ours if key not in reference]
        assert ours == reference, (game_id, "missing", missing[:5], "extra", extra[:5])
        assert Counter(team for _, team, _ in ours) == Counter(team for _, team, _ in reference)
    per_team = dict(
        query(
            db,
            "select offense_team_id, count(*) from analytics.possessions where game_id = %s"
            " group by offense_team_id",
            ("0022100849",),
        )
    )
    assert per_team == {1610612755: 93, 1610612739: 93}  # PHI, CLE: pbpstats' count
    assert sorted(
        n
        for _, n in query(
            db,
            "select offense_team_id, count(*) from analytics.possessions where game_id = %s"
            " group by offense_team_id",
            (OPENER,),
        )
    ) == [112, 112]


def check_possession_durations_fill_every_period(db) -> None:
    """A possession lasts from the end of the previous one (the period start for the first)
    to its own end: in every period of every real game the durations add up to the period's
    length, none is negative, and only a genuine zero-time possession (the ball changing
    hands with no time off the clock) lasts 0 s."""
    periods = query(
        db,
        "select game_id, period, sum(duration_seconds), min(duration_seconds)"
        " from analytics.possessions group by game_id, period order by game_id, period",
    )
    assert {game_id for game_id, *_ in periods} == set(REAL_GAMES)
    for game_id, period, total, shortest in periods:
        assert total == (720 if period <= 4 else 300), (game_id, period, total)
        assert shortest >= 0, (game_id, period, shortest)
    possessions, zero_time = query(
        db,
        "select count(*), count(*) filter (where duration_seconds = 0) from analytics.possessions",
    )[0]
    assert zero_time <= possessions // 100, (zero_time, possessions)  # 3 of 606


def check_player_minutes_and_team_tricodes(db) -> None:
    """Minutes are decimal minutes from the boxscore's clock (five players' 48 minutes per
    team in a regulation game), and every player row names its team's tricode."""
    rows = query(
        db,
        "select game_id, team_tricode, sum(minutes), count(minutes), count(*)"
        " from analytics.player_game_summary group by game_id, team_tricode",
    )
    tricodes = {(game_id, tricode) for game_id, tricode, *_ in rows}
    assert tricodes == {
        ("0022000001", "BKN"),
        ("0022000001", "GSW"),
        ("0022000180", "BOS"),
        ("0022000180", "ORL"),
        ("0022100849", "PHI"),
        ("0022100849", "CLE"),
    }
    for game_id, tricode, minutes, with_minutes, players in rows:
        if game_id in BOXSCORE_FINALS:
            assert with_minutes == players and abs(float(minutes) - 240) < 0.01, (game_id, tricode)
        else:  # no boxscore: no minutes
            assert with_minutes == 0, (game_id, tricode)
    assert (
        scalar(
            db,
            "select count(*) from analytics.player_game_summary"
            " where abs(minutes - seconds_played / 60.0) > 0.000001",
        )
        == 0
    )


def check_pbp_reconciles_with_every_real_boxscore(db) -> None:
    """Points, rebounds and assists from the PBP equal the box for every player of every
    real game with a boxscore, and the PBP's final margin is the box score's."""
    for game_id, (home, away) in BOXSCORE_FINALS.items():
        disagree = query(
            db,
            "select person_id, points, pbp_points, rebounds_total, pbp_rebounds, assists,"
            " pbp_assists from analytics.player_game_summary where game_id = %s"
            " and (points <> pbp_points or rebounds_total <> pbp_rebounds"
            " or assists <> pbp_assists or not is_pbp_box_agreed)",
            (game_id,),
        )
        assert disagree == [], (game_id, disagree)
        assert scalar(
            db,
            "select count(*) from analytics.player_game_summary where game_id = %s",
            (game_id,),
        ) == len(query(db, "select 1 from raw.boxscore_players where game_id = %s", (game_id,)))
        margin = scalar(
            db,
            "select point_differential from analytics.game_events where game_id = %s"
            " order by order_number desc limit 1",
            (game_id,),
        )
        assert margin == home - away, (game_id, margin)


def test_date_var_rebuild_replaces_exactly_the_window(real_warehouse, run_dbt, tmp_path):
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

    # a batch bigger than work_mem, as a season's PBP is on any server: the windowed build
    # completes, and no delete of the strategy is planned as a subplan over the batch
    tiny_work_mem = {"PGOPTIONS": "-c work_mem=64kB -c statement_timeout=120s"}
    run_dbt(
        "build", "--vars", "{start_date: 2020-12-22, end_date: 2020-12-22}", extra_env=tiny_work_mem
    )
    assert_strategy_deletes_join_the_batch(db, tmp_path / "dbt_target", "game_events")

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


def assert_strategy_deletes_join_the_batch(db, target: Path, model: str) -> None:
    """EXPLAIN the deletes the date_window strategy ran for ``model`` (target/run), with
    its batch as big as the whole table and a 64kB work_mem: a ``SubPlan`` would rescan
    the batch for every row of the table (quadratic: a season's build that never ends)."""
    run_sql = next((target / "run").rglob(f"{model}.sql")).read_text()
    batch = re.search(rf'"({model}__dbt_tmp\w*)"', run_sql).group(1)
    deletes = [s.strip() for s in run_sql.split(";") if s.strip().startswith("delete")]
    assert deletes, run_sql
    conn = psycopg2.connect(**db.connect_kwargs())
    try:
        with conn.cursor() as cur:
            cur.execute("set work_mem = '64kB'")
            cur.execute(f'create temporary table "{batch}" as select * from analytics.{model}')
            cur.execute(f'analyze "{batch}"')
            for delete in deletes:
                cur.execute(f"explain {delete}")
                plan = "\n".join(row[0] for row in cur.fetchall())
                assert "SubPlan" not in plan, plan
    finally:
        conn.rollback()
        conn.close()


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
        ("{start_date: 20241101}", "Invalid var start_date=20241101"),
        ("{start_date: 'Nov 1'}", "Invalid var start_date=Nov 1"),
    ],
)
def test_bad_date_vars_are_rejected_at_once(run_dbt, dbt_vars, message):
    done = run_dbt("build", "--vars", dbt_vars, check=False)
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert message in output, output[-3000:]
    assert "START sql" not in output  # failed before any model ran


def test_a_killed_dbt_leaves_no_query_running(run_dbt, database):
    """`timeout dbt ...` kills dbt (SIGTERM) in the middle of a query: the server cancels
    the query within seconds instead of running it to its end (#10)."""
    sleeper = "select pg_sleep(300) as slept"
    running = (
        "select count(*) from pg_stat_activity"
        " where query like '%pg_sleep(300)%' and pid <> pg_backend_pid()"
    )
    dbt = run_dbt.start("show", "--inline", sleeper)
    try:
        deadline = time.monotonic() + 120
        while scalar(database, running) == 0:
            assert dbt.poll() is None and time.monotonic() < deadline, "dbt never ran the query"
            time.sleep(0.5)
        dbt.send_signal(signal.SIGTERM)
        dbt.wait(timeout=30)
        gone_by = time.monotonic() + 15
        while scalar(database, running) > 0:
            assert time.monotonic() < gone_by, "the killed dbt's query is still running"
            time.sleep(0.5)
    finally:
        dbt.kill()
        dbt.wait()


def test_synthetic_slice_builds_clean(replay, make_ingestor, run_dbt, database, tmp_path):
    synth = pytest.importorskip("sandbox.synth")
    if not hasattr(synth, "generate_season"):
        pytest.skip("sandbox.synth.generate_season not available yet")
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
    check_feature_scales(database)


def check_feature_scales(db) -> None:
    """Features on the scale their descriptions give. matchup_factor is a ratio around 1.0
    (the player's shot mix at the opponent's FG% allowed over the league's); rolling usage is
    a ratio of the window's sums, so a few seconds' game with one shot (a per-game usage of
    several hundred %) cannot carry it; pace_factor is a ratio around 1.0 too."""
    matchup = query(
        db,
        "select count(matchup_factor), avg(matchup_factor), min(matchup_factor),"
        " max(matchup_factor) from features.ml_feature_store",
    )[0]
    count, mean, low, high = matchup
    assert count > 0 and abs(float(mean) - 1) < 0.03 and low > 0.5 and high < 2, matchup
    usage = query(
        db,
        "select count(*), max(usage_rate_last_5), max(usage_rate_last_10), max(usage_rate_season),"
        " avg(usage_rate_season) from precompute.player_daily_cache",
    )[0]
    assert all(value is not None for value in usage), usage
    assert max(usage[1:4]) < 60 and 10 < usage[4] < 30, usage


# analytics models with one row set per game built from PBP or boxscores alone
# (game_lines needs odds, player_live_timeline live polls, upcoming_game_context a schedule)
PER_GAME_MODELS = [
    "games",
    "game_events",
    "possessions",
    "player_game_summary",
    "team_offense_game_summary",
    "team_defense_game_summary",
]


def test_games_only_landing_builds_clean(replay, make_ingestor, realdata, run_dbt, database):
    """A backfill of history lands PBP and boxscores only (past seasons have no schedule
    payload; no teams, odds or live polls either): every raw table still exists, the
    build for the games' dates passes, and every per-game analytics model has them."""
    db = database
    report = make_ingestor(replay(realdata / "cdn")).ingest_games(REAL_GAMES)
    assert report.load_error is None, report.summary_lines()
    raw_tables = {
        name
        for (name,) in query(
            db,
            "select table_name from information_schema.tables where table_schema = 'raw'"
            " and table_name not like '\\_dlt%%'",
        )
    }
    assert raw_tables == {
        "schedule_games",
        "pbp_actions",
        "boxscore_games",
        "boxscore_traditional_teams",
        "boxscore_traditional_players",
        "boxscore_teams",
        "boxscore_players",
        "odds_outcomes",
        "live_scoreboard_games",
        "live_boxscore_players",
        "teams",
        "players",
        "fetch_log",
    }
    assert scalar(db, "select count(*) from raw.schedule_games") == 0

    done = run_dbt("build", "--vars", "{start_date: 2020-12-22, end_date: 2022-02-12}")
    assert " ERROR=0 " in done.stdout and " WARN=0 " in done.stdout, done.stdout[-2000:]
    for model in PER_GAME_MODELS:
        found = {
            game_id for (game_id,) in query(db, f"select distinct game_id from analytics.{model}")
        }
        assert found == set(REAL_GAMES), (model, found)
    games = {
        row[0]: row[1:]
        for row in query(
            db,
            "select game_id, game_date, season, season_type, game_status, home_team_tricode,"
            " away_team_tricode, home_score, away_score, is_in_schedule from analytics.games",
        )
    }
    assert games == {
        "0022000001": (
            date(2020, 12, 22),
            "2020-21",
            "regular_season",
            3,
            "BKN",
            "GSW",
            125,
            99,
            False,
        ),
        "0022000180": (
            date(2021, 1, 15),
            "2020-21",
            "regular_season",
            3,
            "BOS",
            "ORL",
            124,
            97,
            False,
        ),
        "0022100849": (
            date(2022, 2, 12),
            "2021-22",
            "regular_season",
            3,
            "PHI",
            "CLE",
            103,
            93,
            False,
        ),
    }
    # the precompute layer schedules them like any other game (two team rows each)
    assert scalar(db, "select count(*) from precompute.team_schedule") == 2 * len(REAL_GAMES)
    # nothing is reported missing: a game with no schedule row never had to be anywhere
    assert "gap_detection" in done.stdout


def test_synthetic_games_without_schedule_reach_features(
    replay, make_ingestor, run_dbt, database, tmp_path
):
    """Schedule-less games flow to precompute and the feature store like scheduled ones
    (ten days: every team plays again, so later rows have complete windows)."""
    from ingest.archive import Archive
    from sandbox.synth import generate_season

    start, end = date(2024, 10, 22), date(2024, 10, 31)
    out_dir = tmp_path / "synthetic"
    generate_season(out_dir, season="2024-25", start_date=start, end_date=end, seed=3)
    game_ids = sorted(p.manifest.key for p in Archive(out_dir).iter_feed("pbp"))
    report = make_ingestor(replay(out_dir)).ingest_games(game_ids)
    assert report.load_error is None, report.summary_lines()
    done = run_dbt("build", "--vars", f"{{start_date: {start}, end_date: {end}}}")
    assert " ERROR=0 " in done.stdout, done.stdout[-2000:]
    assert scalar(database, "select count(*) from raw.schedule_games") == 0
    assert scalar(
        database, "select count(distinct game_id) from analytics.player_game_summary"
    ) == len(game_ids)
    for relation in (
        "precompute.player_daily_cache",
        "precompute.player_composite_factors",
        "features.ml_feature_store",
    ):
        rows, complete = query(
            database, f"select count(*), count(*) filter (where is_complete) from {relation}"
        )[0]
        assert rows > 0 and complete > 0, (relation, rows, complete)


PLAY_IN_2025 = {
    "0052400101",
    "0052400111",
    "0052400121",
    "0052400131",
    "0052400201",
    "0052400211",
}


@pytest.mark.slow
def test_backfill_of_a_season_includes_its_postseason(
    synthetic_postseason, replay, make_ingestor, run_dbt, database, tmp_path
):
    """``--season`` with ``--season-type`` asks LeagueGameFinder once per season type; the
    play-in and playoff games then flow through dbt like any other game."""
    server = replay(synthetic_postseason)
    ingestor = make_ingestor(server)
    select = ingestor.select_games
    play_in = select(season="2024-25", season_type="play-in")
    playoffs = select(season="2024-25", season_type="playoffs")
    regular = select(season="2024-25", season_type="regular-season")
    assert set(play_in) == PLAY_IN_2025
    assert playoffs and all(g.startswith("00424") for g in playoffs)
    assert len(regular) == 1230 and all(g.startswith("00224") for g in regular)
    assert select(season="2024-25") == regular + play_in + playoffs  # the default: all

    # the backfill as a user runs it: the CLI, then dbt build over the postseason dates
    env = {
        **os.environ,
        **database.env(),
        "COURTSIDE__ARCHIVE_DIR": str(tmp_path / "archive"),
        "COURTSIDE__PIPELINES_DIR": str(tmp_path / "dlt"),
        "COURTSIDE_STATE_DIR": str(tmp_path / "state"),  # data docs, not the repo's
    }
    courtside = str(Path(sys.executable).parent / "courtside")
    for season_type in ("play-in", "playoffs"):
        done = subprocess.run(
            [
                courtside,
                "ingest",
                "games",
                "--season",
                "2024-25",
                "--season-type",
                season_type,
                "--cdn-base-url",
                server.base_url,
                "--stats-base-url",
                server.base_url,
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:]
    built = run_dbt("build", "--vars", "{start_date: 2025-04-15, end_date: 2025-04-22}")
    assert " ERROR=0 " in built.stdout, built.stdout[-2000:]
    season_types = dict(
        query(
            database,
            "select season_type, count(*) from analytics.games where game_status = 3"
            " group by season_type",
        )
    )
    assert season_types == {"play_in": len(PLAY_IN_2025), "playoffs": len(playoffs)}
    assert scalar(
        database, "select count(distinct game_id) from analytics.player_game_summary"
    ) == len(PLAY_IN_2025) + len(playoffs)
