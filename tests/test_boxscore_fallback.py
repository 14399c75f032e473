"""The boxscore fallback on the real ``boxscoretraditionalv3`` response: asked over HTTP
(the replay server serving ../shared/realdata) when the CDN has no boxscore for a game,
landed in its own raw tables, and typed by staging into the CDN boxscore's columns."""

from __future__ import annotations

import json

from conftest import query

from ingest.sources.traditional_boxscore import FEED

REAL_FALLBACK_GAME = "0022500165"  # stats/boxscoretraditionalv3_0022500165.json; no CDN files


def _columns(database, relation: str) -> list[tuple[str, str]]:
    """(name, type) of each column in order; text and varchar are both "text"."""
    schema, name = relation.split(".")
    rows = query(
        database,
        "select column_name, data_type from information_schema.columns "
        "where table_schema = %s and table_name = %s order by ordinal_position",
        (schema, name),
    )
    return [(column, kind.replace("character varying", "text")) for column, kind in rows]


def test_real_fallback_boxscore_lands_and_stages_into_the_cdn_columns(
    replay, make_ingestor, database, run_dbt, realdata
):
    payload = json.loads(
        (realdata / "stats" / f"boxscoretraditionalv3_{REAL_FALLBACK_GAME}.json").read_bytes()
    )["boxScoreTraditional"]
    home, away = payload["homeTeam"], payload["awayTeam"]
    server = replay(realdata / "cdn", realdata / "stats")
    report = make_ingestor(server).ingest_games([REAL_FALLBACK_GAME])
    assert report.ok, report.summary_lines()
    assert report.fallback_games == [REAL_FALLBACK_GAME]
    assert report.rows_by_table == {
        "boxscore_traditional_teams": 2,
        "boxscore_traditional_players": len(home["players"]) + len(away["players"]),
    }
    assert any("taken from the fallback" in line for line in report.summary_lines())
    logged = query(
        database,
        "select feed, outcome from raw.fetch_log where game_id = %s order by feed",
        (REAL_FALLBACK_GAME,),
    )
    assert logged == [("boxscore", "no_data"), (FEED, "loaded"), ("pbp", "no_data")]

    run_dbt(
        "run",
        "--select",
        "stg_nba_cdn__boxscore_players stg_nba_cdn__boxscore_teams stg_nba_cdn__boxscore_games "
        "stg_nba_stats__boxscore_traditional_players stg_nba_stats__boxscore_traditional_teams "
        "int_boxscore_players int_boxscore_teams stg_nba_cdn__fetch_log "
        "stg_nba_cdn__schedule_games source_coverage",
    )
    assert _columns(database, "staging.stg_nba_stats__boxscore_traditional_players") == (
        _columns(database, "staging.stg_nba_cdn__boxscore_players")
    )
    cdn_teams = _columns(database, "staging.stg_nba_cdn__boxscore_teams")
    fallback_teams = _columns(database, "staging.stg_nba_stats__boxscore_traditional_teams")
    assert fallback_teams == [c for c in cdn_teams if c[0] != "period_scores"]

    rows = query(
        database,
        "select person_id, player_name, is_starter, has_played, seconds_played, points, "
        "rebounds_total, plus_minus_points, not_playing_description, boxscore_source "
        "from analytics.int_boxscore_players where game_id = %s",
        (REAL_FALLBACK_GAME,),
    )
    by_person = {r[0]: r[1:] for r in rows}
    assert len(by_person) == len(home["players"]) + len(away["players"])
    # Brandon Ingram started, 30:49, 13 points, 8 rebounds, +17
    assert by_person[1627742] == ("Brandon Ingram", True, True, 1849, 13, 8, 17, None, "fallback")
    did_not_play = by_person[202066]
    assert did_not_play[1:4] == (False, False, 0)
    assert did_not_play[7] == "DNP - Coach's Decision"

    teams = query(
        database,
        "select team_id, team_side, score, points_against, seconds_played, bench_points "
        "from analytics.int_boxscore_teams where game_id = %s order by team_side",
        (REAL_FALLBACK_GAME,),
    )
    assert teams == [
        (
            away["teamId"],
            "away",
            away["statistics"]["points"],
            home["statistics"]["points"],
            14400,
            away["bench"]["points"],
        ),
        (
            home["teamId"],
            "home",
            home["statistics"]["points"],
            away["statistics"]["points"],
            14400,
            home["bench"]["points"],
        ),
    ]
    # every player's points add up to his team's, as the NBA's totals say
    sums = query(
        database,
        "select team_id, sum(points) from analytics.int_boxscore_players "
        "where game_id = %s group by team_id",
        (REAL_FALLBACK_GAME,),
    )
    assert dict(sums) == {t[0]: t[2] for t in teams}

    coverage = query(
        database,
        "select feed, source, outcome, is_used, quality_tier from coverage.source_coverage "
        "where game_id = %s order by feed, source",
        (REAL_FALLBACK_GAME,),
    )
    assert coverage == [
        ("boxscore", "cdn", "no_data", False, "silver"),
        ("boxscore", "fallback", "found", True, "silver"),
        ("pbp", "cdn", "no_data", False, "silver"),
    ]


def test_fallback_is_not_asked_when_turned_off(replay, make_ingestor, database, realdata):
    server = replay(realdata / "cdn", realdata / "stats")
    report = make_ingestor(server, boxscore_fallback=False).ingest_games([REAL_FALLBACK_GAME])
    assert report.fallback_games == []
    sql = "select distinct feed from raw.fetch_log where game_id = %s"
    feeds = query(database, sql, (REAL_FALLBACK_GAME,))
    assert sorted(f for (f,) in feeds) == ["boxscore", "pbp"]


def test_fallback_answer_without_players_is_no_data(replay, make_ingestor, database, tmp_path):
    """stats.nba.com answers a game it has no box score for with empty teams: no data,
    archived, nothing loaded, and the CDN rows of the run are kept."""
    folder = tmp_path / "served"
    folder.mkdir()
    empty = {
        "meta": {"version": 1, "time": "2025-04-16T03:00:00Z"},
        "boxScoreTraditional": {
            "gameId": "0052400101",
            "homeTeamId": 1610612737,
            "awayTeamId": 1610612748,
            "homeTeam": {"teamId": 1610612737, "players": [], "statistics": {}},
            "awayTeam": {"teamId": 1610612748, "players": [], "statistics": {}},
        },
    }
    (folder / "boxscoretraditionalv3_0052400101.json").write_text(json.dumps(empty))
    server = replay(folder)
    report = make_ingestor(server).ingest_games(["0052400101"])
    assert report.ok, report.summary_lines()
    assert report.fallback_games == []
    assert query(
        database,
        "select outcome, error from raw.fetch_log where feed = %s and game_id = %s",
        (FEED, "0052400101"),
    ) == [("no_data", "answered without players: no box score published")]
    assert query(database, "select count(*) from raw.boxscore_traditional_players") == [(0,)]
