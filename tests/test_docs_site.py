"""The dbt docs site as a person sees it: `dbt docs serve`, loaded in headless Chromium.

Chromium comes from the OS (Debian's `chromium` package; `.ci/run` installs it) and is
driven by Playwright without downloading a browser.  Set COURTSIDE_DOCS_SCREENSHOT to a
path to also save the lineage screenshot shown in the README.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO_ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; .ci/run does)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def docs_site(realdata, replay, make_ingestor, run_dbt, database, tmp_path):
    ingestor = make_ingestor(replay(realdata / "cdn"))
    ingestor.ingest_schedule()
    ingestor.ingest_games(["0022000001", "0022000180"])
    ingestor.ingest_odds()
    ingestor.ingest_teams()
    run_dbt("build")
    run_dbt("docs", "generate")
    port = free_port()
    env = {**os.environ, **database.env(), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "dbt"),
            "docs",
            "serve",
            "--port",
            str(port),
            "--no-browser",
            "--profiles-dir",
            str(tmp_path / "dbt_profiles"),
            "--target-path",
            str(tmp_path / "dbt_target"),
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("dbt docs serve did not start within 60 s")
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


def painted_pixels(page) -> int:
    """Non-transparent pixels across the lineage graph's canvases."""
    return page.evaluate("""() => {
        let painted = 0;
        for (const canvas of document.querySelectorAll('canvas')) {
            if (!canvas.width || !canvas.height) continue;
            const data = canvas.getContext('2d')
                .getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
        }
        return painted;
    }""")


def test_docs_site_renders_a_model_page_and_its_lineage(docs_site, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})

        page.goto(f"{docs_site}/#!/overview")
        page.wait_for_function("document.body.innerText.includes('precompute')", timeout=60000)
        assert "staging" in page.locator("body").inner_text()  # the __overview__ doc block

        page.goto(f"{docs_site}/#!/model/model.courtside.player_game_summary")
        page.wait_for_function("document.body.innerText.includes('Referenced By')", timeout=60000)
        text = page.locator("body").inner_text()
        assert "player_game_summary" in text and "incremental" in text
        assert "One row per player per game" in text  # the model's description
        for column in ("game_id", "person_id", "team_id", "points"):
            assert f"\n{column}\n" in text, f"column {column} missing from the model page"

        before = painted_pixels(page)
        page.locator(".launcher-btn a").click()
        page.wait_for_function("document.body.innerText.includes('Lineage Graph')")
        page.wait_for_timeout(1500)  # the graph lays itself out
        assert painted_pixels(page) > before + 2000, "the lineage graph drew nothing"
        screenshot = Path(os.environ.get("COURTSIDE_DOCS_SCREENSHOT", tmp_path / "lineage.png"))
        page.screenshot(path=str(screenshot))
        browser.close()
    assert screenshot.stat().st_size > 20_000
