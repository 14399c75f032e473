"""``courtside report``: an HTML coverage page of the warehouse.

A heatmap of final games by date (rows) against layers (columns), each cell saying how
many of that day's games are present, missing, a known gap, or contaminated:

- expected games: final games in ``staging.stg_nba_cdn__schedule_games``;
- missing: the rows the gap tests stored (``audit.gap__*``: layer, game_id, game_date);
- known gaps: ``known_data_gaps`` seed rows (game_id, layer, reason);
- contaminated: the rows the contamination tests stored (``audit.contamination__*``:
  model, entity_id, analysis_date, reason), by analysis date.

So run ``dbt build`` (or ``dbt test``) first: the report shows what the tests found.
It also shows the freshness of every source, from ``dbt source freshness``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from ingest.config import project_root, state_dir
from ingest.database import PgSettings, connect, resolve

AUDIT_SCHEMA = "audit"
SCHEDULE = "staging.stg_nba_cdn__schedule_games"
FETCH_LOG = "staging.stg_nba_cdn__fetch_log"
NO_DATA_LAYERS = {"pbp": "raw_pbp", "boxscore": "raw_boxscore"}
FINAL = 3


class ReportError(RuntimeError):
    """The warehouse cannot be reported on yet, in one line."""


@dataclass
class Coverage:
    """Everything the page shows, read from the warehouse."""

    expected: dict[date, set[str]] = field(default_factory=dict)  # date -> final game ids
    missing: dict[str, dict[date, set[str]]] = field(default_factory=dict)  # layer -> ...
    known: dict[str, dict[date, set[str]]] = field(default_factory=dict)
    contaminated: dict[str, dict[date, int]] = field(default_factory=dict)  # model -> ...
    reasons: dict[tuple[str, str], str] = field(default_factory=dict)  # (layer, game) -> why
    freshness: list[dict] = field(default_factory=list)

    @property
    def layers(self) -> list[str]:
        return sorted({*self.missing, *self.known})

    @property
    def models(self) -> list[str]:
        return sorted(self.contaminated)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, help="HTML file (default .courtside/report/coverage.html)"
    )
    parser.add_argument("--no-freshness", action="store_true", help="skip `dbt source freshness`")


def _tables(cur, prefix: str) -> list[str]:
    cur.execute(
        "select table_name from information_schema.tables "
        "where table_schema = %s and table_name like %s order by 1",
        (AUDIT_SCHEMA, prefix.replace("_", "\\_") + "%"),
    )
    return [r[0] for r in cur.fetchall()]


def _relation_exists(cur, relation: str) -> bool:
    cur.execute("select to_regclass(%s)", (relation,))
    return cur.fetchone()[0] is not None


def read_coverage(db: PgSettings) -> Coverage:
    coverage = Coverage()
    conn = connect(db)
    try:
        with conn.cursor() as cur:
            if not _relation_exists(cur, SCHEDULE):
                raise ReportError(f"{SCHEDULE} does not exist: run `dbt build` first")
            cur.execute(
                f"select game_date, game_id from {SCHEDULE} "
                f"where game_status = {FINAL} and game_date is not null"
            )
            for game_date, game_id in cur.fetchall():
                coverage.expected.setdefault(game_date, set()).add(game_id)
            for table in _tables(cur, "gap__"):
                cur.execute(f'select layer, game_id, game_date from {AUDIT_SCHEMA}."{table}"')
                for layer, game_id, game_date in cur.fetchall():
                    coverage.missing.setdefault(layer, defaultdict(set))[game_date].add(game_id)
            for table in _tables(cur, "contamination__"):
                cur.execute(
                    f"select model, analysis_date, count(*) from {AUDIT_SCHEMA}."
                    f'"{table}" group by 1, 2'
                )
                for model, analysis_date, count in cur.fetchall():
                    per_model = coverage.contaminated.setdefault(model, defaultdict(int))
                    per_model[analysis_date] += count
            cur.execute(
                "select table_schema from information_schema.tables "
                "where table_name = 'known_data_gaps' limit 1"
            )
            seed = cur.fetchone()
            if seed:
                cur.execute(
                    f"select k.layer, k.game_id, k.reason, s.game_date "
                    f'from "{seed[0]}".known_data_gaps k '
                    f"left join {SCHEDULE} s using (game_id)"
                )
                for layer, game_id, reason, game_date in cur.fetchall():
                    if game_date is not None:
                        coverage.known.setdefault(layer, defaultdict(set))[game_date].add(game_id)
                    coverage.reasons[(layer, game_id)] = reason
            # what the source itself answered "no data" for (404 / S3 AccessDenied): the
            # gap tests accept these once confirmed a day after tip-off
            no_data = []
            if _relation_exists(cur, FETCH_LOG):
                cur.execute(
                    f"select feed, game_id, min(fetched_at_utc) from {FETCH_LOG} "
                    "where outcome = 'no_data' and game_id is not null group by 1, 2"
                )
                no_data = cur.fetchall()
            for feed, game_id, fetched_at in no_data:
                layer = NO_DATA_LAYERS.get(feed)
                game_date = next(
                    (d for d, ids in coverage.expected.items() if game_id in ids), None
                )
                if layer and game_date is not None:
                    coverage.known.setdefault(layer, defaultdict(set))[game_date].add(game_id)
                    coverage.reasons.setdefault(
                        (layer, game_id), f"the NBA answered no data ({fetched_at:%Y-%m-%d})"
                    )
    finally:
        conn.close()
    return coverage


def read_freshness(db: PgSettings) -> list[dict]:
    """Run ``dbt source freshness`` into a temp folder and read its results."""
    with tempfile.TemporaryDirectory(prefix="courtside-freshness-") as target:
        env = {**os.environ, **db.env(), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        subprocess.run(
            [
                str(Path(sys.executable).parent / "dbt"),
                "source",
                "freshness",
                "--target-path",
                target,
            ],
            cwd=project_root(),
            env=env,
            capture_output=True,
            text=True,
        )  # exit 1 just means "stale"
        results = Path(target) / "sources.json"
        if not results.exists():
            return []
        rows = []
        for result in json.loads(results.read_text()).get("results", []):
            rows.append(
                {
                    "source": result["unique_id"].split(".", 2)[-1],
                    "status": result.get("status"),
                    "max_loaded_at": result.get("max_loaded_at"),
                    "age_hours": round(result.get("max_loaded_at_time_ago_in_s", 0) / 3600, 1),
                }
            )
        return rows


def _cell(expected: int, missing: int, known: int, title: str) -> str:
    if expected == 0:
        return '<td class="none"></td>'
    if missing:
        css, label = "missing", f"{missing} missing"
    elif known:
        css, label = "known", f"{known} known gap"
    else:
        css, label = "present", f"{expected}"
    return f'<td class="{css}" title="{html.escape(title)}">{label}</td>'


def render(coverage: Coverage, generated_at: datetime) -> str:
    layers, models = coverage.layers, coverage.models
    head = "".join(f"<th>{html.escape(name)}</th>" for name in [*layers, *models])
    rows = []
    for day in sorted(coverage.expected):
        games = coverage.expected[day]
        cells = []
        for layer in layers:
            missing = coverage.missing.get(layer, {}).get(day, set())
            known = coverage.known.get(layer, {}).get(day, set())
            title = (
                "; ".join(
                    [
                        *(f"{g} missing" for g in sorted(missing)),
                        *(
                            f"{g}: {coverage.reasons.get((layer, g), 'known gap')}"
                            for g in sorted(known)
                        ),
                    ]
                )
                or f"{len(games)} games present"
            )
            cells.append(_cell(len(games), len(missing), len(known), title))
        for model in models:
            bad = coverage.contaminated[model].get(day, 0)
            cells.append(
                f'<td class="contaminated">{bad} contaminated</td>'
                if bad
                else '<td class="present">ok</td>'
            )
        rows.append(f"<tr><th>{day.isoformat()}</th><td>{len(games)}</td>{''.join(cells)}</tr>")
    totals = {
        "dates": len(coverage.expected),
        "final games": sum(len(g) for g in coverage.expected.values()),
        "missing": sum(len(g) for per in coverage.missing.values() for g in per.values()),
        "known gaps": sum(len(g) for per in coverage.known.values() for g in per.values()),
        "contaminated rows": sum(sum(per.values()) for per in coverage.contaminated.values()),
    }
    summary = " &middot; ".join(f"<b>{v:,}</b> {k}" for k, v in totals.items())
    fresh = "".join(
        f'<tr class="{html.escape(str(r["status"]))}"><td>{html.escape(r["source"])}</td>'
        f"<td>{html.escape(str(r['status']))}</td><td>{html.escape(str(r['max_loaded_at']))}"
        f"</td><td>{r['age_hours']}</td></tr>"
        for r in coverage.freshness
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Courtside coverage</title>
<style>
body {{ font: 14px system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #ddd; padding: 3px 8px; text-align: center; }}
thead th {{ position: sticky; top: 0; background: #f4f4f4; }}
td.present {{ background: #cfe9cf; }} td.missing {{ background: #f4a3a3; font-weight: bold; }}
td.known {{ background: #d9d9d9; }} td.contaminated {{ background: #f6c77b; }}
td.none {{ background: #fff; }} tr.error td, tr.runtime\\ error td {{ color: #b00; }}
tr.warn td {{ color: #b60; }}
</style></head><body>
<h1>Courtside coverage</h1>
<p>Generated {generated_at.isoformat(timespec="seconds")} from the gap and contamination
tests' stored failures (schema <code>{AUDIT_SCHEMA}</code>) and the
<code>known_data_gaps</code> seed. {summary}</p>
<p>Legend: <span style="background:#cfe9cf">present</span>
<span style="background:#f4a3a3">missing</span>
<span style="background:#d9d9d9">known gap</span>
<span style="background:#f6c77b">contaminated</span></p>
<table><thead><tr><th>game date</th><th>final games</th>{head}</tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<h2>Source freshness</h2>
<table><thead><tr><th>source</th><th>status</th><th>latest load</th><th>age (h)</th></tr>
</thead><tbody>{fresh or '<tr><td colspan="4">not checked</td></tr>'}</tbody></table>
</body></html>
"""


def run(args: argparse.Namespace) -> int:
    db = resolve(start_embedded=True)
    coverage = read_coverage(db)
    if not args.no_freshness:
        coverage.freshness = read_freshness(db)
    out = args.out or state_dir() / "report" / "coverage.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(coverage, datetime.now(UTC)))
    missing = sum(len(g) for per in coverage.missing.values() for g in per.values())
    bad = sum(sum(per.values()) for per in coverage.contaminated.values())
    print(
        f"coverage report: {out} ({len(coverage.expected)} dates, {missing} missing, "
        f"{bad} contaminated rows)"
    )
    return 0
