"""``courtside report`` as a person reads it: what exists in each layer, on a calendar.

Games scheduled (and final) but not ingested yet are missing, in every layer that lacks
them, even when the last ``dbt build`` tested only a window that holds none of them.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime

from conftest import query

from ingest.report import read_coverage, render
from sandbox.synth import generate_season

START, END = date(2024, 10, 22), date(2024, 10, 27)
INGESTED_UNTIL = date(2024, 10, 24)
LAYERS = [
    "raw_pbp",
    "raw_boxscore",
    "player_game_summary",
    "team_offense_game_summary",
    "team_defense_game_summary",
    "player_composite_factors",
    "ml_feature_store",
]
# built from the games played before (none on opening night), so a game's rows there do
# not wait for its own data
PRE_GAME_LAYERS = {"player_composite_factors", "ml_feature_store"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_games_not_ingested_are_missing_whatever_window_was_tested(
    tmp_path, replay, make_ingestor, run_dbt, database
):
    archive = tmp_path / "synth"
    generate_season(archive, start_date=START, end_date=END, seed=0, faults=set())
    ingestor = make_ingestor(replay(archive))
    assert ingestor.ingest_schedule().ok
    assert ingestor.ingest_games(ingestor.select_games(start=START, end=INGESTED_UNTIL)).ok
    # a windowed build over what was ingested passes: its tests only read that window
    window = {"start_date": START.isoformat(), "end_date": INGESTED_UNTIL.isoformat()}
    run_dbt("build", "--vars", json.dumps(window))

    later: dict[date, set[str]] = {}
    for game_date, game_id in query(
        database,
        "select game_date, game_id from staging.stg_nba_cdn__schedule_games "
        "where game_status = 3 and game_date > %s",
        (INGESTED_UNTIL,),
    ):
        later.setdefault(game_date, set()).add(game_id)
    assert later, "the synthetic schedule has final games after the ingested days"

    coverage = read_coverage(database)
    assert coverage.layers == LAYERS  # every layer, gaps or not
    for layer in set(LAYERS) - PRE_GAME_LAYERS:
        for day in coverage.expected:
            present = coverage.present.get(layer, {}).get(day, set())
            if day <= INGESTED_UNTIL:
                assert present == coverage.expected[day], (layer, day)
            else:
                assert present == set() and coverage.missing[layer][day] == later[day]
    for layer in set(LAYERS) - PRE_GAME_LAYERS:
        assert sum(len(g) for g in coverage.missing[layer].values()) == sum(
            len(g) for g in later.values()
        )

    page = render(coverage, datetime.now(UTC))
    day = min(later)
    games = len(later[day])
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="calendar"') == len(LAYERS)
    assert f'data-date="{day}" data-present="0" data-expected="{games}"' in page
    assert f"{day:%a %Y-%m-%d} raw_pbp: 0/{games} games present; {games} missing" in page
    assert f">0/{games}</td>" in page and not any(
        tag in page for tag in ("<script", "src=", "href=", "@import")
    )
    out = tmp_path / "coverage.html"
    out.write_text(page)
    if CHROMIUM:
        looks_right_in_a_browser(out, day, games)


def looks_right_in_a_browser(out, day: date, games: int) -> None:
    """Headless Chromium, offline: a calendar per layer is drawn, with its tooltips."""
    from playwright.sync_api import sync_playwright
    from test_docs_site import CHROMIUM_ARGS

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("request", lambda request: requests.append(request.url))
        page.goto(out.as_uri())
        calendars = page.locator("svg.calendar")
        assert calendars.count() == len(LAYERS)
        for index in range(len(LAYERS)):
            box = calendars.nth(index).bounding_box()
            assert box and box["width"] > 40 and box["height"] > 100  # a week column, 7 rows
        square = page.locator(f'#layer-raw_pbp rect[data-date="{day}"]')
        assert square.evaluate("e => getComputedStyle(e).fill") == "rgb(215, 48, 39)"  # red
        assert (
            square.locator("title")
            .text_content()
            .startswith(f"{day:%a %Y-%m-%d} raw_pbp: 0/{games} games present")
        )
        headers = page.locator("table").first.locator("thead th").all_inner_texts()
        assert headers[2 : 2 + len(LAYERS)] == LAYERS
        page.screenshot(path=str(out.with_suffix(".png")), full_page=True)
        browser.close()
    assert requests == [out.as_uri()]  # nothing fetched but the page itself
