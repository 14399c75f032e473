"""``courtside report``: an HTML coverage page of the warehouse, readable offline.

What is where comes from dbt: ``coverage.game_layer_coverage`` has one row per final game
of the schedule per layer (raw PBP and boxscores, the analytics summaries, precompute,
the feature store), saying whether the layer holds rows of that game and, when not, the
known-gap reason if there is one.  A game is present in a layer when its rows exist there,
whatever window the last ``dbt build`` or ``dbt test`` ran over.

The page: one calendar heatmap per layer (weeks as columns, weekdays as rows, each day
coloured by the share of its final games present, with the date and the counts on hover),
then each game's quality tier (gold, silver, bronze, missing: which sources its data came
from, ``coverage.source_coverage``) with the games below gold listed, a table of
present/expected games by date and layer, the contaminated rows the
contamination tests stored (``audit.contamination__*``, by analysis date), and the freshness
of every source (``dbt source freshness``).  One self-contained file: no script, no CDN.
"""

from __future__ import annotations

import argparse
import html
import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ingest.config import state_dir
from ingest.database import PgSettings, connect, resolve

AUDIT_SCHEMA = "audit"
COVERAGE = "coverage.game_layer_coverage"
SOURCE_COVERAGE = "coverage.source_coverage"
# a game's quality tier (dbt macro coverage_tier), best first
TIERS = ("gold", "silver", "bronze", "missing")


class ReportError(RuntimeError):
    """The warehouse cannot be reported on yet, in one line."""


@dataclass
class Coverage:
    """Everything the page shows, read from the warehouse."""

    expected: dict[date, set[str]] = field(default_factory=dict)  # date -> final game ids
    layers: list[str] = field(default_factory=list)  # in flow order
    stages: dict[str, str] = field(default_factory=dict)  # layer -> raw/analytics/...
    present: dict[str, dict[date, set[str]]] = field(default_factory=dict)  # layer -> ...
    known: dict[str, dict[date, set[str]]] = field(default_factory=dict)
    reasons: dict[tuple[str, str], str] = field(default_factory=dict)  # (layer, game) -> why
    models: list[str] = field(default_factory=list)  # models with a contamination test
    contaminated: dict[str, dict[date, int]] = field(default_factory=dict)  # model -> ...
    freshness: list[dict] = field(default_factory=list)
    tiers: dict[str, str] = field(default_factory=dict)  # game -> gold/silver/bronze/missing
    dates: dict[str, date] = field(default_factory=dict)  # game -> game date

    def tier_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(TIERS, 0)
        for tier in self.tiers.values():
            counts[tier] = counts.get(tier, 0) + 1
        return counts

    @property
    def missing(self) -> dict[str, dict[date, set[str]]]:
        """Layer -> date -> final games with no rows in the layer and no known-gap reason."""
        out: dict[str, dict[date, set[str]]] = {}
        for layer in self.layers:
            for day, games in self.expected.items():
                absent = (
                    games
                    - self.present.get(layer, {}).get(day, set())
                    - self.known.get(layer, {}).get(day, set())
                )
                if absent:
                    out.setdefault(layer, {})[day] = absent
        return out

    def missing_count(self) -> int:
        return sum(len(g) for per in self.missing.values() for g in per.values())


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
            if not _relation_exists(cur, COVERAGE):
                raise ReportError(f"{COVERAGE} does not exist: run `dbt build` first")
            cur.execute(
                "select game_date, game_id, layer, stage, is_present, known_gap_reason, "
                f"quality_tier from {COVERAGE} order by layer_order, game_date, game_id"
            )
            for game_date, game_id, layer, stage, is_present, reason, tier in cur.fetchall():
                coverage.tiers[game_id] = tier
                coverage.dates[game_id] = game_date
                if layer not in coverage.stages:
                    coverage.layers.append(layer)
                    coverage.stages[layer] = stage
                coverage.expected.setdefault(game_date, set()).add(game_id)
                if is_present:
                    per_layer = coverage.present.setdefault(layer, defaultdict(set))
                    per_layer[game_date].add(game_id)
                elif reason is not None:
                    coverage.known.setdefault(layer, defaultdict(set))[game_date].add(game_id)
                    coverage.reasons[(layer, game_id)] = reason
            for table in _tables(cur, "contamination__"):
                model = table.removeprefix("contamination__")
                coverage.models.append(model)
                per_model = coverage.contaminated.setdefault(model, defaultdict(int))
                cur.execute(
                    f'select analysis_date, count(*) from {AUDIT_SCHEMA}."{table}" group by 1'
                )
                for analysis_date, count in cur.fetchall():
                    per_model[analysis_date] += count
    finally:
        conn.close()
    return coverage


def read_freshness(db: PgSettings) -> list[dict]:
    """Run ``dbt source freshness`` (beside the project's own target/ and logs/, with the
    profile dbt reads) and read its results."""
    from ingest.dbt_cli import run_dbt_quietly

    with tempfile.TemporaryDirectory(prefix="courtside-freshness-") as scratch:
        results = Path(scratch) / "sources.json"
        run_dbt_quietly(["source", "freshness", "--output", str(results)], db)
        if not results.exists():  # exit 1 just means "stale"; no file means it did not run
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


# share of a day's final games present -> colour; "known": every absent game is a known gap
SHADES = [
    ("full", "#1a9850", "all present"),
    ("known", "#9e9ac8", "all present but known gaps"),
    ("p75", "#fee08b", "75% or more"),
    ("p50", "#fdae61", "50-75%"),
    ("p25", "#f46d43", "25-50%"),
    ("p0", "#d73027", "under 25%"),
    ("none", "#ebedf0", "no final games"),
]
CELL, GAP = 13, 2
PITCH = CELL + GAP
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@dataclass(frozen=True)
class DayCount:
    expected: int
    present: int
    known: int
    title: str

    @property
    def shade(self) -> str:
        if self.expected == 0:
            return "none"
        if self.present == self.expected:
            return "full"
        if self.present + self.known == self.expected:
            return "known"
        share = self.present / self.expected
        return (
            "p75" if share >= 0.75 else "p50" if share >= 0.5 else "p25" if share >= 0.25 else "p0"
        )

    @property
    def label(self) -> str:
        return f"{self.present}/{self.expected}"


def day_count(coverage: Coverage, layer: str, day: date) -> DayCount:
    games = coverage.expected.get(day, set())
    present = coverage.present.get(layer, {}).get(day, set())
    known = coverage.known.get(layer, {}).get(day, set())
    missing = sorted(games - present - known)
    parts = [f"{day:%a %Y-%m-%d} {layer}: {len(present)}/{len(games)} games present"]
    below_gold = sorted(g for g in present if coverage.tiers.get(g) not in (None, "gold"))
    if below_gold:
        tiers = (f"{g} ({coverage.tiers[g]})" for g in below_gold)
        parts.append(f"below gold: {', '.join(tiers)}")
    if not games:
        parts = [f"{day:%a %Y-%m-%d}: no final games"]
    if missing:
        parts.append(f"{len(missing)} missing: {', '.join(missing)}")
    if known:
        reasons = (f"{g} ({coverage.reasons.get((layer, g), 'known gap')})" for g in sorted(known))
        parts.append(f"{len(known)} known gap{'s' if len(known) > 1 else ''}: {', '.join(reasons)}")
    return DayCount(len(games), len(present), len(known), "; ".join(parts))


# weeks a month label needs before the next one
LABEL_WEEKS = 4


def calendar_svg(coverage: Coverage, layer: str) -> str:
    """Weeks as columns (Monday first), weekdays as rows, one square per day."""
    first, last = min(coverage.expected), max(coverage.expected)
    start = first - timedelta(days=first.weekday())
    weeks = (last - start).days // 7 + 1
    left, top = 30, 16
    width, height = left + weeks * PITCH, top + 7 * PITCH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="calendar" width="{width}" '
        f'height="{height}" role="img" aria-label="{html.escape(layer)} by day">'
    ]
    for row in (0, 2, 4):
        y = top + row * PITCH + CELL - 2
        parts.append(f'<text x="0" y="{y}" class="axis">{WEEKDAYS[row]}</text>')
    month_seen, labelled_week = None, -LABEL_WEEKS
    for week in range(weeks):
        monday = start + timedelta(weeks=week)
        month = max(monday, first).strftime("%b %Y")
        if month != month_seen and week - labelled_week >= LABEL_WEEKS:
            # a label is ~3.5 weeks wide: a month starting sooner than that is not named
            parts.append(f'<text x="{left + week * PITCH}" y="11" class="axis">{month}</text>')
            month_seen, labelled_week = month, week
        for weekday in range(7):
            day = monday + timedelta(days=weekday)
            if day < first or day > last:
                continue
            count = day_count(coverage, layer, day)
            parts.append(
                f'<rect x="{left + week * PITCH}" y="{top + weekday * PITCH}" width="{CELL}" '
                f'height="{CELL}" rx="2" class="{count.shade}" data-date="{day.isoformat()}" '
                f'data-present="{count.present}" data-expected="{count.expected}">'
                f"<title>{html.escape(count.title)}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)


def render(coverage: Coverage, generated_at: datetime) -> str:
    layers, models = coverage.layers, coverage.models
    days = sorted({*coverage.expected, *(d for per in coverage.contaminated.values() for d in per)})
    missing = coverage.missing
    final_games = sum(len(g) for g in coverage.expected.values())
    calendars = []
    for layer in layers:
        present = sum(len(g) for g in coverage.present.get(layer, {}).values())
        absent = sum(len(g) for g in missing.get(layer, {}).values())
        known = sum(len(g) for g in coverage.known.get(layer, {}).values())
        calendars.append(
            f'<section class="layer" id="layer-{html.escape(layer)}"><h3>{html.escape(layer)} '
            f"<small>{html.escape(coverage.stages.get(layer, ''))} &middot; {present:,}/"
            f"{final_games:,} games present &middot; {absent:,} missing &middot; {known:,} known "
            f'gaps</small></h3><div class="scroll">'
            f"{calendar_svg(coverage, layer) if coverage.expected else ''}</div></section>"
        )
    head = "".join(f"<th>{html.escape(name)}</th>" for name in layers)
    head += "".join(
        f'<th class="model">{html.escape(name)}<br><small>contaminated rows</small></th>'
        for name in models
    )
    rows = []
    for day in days:
        cells = []
        for layer in layers:
            count = day_count(coverage, layer, day)
            label = count.label if count.expected else ""
            cells.append(
                f'<td class="{count.shade}" title="{html.escape(count.title)}">{label}</td>'
            )
        for model in models:
            bad = coverage.contaminated[model].get(day, 0)
            cells.append(f'<td class="contaminated">{bad:,}</td>' if bad else "<td></td>")
        games = len(coverage.expected.get(day, ()))
        rows.append(f"<tr><th>{day:%a %Y-%m-%d}</th><td>{games}</td>{''.join(cells)}</tr>")
    contaminated = sum(sum(per.values()) for per in coverage.contaminated.values())
    totals = {
        "dates": len(coverage.expected),
        "final games": final_games,
        "layers": len(layers),
        "missing (game x layer)": coverage.missing_count(),
        "contaminated rows": contaminated,
    }
    summary = " &middot; ".join(f"<b>{v:,}</b> {k}" for k, v in totals.items())
    tier_counts = coverage.tier_counts()
    tier_summary = " &middot; ".join(
        f'<span class="tier {t}"><b>{tier_counts[t]:,}</b> {t}</span>' for t in TIERS
    )
    below_gold = sorted(
        (coverage.dates.get(g), g, t) for g, t in coverage.tiers.items() if t != "gold"
    )
    tier_rows = "".join(
        f'<tr class="tier {html.escape(t)}"><td>{day}</td><td>{html.escape(g)}</td>'
        f"<td>{html.escape(t)}</td></tr>"
        for day, g, t in below_gold
    )
    legend = "".join(
        f'<span class="swatch {css}"></span>{html.escape(text)} ' for css, _, text in SHADES
    )
    shade_css = (
        " ".join(
            f"rect.{css} {{ fill: {colour}; }} td.{css} {{ background: {colour}; }}"
            for css, colour, _ in SHADES
        )
        + " "
        + " ".join(f".swatch.{css} {{ background: {colour}; }}" for css, colour, _ in SHADES)
    )
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
h3 {{ margin: 1.2em 0 0.3em; font-size: 15px; }} h3 small {{ font-weight: normal; color: #555; }}
.scroll {{ overflow-x: auto; }}
svg.calendar text.axis {{ font: 10px system-ui, sans-serif; fill: #666; }}
svg.calendar rect {{ stroke: rgba(0,0,0,0.08); }}
.swatch {{ display: inline-block; width: 12px; height: 12px; border-radius: 2px;
  margin: 0 4px 0 10px; vertical-align: -1px; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #ddd; padding: 3px 8px; text-align: center; }}
thead th {{ position: sticky; top: 0; background: #f4f4f4; }}
tbody th {{ text-align: left; font-weight: normal; white-space: nowrap; }}
th.model {{ background: #fbeedd; }} td.contaminated {{ background: #f6c77b; font-weight: bold; }}
tr.error td, tr.runtime\\ error td {{ color: #b00; }} tr.warn td {{ color: #b60; }}
tr.tier.silver td {{ background: #e8e8e8; }} tr.tier.bronze td {{ background: #f1d9c0; }}
tr.tier.missing td {{ color: #b00; }}
{shade_css}
</style></head><body>
<h1>Courtside coverage</h1>
<p>Generated {generated_at.isoformat(timespec="seconds")}. {summary}</p>
<p>A game is <em>present</em> in a layer when the layer holds rows of it now
(<code>{COVERAGE}</code>); expected games are the final games of the schedule. Each
square is a day; hover it for the date, the counts and the games missing.</p>
<p>Share of the day's final games present:{legend}</p>
{"".join(calendars)}
<h2>By date</h2>
<p>Present/expected final games per layer. The orange columns count the rows the
contamination tests (schema <code>{AUDIT_SCHEMA}</code>) stored at their last run, by
analysis date: built from inputs that changed since.</p>
<table><thead><tr><th>game date</th><th>final games</th>{head}</tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<h2>Quality tiers</h2>
<p>Each final game's tier (<code>{SOURCE_COVERAGE}</code>): <em>gold</em> = the CDN's
play-by-play and box score; <em>silver</em> = a box score from the fallback,
stats.nba.com boxscoretraditionalv3 (or the CDN's box score without play-by-play);
<em>bronze</em> = play-by-play only; <em>missing</em> = nothing found. {tier_summary}</p>
<table class="tiers"><thead><tr><th>game date</th><th>game</th><th>tier</th></tr></thead>
<tbody>{tier_rows or '<tr><td colspan="3">every game is gold</td></tr>'}</tbody></table>
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
    bad = sum(sum(per.values()) for per in coverage.contaminated.values())
    missing = coverage.missing
    per_layer = ", ".join(
        f"{layer} {sum(len(g) for g in missing.get(layer, {}).values())}"
        for layer in coverage.layers
    )
    tiers = ", ".join(f"{n} {t}" for t, n in coverage.tier_counts().items())
    print(
        f"coverage report: {out} ({len(coverage.expected)} dates, "
        f"{coverage.missing_count()} missing ({per_layer or 'no layers'}), "
        f"{bad} contaminated rows; games by tier: {tiers})"
    )
    return 0
