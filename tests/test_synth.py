"""The synthetic season: its files reconcile with themselves and look like the NBA's.

Everything here reads the generated archive files with its own plain parsing (no
synth internals), and compares shapes with the real payloads in
``../shared/realdata``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest

from ingest import endpoints
from sandbox.synth import generate_season
from sandbox.synth.traditional_box import traditional_v3_payload

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
SLICE_START, SLICE_END = date(2024, 12, 2), date(2024, 12, 22)
POINTS = {"2pt": 2, "3pt": 3, "freethrow": 1}


def load(path: Path) -> dict:
    return json.loads(path.read_bytes())


def payloads(root: Path, feed: str) -> dict[str, dict]:
    """Current payloads of a feed by key (history excluded)."""
    return {
        p.name[: -len(".json")]: load(p)
        for p in sorted((root / feed).glob("*.json"))
        if not p.name.endswith(".manifest.json")
    }


def manifest(root: Path, feed: str, key: str) -> dict:
    return load(root / feed / f"{key}.manifest.json")


def seconds(clock: str) -> float:
    match = re.fullmatch(r"PT(\d+)M(\d+(?:\.\d+)?)S", clock)
    assert match, clock
    return int(match.group(1)) * 60 + float(match.group(2))


@pytest.fixture(scope="session")
def season(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "archive"
    generate_season(out, start_date=SLICE_START, end_date=SLICE_END, seed=0)
    return out


@pytest.fixture(scope="session")
def games(season) -> dict[str, tuple[dict, dict | None]]:
    pbp = payloads(season, "pbp")
    box = payloads(season, "boxscore")
    return {gid: (pbp[gid], box.get(gid)) for gid in pbp}


# -- play-by-play <-> box score ------------------------------------------------------


def tally_from_pbp(actions: list[dict], box: dict) -> dict:
    """Per-player and per-team statistics recomputed from the actions."""
    game = box["game"]
    home, away = game["homeTeam"]["teamId"], game["awayTeam"]["teamId"]
    team_of = {}
    on: dict[int, set[int]] = {}
    for side in ("homeTeam", "awayTeam"):
        team = game[side]
        on[team["teamId"]] = {p["personId"] for p in team["players"] if p["starter"] == "1"}
        for p in team["players"]:
            team_of[p["personId"]] = team["teamId"]
    stats: dict[int, Counter] = defaultdict(Counter)
    team_stats: dict[int, Counter] = defaultdict(Counter)
    entry = {pid: 720.0 for team in on.values() for pid in team}
    played = Counter()
    period = 1
    for action in actions:
        kind, person, clock = action["actionType"], action["personId"], seconds(action["clock"])
        if action["period"] != period:
            period = action["period"]
            for pid in on[home] | on[away]:
                entry[pid] = 720.0 if period <= 4 else 300.0
        s = stats[person]
        if kind in ("2pt", "3pt", "freethrow"):
            made = action["shotResult"] == "Made"
            if kind == "freethrow":
                s["FTA"] += 1
                s["FTM"] += made
            else:
                s["FGA"] += 1
                s["FGM"] += made
                if kind == "3pt":
                    s["3PA"] += 1
                    s["3PM"] += made
                if made and action.get("assistPersonId"):
                    stats[action["assistPersonId"]]["AST"] += 1
            if made:
                points = POINTS[kind]
                team = action["teamId"]
                s["PTS"] += points
                team_stats[team]["PTS"] += points
                team_stats[team][f"Q{action['period']}"] += points
                other = away if team == home else home
                for pid in on[team]:
                    stats[pid]["PLUS"] += points
                for pid in on[other]:
                    stats[pid]["MINUS"] += points
        elif kind == "rebound":
            key = "OREB" if action["subType"] == "offensive" else "DREB"
            if person:
                s[key] += 1
            else:
                team_stats[action["teamId"]]["TEAMREB"] += 1
        elif kind == "steal":
            s["STL"] += 1
        elif kind == "block":
            s["BLK"] += 1
        elif kind == "turnover":
            if person:
                s["TOV"] += 1
            else:
                team_stats[action["teamId"]]["TEAMTOV"] += 1
        elif kind == "foul" and action["subType"] != "technical":
            s["PF"] += 1
        elif kind == "substitution":
            team = action["teamId"]
            if action["subType"] == "out":
                played[person] += entry.pop(person) - clock
                on[team].discard(person)
            else:
                on[team].add(person)
                entry[person] = clock
                stats[person]["ENTERED"] = 1
        elif kind == "period" and action["subType"] == "end":
            for pid in on[home] | on[away]:
                played[pid] += entry[pid] - clock
                entry[pid] = 0.0
    for pid, secs in played.items():
        stats[pid]["SECONDS"] = secs
    return {"players": stats, "teams": team_stats}


BOX_KEYS = {
    "PTS": "points",
    "FGM": "fieldGoalsMade",
    "FGA": "fieldGoalsAttempted",
    "3PM": "threePointersMade",
    "3PA": "threePointersAttempted",
    "FTM": "freeThrowsMade",
    "FTA": "freeThrowsAttempted",
    "OREB": "reboundsOffensive",
    "DREB": "reboundsDefensive",
    "AST": "assists",
    "STL": "steals",
    "BLK": "blocks",
    "TOV": "turnovers",
    "PF": "foulsPersonal",
    "PLUS": "plus",
    "MINUS": "minus",
}


def test_every_boxscore_reconciles_with_its_play_by_play(games):
    checked = 0
    for gid, (pbp, box) in games.items():
        if box is None:
            continue
        actions = pbp["game"]["actions"]
        tally = tally_from_pbp(actions, box)
        game = box["game"]
        assert game["gameStatus"] == 3
        for side in ("homeTeam", "awayTeam"):
            team = game[side]
            totals = Counter()
            for player in team["players"]:
                mine = tally["players"].get(player["personId"], Counter())
                st = player["statistics"]
                for ours, theirs in BOX_KEYS.items():
                    assert mine[ours] == st[theirs], (gid, player["personId"], ours)
                    totals[ours] += st[theirs]
                assert st["reboundsTotal"] == mine["OREB"] + mine["DREB"]
                assert st["plusMinusPoints"] == mine["PLUS"] - mine["MINUS"]
                assert abs(seconds(st["minutes"]) - mine["SECONDS"]) < 0.011, (gid, player)
                entered = mine["ENTERED"] or player["starter"] == "1"
                assert (player["played"] == "1") == bool(entered)
                assert player["starter"] in ("0", "1") and player["oncourt"] in ("0", "1")
                assert ("position" in player) == (player["starter"] == "1")
                assert ("notPlayingReason" in player) == (player["played"] == "0")
            ts = team["statistics"]
            team_id = team["teamId"]
            assert team["score"] == ts["points"] == totals["PTS"] == tally["teams"][team_id]["PTS"]
            for ours, theirs in BOX_KEYS.items():
                if ours not in ("PLUS", "MINUS"):
                    assert ts[theirs] == totals[ours], (gid, theirs)
            assert (
                ts["reboundsTotal"]
                == totals["OREB"] + totals["DREB"] + tally["teams"][team_id]["TEAMREB"]
            )
            assert ts["turnoversTotal"] == totals["TOV"] + tally["teams"][team_id]["TEAMTOV"]
            regulation = len(team["periods"])
            assert seconds(ts["minutes"]) == pytest.approx(5 * (2880 + 300 * (regulation - 4)))
            for period in team["periods"]:
                assert period["score"] == tally["teams"][team_id][f"Q{period['period']}"]
        last = actions[-1]
        assert last["actionType"] == "game"
        assert int(last["scoreHome"]) == game["homeTeam"]["score"]
        assert int(last["scoreAway"]) == game["awayTeam"]["score"]
        assert game["homeTeam"]["score"] != game["awayTeam"]["score"]
        checked += 1
    assert checked > 100


def test_play_by_play_has_the_real_keys_and_types(games):
    real: dict[str, set[str]] = defaultdict(set)
    for path in (REALDATA / "cdn" / "playbyplay").glob("*.json"):
        for action in load(path)["game"]["actions"]:
            real[action["actionType"]] |= set(action)
    generated: dict[str, set[str]] = defaultdict(set)
    for pbp, _ in games.values():
        actions = pbp["game"]["actions"]
        orders = [a["orderNumber"] for a in actions]
        assert orders == sorted(orders) and len(set(orders)) == len(orders)
        numbers = [a["actionNumber"] for a in actions]
        assert len(set(numbers)) == len(numbers)
        for action in actions:
            generated[action["actionType"]] |= set(action)
            assert isinstance(action["scoreHome"], str) and isinstance(action["scoreAway"], str)
            assert re.fullmatch(r"PT\d\dM\d\d\.\d\dS", action["clock"])
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\dZ", action["timeActual"])
            if action["actionType"] in ("period", "game"):
                assert "teamId" not in action and action["personId"] == 0
            if action["actionType"] in ("2pt", "3pt"):
                assert action["isFieldGoal"] == 1
                distance = action["shotDistance"]
                lateral, depth = action["xLegacy"] / 10, action["yLegacy"] / 10
                if action["actionType"] == "3pt":
                    assert distance >= 22.0
                    assert abs(lateral) >= 21.9 or distance >= 23.7
                else:
                    assert not (abs(lateral) >= 22.1 and depth <= 8.7) and distance < 23.8
                if "pointsinthepaint" in action["qualifiers"]:
                    assert distance <= 8.0
    assert set(real) <= set(generated)
    for action_type, keys in real.items():
        assert keys <= generated[action_type], (action_type, keys - generated[action_type])
    out_of_order = sum(
        any(
            b["actionNumber"] < a["actionNumber"]
            for a, b in zip(p["game"]["actions"], p["game"]["actions"][1:], strict=False)
        )
        for p, _ in games.values()
    )
    assert out_of_order > 0


def test_box_scores_have_the_real_shape(games):
    real = load(REALDATA / "cdn" / "boxscore" / "boxscore_0022000001.json")
    _, box = next((p, b) for p, b in games.values() if b is not None)
    assert list(box) == list(real) == ["meta", "game"]
    assert list(box["game"]) == list(real["game"])
    for side in ("homeTeam", "awayTeam"):
        assert list(box["game"][side]) == list(real["game"][side])
        assert list(box["game"][side]["statistics"]) == list(real["game"][side]["statistics"])
        real_player = real["game"][side]["players"][0]
        mine = box["game"][side]["players"][0]
        assert list(mine) == list(real_player)
        assert list(mine["statistics"]) == list(real_player["statistics"])
        assert re.fullmatch(r"PT\d\dM\d\d\.\d\dS", mine["statistics"]["minutes"])


def test_league_plausibility(season, games):
    finder = load(season / "leaguegamefinder" / "2024-25.json")["resultSets"][0]
    headers = finder["headers"]
    rows = [dict(zip(headers, row, strict=True)) for row in finder["rowSet"]]
    assert len(rows) > 600
    n = len(rows)
    possessions = sum(r["FGA"] - r["OREB"] + r["TOV"] + 0.44 * r["FTA"] for r in rows) / n
    assert 95 <= possessions <= 105
    assert 105 <= sum(r["PTS"] for r in rows) / n <= 120
    assert 30 <= sum(r["FG3A"] for r in rows) / n <= 40
    assert 18 <= sum(r["FTA"] for r in rows) / n <= 25
    home = [r for r in rows if " vs. " in r["MATCHUP"]]
    assert 0.52 <= sum(r["WL"] == "W" for r in home) / len(home) <= 0.60
    for r in rows:
        assert 235 <= r["MIN"] <= 245 or r["MIN"] >= 260


def test_schedule_is_a_full_nba_season(season):
    snapshots = payloads(season, "schedule")
    assert len(snapshots) == 2
    real = load(REALDATA / "cdn" / "schedule" / "scheduleLeagueV2_2023-24_preseason_capture.json")
    real_game = real["leagueSchedule"]["gameDates"][0]["games"][0]
    early, late = (snapshots[k] for k in sorted(snapshots))
    for snapshot in (early, late):
        assert list(snapshot["leagueSchedule"]) == list(real["leagueSchedule"])
        games = [g for d in snapshot["leagueSchedule"]["gameDates"] for g in d["games"]]
        regular = [g for g in games if g["gameId"][2] == "2"]
        assert len(regular) == 1230
        assert [g["gameId"] for g in regular] == [f"00224{n:05d}" for n in range(1, 1231)]
        per_team, home = Counter(), Counter()
        for g in regular:
            assert list(g) == list(real_game)
            assert list(g["homeTeam"]) == list(real_game["homeTeam"])
            per_team[g["homeTeam"]["teamId"]] += 1
            per_team[g["awayTeam"]["teamId"]] += 1
            home[g["homeTeam"]["teamId"]] += 1
        assert len(per_team) == 30 and set(per_team.values()) == {82} and set(home.values()) == {41}
    late_games = [g for d in late["leagueSchedule"]["gameDates"] for g in d["games"]]
    early_games = [g for d in early["leagueSchedule"]["gameDates"] for g in d["games"]]
    for g, before in zip(late_games, early_games, strict=True):
        day = date.fromisoformat(g["gameDateEst"][:10])
        if day <= SLICE_END:
            assert g["gameStatus"] == 3 and g["gameStatusText"].startswith("Final")
            assert g["homeTeam"]["score"] != g["awayTeam"]["score"]
        else:
            assert g["gameStatus"] == 1 and g["homeTeam"]["score"] == 0
        if day >= SLICE_START:
            assert before["gameStatus"] == 1
    days = sorted({date.fromisoformat(g["gameDateEst"][:10]) for g in late_games})
    assert days[0].month == 10 and days[-1].month == 4
    by_team_days = defaultdict(set)
    for g in late_games:
        for side in ("homeTeam", "awayTeam"):
            by_team_days[g[side]["teamId"]].add(date.fromisoformat(g["gameDateEst"][:10]))
    back_to_backs = sum(
        1
        for days_played in by_team_days.values()
        for d in days_played
        if date.fromordinal(d.toordinal() + 1) in days_played
    )
    assert back_to_backs > 30
    tips = Counter(g["gameStatusText"] for g in early_games if g["gameStatus"] == 1)
    evening = sum(n for text, n in tips.items() if re.match(r"(7|8|9|10):\d\d pm ET", text))
    assert evening / sum(tips.values()) > 0.8


def test_odds_scoreboard_and_finder_have_the_real_shape(season):
    real_odds = load(REALDATA / "cdn" / "odds" / "odds_todaysGames_one_game_0022400913.json")
    odds = payloads(season, "odds")
    assert odds
    one = next(iter(odds.values()))["games"][0]
    real_game = real_odds["games"][0]
    assert list(one) == list(real_game)
    assert isinstance(one["homeTeamId"], str)
    assert [m["name"] for m in one["markets"]] == ["2way", "spread"]
    for market in one["markets"]:
        ids = [b["id"] for b in market["books"]]
        assert len(ids) != len(set(ids))  # one book is listed twice
        for book in market["books"]:
            for outcome in book["outcomes"]:
                assert re.fullmatch(r"\d+\.\d{3}", outcome["odds"])
    real_board = load(REALDATA / "cdn" / "scoreboard" / "todaysScoreboard_00_2022-10-31.json")
    boards = payloads(season, "scoreboard")
    statuses = set()
    for board in boards.values():
        assert list(board["scoreboard"]) == list(real_board["scoreboard"])
        for game in board["scoreboard"]["games"]:
            assert list(game) == list(real_board["scoreboard"]["games"][0])
            statuses.add(game["gameStatus"])
    assert statuses == {1, 2, 3}
    real_finder = load(REALDATA / "stats" / "leaguegamefinder_2023-24_regular_season_teams.json")
    finder = load(season / "leaguegamefinder" / "2024-25.json")
    assert finder["parameters"] == {**real_finder["parameters"], "Season": "2024-25"}
    assert finder["resultSets"][0]["headers"] == real_finder["resultSets"][0]["headers"]


def test_live_day_polls_follow_the_games(season):
    summary = load(season / "synth_summary.json")
    live_games = summary["live_games"]
    assert live_games
    boards = payloads(season, "scoreboard")
    moments = sorted(
        datetime.fromisoformat(manifest(season, "scoreboard", k)["fetched_at"]) for k in boards
    )
    gaps = {(b - a).total_seconds() for a, b in zip(moments, moments[1:], strict=False)}
    assert gaps == {180.0}
    last_status = {}
    in_progress_polls = Counter()
    for key in sorted(boards):
        for game in boards[key]["scoreboard"]["games"]:
            assert game["gameStatus"] >= last_status.get(game["gameId"], 1)
            last_status[game["gameId"]] = game["gameStatus"]
            if game["gameStatus"] == 2:
                in_progress_polls[game["gameId"]] += 1
                assert (season / "live_boxscore" / f"{key}_{game['gameId']}.json").exists()
    assert set(last_status.values()) == {3}
    live_boxes = [k for k in payloads(season, "live_boxscore")]
    assert len(live_boxes) == sum(in_progress_polls.values())
    for gid in live_games:
        final_fetch = datetime.fromisoformat(manifest(season, "pbp", gid)["fetched_at"])
        polls = [k for k in live_boxes if k.endswith(gid)]
        last_live = max(
            datetime.fromisoformat(manifest(season, "live_boxscore", k)["fetched_at"])
            for k in polls
        )
        assert final_fetch > last_live


def test_faults_are_where_the_summary_says(season, games):
    summary = load(season / "synth_summary.json")
    assert 1 <= len(summary["missing_boxscore"]) <= 6
    for gid in summary["missing_boxscore"]:
        assert gid in games and games[gid][1] is None
    without_box = summary["missing_boxscore"] + summary["fallback_boxscore"]
    assert sum(1 for _, box in games.values() if box is None) == len(without_box)
    assert summary["edited_pbp"]
    for gid in summary["edited_pbp"]:
        history = list((season / "pbp" / "history").glob(f"{gid}.*[0-9]Z.json"))
        assert len(history) == 1
        before = {a["actionNumber"]: a for a in load(history[0])["game"]["actions"]}
        after = {a["actionNumber"]: a for a in games[gid][0]["game"]["actions"]}
        changed = [
            n
            for n in after
            if n in before and after[n] != before[n] and after[n]["edited"] != before[n]["edited"]
        ]
        assert changed
        first = datetime.fromisoformat(
            load(history[0].with_name(history[0].name.replace(".json", ".manifest.json")))[
                "fetched_at"
            ]
        )
        second = datetime.fromisoformat(manifest(season, "pbp", gid)["fetched_at"])
        assert (second - first).total_seconds() > 6 * 3600
    cutoff = date.fromisoformat(summary["new_fields_from"])
    assert SLICE_START < cutoff <= SLICE_END
    new = set(summary["new_fields"])
    for gid, (pbp, _) in games.items():
        shots = [a for a in pbp["game"]["actions"] if a["actionType"] in ("2pt", "3pt")]
        assert ("area" in shots[0]) == (gid in new)
        assert ("isTargetScoreLastPeriod" in pbp["game"]["actions"][0]) == (gid in new)


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    args = {
        "start_date": date(2024, 10, 22),
        "end_date": date(2024, 10, 23),
        "live_date": date(2024, 10, 22),
    }
    generate_season(tmp_path / "a", seed=7, **args)
    generate_season(tmp_path / "b", seed=7, **args)
    generate_season(tmp_path / "c", seed=8, **args)
    a, b, c = (_digest(tmp_path / name) for name in "abc")
    assert a == b
    assert len(a) > 50
    assert a != c


def test_pbpstats_reads_the_games_with_nba_like_possessions(tmp_path, games):
    loader = pytest.importorskip("pbpstats.data_loader")
    (tmp_path / "pbp").mkdir()
    (tmp_path / "game_details").mkdir()
    picked = [gid for gid, (_, box) in sorted(games.items()) if box is not None][:6]
    for gid in picked:
        pbp, box = games[gid]
        (tmp_path / "pbp" / f"live_{gid}.json").write_text(json.dumps(pbp))
        (tmp_path / "game_details" / f"live_{gid}.json").write_text(json.dumps(box))
    for gid in picked:
        possessions = loader.LivePossessionLoader(
            gid, loader.LivePossessionFileLoader(str(tmp_path))
        ).items
        per_team = Counter(p.offense_team_id for p in possessions)
        assert len(per_team) == 2
        assert all(85 <= n <= 120 for n in per_team.values()), per_team


@pytest.mark.slow
def test_play_in_and_playoffs(synthetic_postseason):
    out = synthetic_postseason
    summary = json.loads((out / "synth_summary.json").read_text())
    written = set(payloads(out, "pbp"))
    assert {g for g in written if g.startswith("005")} == {
        "0052400101",
        "0052400111",
        "0052400121",
        "0052400131",
        "0052400201",
        "0052400211",
    }
    assert any(g.startswith("00424001") for g in written)
    assert summary["missing_boxscore"] == summary["edited_pbp"] == []
    assert summary["fallback_boxscore"] == []
    assert not (out / "boxscoretraditionalv3").exists()
    early, late = (payloads(out, "schedule")[k] for k in sorted(payloads(out, "schedule")))

    def postseason(snapshot):
        return [
            g
            for d in snapshot["leagueSchedule"]["gameDates"]
            for g in d["games"]
            if g["gameId"][2] in "45"
        ]

    placeholders = [g for g in postseason(early) if g["homeTeam"]["teamId"] == 0]
    assert placeholders and all(g["homeTeam"]["teamTricode"] == "" for g in placeholders)
    assert len(placeholders) == len(postseason(early))  # nothing known before the season ends
    play_in = [g for g in postseason(late) if g["gameId"].startswith("005")]
    assert all(g["gameStatus"] == 3 and g["homeTeam"]["teamId"] for g in play_in)
    first_round = [g for g in postseason(late) if g["gameId"].startswith("00424001")]
    assert all(g["homeTeam"]["teamId"] for g in first_round)
    assert any(g["ifNecessary"] for g in first_round)
    assert any(re.match(r"[A-Z]{3} leads \d-\d|Series tied", g["seriesText"]) for g in first_round)


def test_action_numbers_are_unique_and_order_numbers_increase(games):
    """Like the NBA's: actionNumber is not always in array order, but never repeats
    within a game; orderNumber strictly increases."""
    for game_id, (pbp, _box) in games.items():
        actions = pbp["game"]["actions"]
        numbers = [a["actionNumber"] for a in actions]
        assert len(numbers) == len(set(numbers)), f"{game_id}: repeated actionNumber"
        orders = [a["orderNumber"] for a in actions]
        assert orders == sorted(set(orders)), f"{game_id}: orderNumber not increasing"


# -- the boxscore fallback (stats.nba.com boxscoretraditionalv3) ------------------------

REAL_TRADITIONAL = REALDATA / "stats" / "boxscoretraditionalv3_0022500165.json"
V3_COUNTED = [
    "fieldGoalsMade",
    "fieldGoalsAttempted",
    "threePointersMade",
    "threePointersAttempted",
    "freeThrowsMade",
    "freeThrowsAttempted",
    "reboundsOffensive",
    "reboundsDefensive",
    "reboundsTotal",
    "assists",
    "steals",
    "blocks",
    "turnovers",
    "foulsPersonal",
    "points",
]


def clock_seconds(minutes: str) -> int:
    match = re.fullmatch(r"(\d+):(\d\d)", minutes)
    assert match, minutes
    return int(match.group(1)) * 60 + int(match.group(2))


def assert_v3_shape(box: dict) -> None:
    """Same keys, in the same order, as the real boxscoretraditionalv3 answer."""
    real = load(REAL_TRADITIONAL)
    assert list(box) == list(real)
    assert list(box["meta"]) == list(real["meta"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{4}Z", box["meta"]["time"])
    mine, theirs = box["boxScoreTraditional"], real["boxScoreTraditional"]
    assert list(mine) == list(theirs)
    for side in ("homeTeam", "awayTeam"):
        assert list(mine[side]) == list(theirs[side])
        for part in ("statistics", "starters", "bench"):
            assert list(mine[side][part]) == list(theirs[side][part]), part
        real_player = theirs[side]["players"][0]
        for player in mine[side]["players"]:
            assert list(player) == list(real_player)
            assert list(player["statistics"]) == list(real_player["statistics"])
            assert type(player["statistics"]["plusMinusPoints"]) is float


def assert_v3_sums(box: dict) -> None:
    """Team statistics, starters and bench are sums over the players."""
    for side in ("homeTeam", "awayTeam"):
        team = box["boxScoreTraditional"][side]
        players = team["players"]
        starters = [p for p in players if p["position"]]
        assert len(starters) == 5
        assert {p["position"] for p in starters} <= {"G", "F", "C"}
        for key in V3_COUNTED:
            total = sum(p["statistics"][key] for p in players)
            assert team["statistics"][key] == total, key
            assert team["starters"][key] + team["bench"][key] == total, key
            assert team["starters"][key] == sum(p["statistics"][key] for p in starters), key
        for part in ("statistics", "starters", "bench"):
            stats = team[part]
            for made, attempted, pct in (
                ("fieldGoalsMade", "fieldGoalsAttempted", "fieldGoalsPercentage"),
                ("threePointersMade", "threePointersAttempted", "threePointersPercentage"),
                ("freeThrowsMade", "freeThrowsAttempted", "freeThrowsPercentage"),
            ):
                expected = stats[made] / stats[attempted] if stats[attempted] else 0.0
                assert abs(stats[pct] - expected) <= 0.0005 + 1e-9, (part, pct)
                assert stats[pct] == round(stats[pct], 3)
        played = sum(
            clock_seconds(p["statistics"]["minutes"]) for p in players if p["comment"] == ""
        )
        starter_seconds = clock_seconds(team["starters"]["minutes"])
        assert starter_seconds + clock_seconds(team["bench"]["minutes"]) == played
        assert abs(clock_seconds(team["statistics"]["minutes"]) - played) <= len(players)
        for player in players:
            stats = player["statistics"]
            if player["comment"]:
                assert player["comment"].startswith("DNP - ")
                assert stats["minutes"] == "" and stats["points"] == 0
            else:
                assert clock_seconds(stats["minutes"]) >= 0


def test_traditional_v3_from_the_real_cdn_boxscore():
    cdn = load(REALDATA / "cdn" / "boxscore" / "boxscore_0022000001.json")
    moment = datetime.fromisoformat("2020-12-23T01:02:03.456789+00:00")
    box = traditional_v3_payload(cdn, moment)
    assert_v3_shape(box)
    assert_v3_sums(box)
    assert box["meta"]["time"] == "2020-12-23T01:02:03.4567Z"
    traditional = box["boxScoreTraditional"]
    assert traditional["gameId"] == "0022000001"
    for side in ("homeTeam", "awayTeam"):
        team, cdn_team = traditional[side], cdn["game"][side]
        assert team["statistics"]["points"] == cdn_team["score"]
        assert team["statistics"]["minutes"] == "240:00"
        assert [p["personId"] for p in team["players"]] == [
            p["personId"] for p in cdn_team["players"]
        ]
        for player, theirs in zip(team["players"], cdn_team["players"], strict=True):
            assert player["nameI"] == theirs["nameI"]
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", player["playerSlug"])
            assert bool(player["position"]) == (theirs["starter"] == "1")
            assert (player["comment"] == "") == (theirs["played"] == "1")
            if theirs["played"] == "1":
                whole = int(seconds(theirs["statistics"]["minutes"]))
                assert clock_seconds(player["statistics"]["minutes"]) == whole
    home, away = traditional["homeTeam"], traditional["awayTeam"]
    assert home["teamSlug"] == "nets" and away["teamSlug"] == "warriors"
    margin = home["statistics"]["points"] - away["statistics"]["points"]
    assert home["statistics"]["plusMinusPoints"] == margin == 125 - 99
    assert away["statistics"]["plusMinusPoints"] == -margin


def test_fallback_games_have_a_traditional_box_instead(season, games):
    summary = load(season / "synth_summary.json")
    fallback = summary["fallback_boxscore"]
    assert 1 <= len(fallback) <= 6
    assert not set(fallback) & set(summary["missing_boxscore"])
    assert not set(fallback) & set(summary["edited_pbp"])
    v3 = payloads(season, "boxscoretraditionalv3")
    assert sorted(v3) == sorted(fallback)
    assert summary["feeds"]["boxscoretraditionalv3"]["files"] == len(fallback)
    for gid in fallback:
        pbp, box = games[gid]
        assert box is None
        assert not (season / "boxscore" / f"{gid}.json").exists()
        record = manifest(season, "boxscoretraditionalv3", gid)
        path, query = endpoints.traditional_boxscore_path_and_query(gid)
        assert record["url"] == endpoints.join(endpoints.STATS_BASE_URL, path, query)
        assert record["game_id"] == gid and record["feed"] == "boxscoretraditionalv3"
        pbp_fetched = datetime.fromisoformat(manifest(season, "pbp", gid)["fetched_at"])
        fetched = datetime.fromisoformat(record["fetched_at"])
        assert 5 < (fetched - pbp_fetched).total_seconds() < 70
        payload = v3[gid]
        assert_v3_shape(payload)
        assert_v3_sums(payload)
        traditional = payload["boxScoreTraditional"]
        assert traditional["gameId"] == gid
        actions = pbp["game"]["actions"]
        last = actions[-1]
        assert last["actionType"] == "game"
        finals = {"homeTeam": int(last["scoreHome"]), "awayTeam": int(last["scoreAway"])}
        shim = {"game": {}}
        for side in ("homeTeam", "awayTeam"):
            team = traditional[side]
            assert sum(p["statistics"]["points"] for p in team["players"]) == finals[side]
            assert team["statistics"]["points"] == finals[side]
            shim["game"][side] = {
                "teamId": team["teamId"],
                "players": [
                    {"personId": p["personId"], "starter": "1" if p["position"] else "0"}
                    for p in team["players"]
                ],
            }
        periods = max(a["period"] for a in actions)
        tally = tally_from_pbp(actions, shim)
        for side in ("homeTeam", "awayTeam"):
            team = traditional[side]
            assert clock_seconds(team["statistics"]["minutes"]) == 5 * (2880 + 300 * (periods - 4))
            for player in team["players"]:
                mine = tally["players"].get(player["personId"], Counter())
                st = player["statistics"]
                for ours, theirs in BOX_KEYS.items():
                    if ours not in ("PLUS", "MINUS"):
                        assert mine[ours] == st[theirs], (gid, player["personId"], ours)
                assert st["plusMinusPoints"] == mine["PLUS"] - mine["MINUS"]
                if st["minutes"]:
                    assert 0 <= mine["SECONDS"] - clock_seconds(st["minutes"]) < 1.011


def test_fallback_draw_leaves_the_other_faults_games(season):
    """Adding the fallback fault keeps a seed's missing and edited games."""
    from sandbox.synth.calendar_plan import regular_season
    from sandbox.synth.faults import ALL_FAULTS, FALLBACK_BOXSCORE, plan_faults
    from sandbox.synth.league import build_league

    schedule = regular_season(build_league(0, "2024-25"), 0)
    end = date(2025, 3, 31)
    start = date(2024, 11, 1)
    full = plan_faults(schedule, start, end, end, ALL_FAULTS, 0)
    without = plan_faults(schedule, start, end, end, ALL_FAULTS - {FALLBACK_BOXSCORE}, 0)
    none = plan_faults(schedule, start, end, end, frozenset(), 0)
    assert full.missing_boxscore == without.missing_boxscore
    assert full.edited_pbp == without.edited_pbp
    assert len(full.fallback_boxscore) == round(((end - start).days + 1) / 40)
    assert not full.fallback_boxscore & (full.missing_boxscore | full.edited_pbp)
    assert without.fallback_boxscore == none.fallback_boxscore == frozenset()
    summary = load(season / "synth_summary.json")
    assert "fallback-boxscore" in summary["faults"]


def test_no_faults_no_fallback(tmp_path):
    """With faults none every game has its CDN box score; the fallback fault alone
    swaps one game's for a traditional box score and touches nothing else."""
    args = {
        "start_date": date(2024, 10, 22),
        "end_date": date(2024, 10, 23),
        "live_date": date(2024, 10, 22),
        "seed": 0,
    }
    plain = generate_season(tmp_path / "none", faults=set(), **args)
    assert plain.fallback_boxscore == plain.missing_boxscore == []
    assert not (tmp_path / "none" / "boxscoretraditionalv3").exists()
    pbp = payloads(tmp_path / "none", "pbp")
    assert len(pbp) > 2
    assert set(payloads(tmp_path / "none", "boxscore")) == set(pbp)
    faulty = generate_season(tmp_path / "fallback", faults={"fallback-boxscore"}, **args)
    assert len(faulty.fallback_boxscore) == 1 and faulty.missing_boxscore == []
    assert set(payloads(tmp_path / "fallback", "boxscoretraditionalv3")) == set(
        faulty.fallback_boxscore
    )
    assert set(payloads(tmp_path / "fallback", "boxscore")) == set(pbp) - set(
        faulty.fallback_boxscore
    )
