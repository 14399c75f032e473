"""Great-expectations checks on the landed ``raw`` tables, run after every ingest run.

dbt tests guard the models; these guard what dlt landed, before any model reads it, so
a broken payload is caught by the run that loaded it (with the run's name on it) rather
than by a dbt failure hours later.  The checks stay row/column expectations on landed
data: game id format, periods >= 1, ISO-8601 clocks, scores that never go down along
``order_number``, team ids known in ``raw.teams``, no empty payloads in the fetch log,
odds that parse as decimals.

GX runs with an ephemeral context (nothing to check in, nothing to migrate) against the
same Postgres every other component uses (:meth:`PgSettings.url`), and builds its data
docs (HTML) into ``.courtside/gx_docs/`` (``index.html``), and beside them
``validation_results.html`` (:mod:`ingest.validation_page`): the same results on a
self-contained page, readable offline where GX's docs (CDN styles and scripts) are
blank.  Checks GX's column expectations cannot express (score monotonicity, ids known
in another table, rows of one outcome only) are ``UnexpectedRowsExpectation`` SQL
queries over the table asset.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg2

from ingest.config import state_dir
from ingest.database import PgSettings, connect
from ingest.validation_page import write_results_page

log = logging.getLogger("courtside.validation")

RAW_SCHEMA = "raw"
GAME_ID_REGEX = r"^00[1-6]\d{7}$"
# ISO-8601 durations as the NBA writes them: PT12M00.00S, PT00M00.40S
CLOCK_REGEX = r"^PT\d{1,2}M\d{1,2}(\.\d+)?S$"
# the live feeds leave the clock empty before tip-off and after the final buzzer
LIVE_CLOCK_REGEX = r"^(PT\d{1,2}M\d{1,2}(\.\d+)?S)?$"
DECIMAL_REGEX = r"^\d+(\.\d+)?$"
SAMPLE_SIZE = 5

# Team ids outside raw.teams: 0 is the NBA's placeholder (TBD playoff games, period
# and game actions) and preseason games (third digit 1) host international clubs;
# anything else must be one of the 30 franchises.
_UNKNOWN_TEAM = (
    "select game_id, {col} from {{batch}} where {col} is not null and {col}::text <> '0' "
    "and game_id not like '001%' and {col}::text not in (select id::text from raw.teams)"
)
# Scores are strings in PBP; a score lower than the one before it (per game, along
# order_number) means actions were lost, reordered or mis-scored.
_SCORE_DECREASES = """
select game_id, order_number, score_home, score_away, prev_home, prev_away
from (
    select game_id, order_number, score_home, score_away,
           lag(score_home) over w as prev_home, lag(score_away) over w as prev_away
    from {batch}
    where score_home ~ '^[0-9]+$' and score_away ~ '^[0-9]+$'
    window w as (partition by game_id order by order_number)
) scored
where score_home::int < prev_home::int or score_away::int < prev_away::int
"""
# Every loaded payload came with bytes; ``teams`` (nba_api's static data) has none.
_EMPTY_LOADED_PAYLOADS = (
    "select feed, resource_key, run_id, bytes from {batch} "
    "where outcome = 'loaded' and feed <> 'teams' and coalesce(bytes, 0) <= 0"
)


@dataclass(frozen=True)
class Check:
    """One expectation: a GX column expectation or an unexpected-rows SQL query."""

    name: str
    kind: str  # regex | min | rows
    column: str | None = None
    regex: str | None = None
    min_value: float | None = None
    query: str | None = None
    needs: tuple[str, ...] = ()  # other raw tables the check reads

    def build(self) -> Any:
        import great_expectations.expectations as gxe

        if self.kind == "regex":
            return gxe.ExpectColumnValuesToMatchRegex(
                column=self.column, regex=self.regex, description=self.name
            )
        if self.kind == "min":
            return gxe.ExpectColumnValuesToBeBetween(
                column=self.column, min_value=self.min_value, description=self.name
            )
        return gxe.UnexpectedRowsExpectation(
            unexpected_rows_query=self.query, description=self.name
        )


def _game_id(column: str = "game_id") -> Check:
    return Check(f"{column} matches {GAME_ID_REGEX}", "regex", column, regex=GAME_ID_REGEX)


def _team(column: str) -> Check:
    return Check(
        f"{column} is a team in raw.teams",
        "rows",
        column,
        query=_UNKNOWN_TEAM.format(col=column),
        needs=("teams",),
    )


def _regex(column: str, regex: str, what: str) -> Check:
    return Check(f"{column} {what}", "regex", column, regex=regex)


def _periods(column: str = "period") -> Check:
    return Check(f"{column} >= 1", "min", column, min_value=1)


CHECKS: dict[str, list[Check]] = {
    "pbp_actions": [
        _game_id(),
        _periods(),
        _regex("clock", CLOCK_REGEX, "is an ISO-8601 duration"),
        Check("scores never decrease along order_number", "rows", query=_SCORE_DECREASES),
        _team("team_id"),
    ],
    "boxscore_games": [
        _game_id(),
        _periods(),
        _regex("game_clock", LIVE_CLOCK_REGEX, "is an ISO-8601 duration"),
    ],
    "boxscore_teams": [_game_id(), _team("team_id")],
    "boxscore_players": [_game_id(), _team("team_id")],
    "boxscore_traditional_teams": [_game_id(), _team("team_id")],
    "boxscore_traditional_players": [_game_id(), _team("team_id")],
    "schedule_games": [_game_id(), _team("home_team__team_id"), _team("away_team__team_id")],
    "odds_outcomes": [
        _game_id(),
        _regex("odds", DECIMAL_REGEX, "parses as a decimal"),
        _regex("opening_odds", DECIMAL_REGEX, "parses as a decimal"),
        _team("home_team_id"),
        _team("away_team_id"),
    ],
    "live_scoreboard_games": [
        _game_id(),
        _regex("game_clock", LIVE_CLOCK_REGEX, "is an ISO-8601 duration"),
        _team("home_team__team_id"),
        _team("away_team__team_id"),
    ],
    "live_boxscore_players": [_game_id(), _team("team_id")],
    "fetch_log": [
        Check("loaded payloads are not empty (bytes > 0)", "rows", query=_EMPTY_LOADED_PAYLOADS)
    ],
}


@dataclass
class Failure:
    table: str
    expectation: str
    check: str
    unexpected: int | None
    sample: list[Any] = field(default_factory=list)
    error: str | None = None

    def line(self) -> str:
        if self.error:
            return f"raw.{self.table}: {self.expectation} ({self.check}) raised: {self.error}"
        sample = ", ".join(_short(v) for v in self.sample[:SAMPLE_SIZE])
        count = f"{self.unexpected} bad row(s)" if self.unexpected is not None else "failed"
        return f"raw.{self.table}: {self.expectation} ({self.check}): {count}" + (
            f", e.g. {sample}" if sample else ""
        )


@dataclass(frozen=True)
class CheckResult:
    """One expectation's outcome, passed or not, as the results page shows it."""

    table: str
    check: str
    expectation: str
    success: bool
    observed: str
    sample: list[str] = field(default_factory=list)


@dataclass
class ValidationReport:
    tables: list[str] = field(default_factory=list)
    expectations: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    docs_path: Path | None = None
    results: list[CheckResult] = field(default_factory=list)
    results_page: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.failures

    def error_line(self) -> str:
        """One line for a failed run: every failed expectation, table first."""
        return "validation failed: " + "; ".join(f.line() for f in self.failures)

    def summary_lines(self) -> list[str]:
        lines = [
            f"validation: {self.expectations} expectations on {len(self.tables)} raw tables: "
            + ("all passed" if self.ok else f"{len(self.failures)} FAILED")
        ]
        lines += [f"  FAILED {f.line()}" for f in self.failures]
        lines += [f"  skipped: {s}" for s in self.skipped]
        if self.results_page:
            lines.append(f"  results (readable offline): {self.results_page}")
        if self.docs_path:
            lines.append(f"  data docs: {self.docs_path / 'index.html'}")
        return lines


class ValidationError(RuntimeError):
    """Raised by :func:`require_valid`: the message names table, expectation, samples."""


def default_docs_dir() -> Path:
    return state_dir() / "gx_docs"


def validate_raw(
    db: PgSettings, tables: list[str] | None = None, docs_dir: Path | None = None
) -> ValidationReport:
    """Run the expectations of ``tables`` (default: every raw table that exists and has
    checks) and build data docs into ``docs_dir`` (default ``.courtside/gx_docs``)."""
    present = _existing_tables(db)
    wanted = list(CHECKS) if tables is None else list(dict.fromkeys(tables))
    report = ValidationReport()
    for table in wanted:
        if table not in CHECKS:
            if tables is not None:
                report.skipped.append(f"raw.{table}: no expectations defined")
            continue
        # every raw table exists from the first run (ingest.raw_tables): "loaded" means rows
        if table not in present or not _has_rows(db, table):
            if tables is not None:
                report.skipped.append(f"raw.{table}: table not loaded yet")
            continue
        report.tables.append(table)
    if not report.tables:
        return report

    import great_expectations as gx

    context = _context(docs_dir or default_docs_dir())
    url = _sqlalchemy_url(db)
    source = context.data_sources.add_postgres("courtside_raw", connection_string=url)
    validations: list[tuple[str, list[Check], Any]] = []
    needed = {n for table in report.tables for c in CHECKS[table] for n in c.needs}
    loaded = {n for n in needed if n in present and _has_rows(db, n)}
    for table in report.tables:
        checks = [c for c in CHECKS[table] if all(n in loaded for n in c.needs)]
        report.skipped += [
            f"raw.{table}: {c.name} (raw.{', raw.'.join(c.needs)} not loaded)"
            for c in CHECKS[table]
            if c not in checks
        ]
        columns = present[table]
        usable = [c for c in checks if c.column is None or c.column in columns]
        report.skipped += [
            f"raw.{table}: {c.name} (no column {c.column} yet)" for c in checks if c not in usable
        ]
        if not usable:
            continue
        asset = source.add_table_asset(table, table_name=table)
        suite = context.suites.add(gx.ExpectationSuite(name=f"raw.{table}"))
        for check in usable:
            suite.add_expectation(check.build())
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(
                name=f"raw.{table}",
                data=asset.add_batch_definition_whole_table("whole table"),
                suite=suite,
            )
        )
        validations.append((table, usable, definition))
        report.expectations += len(usable)

    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name="courtside_raw",
            validation_definitions=[d for _, _, d in validations],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")],
            result_format={"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_SIZE},
        )
    )
    validated_at = datetime.now().astimezone().isoformat(sep=" ", timespec="seconds")
    result = checkpoint.run()
    by_suite = {r.suite_name: r for r in result.run_results.values()}
    for table, checks, _ in validations:
        suite_result = by_suite[f"raw.{table}"]
        for check, outcome in zip(checks, suite_result.results, strict=True):
            failure = None if outcome.success else _failure(db, table, check, outcome)
            if failure is not None:
                report.failures.append(failure)
            report.results.append(_check_result(table, check, outcome, failure))
    report.docs_path = docs_dir or default_docs_dir()
    report.results_page = write_results_page(
        report, report.docs_path, validated_at, docs_index="index.html"
    )
    return report


def require_valid(report: ValidationReport) -> ValidationReport:
    if not report.ok:
        raise ValidationError(report.error_line())
    return report


def _context(docs_dir: Path) -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # no phoning home, ever
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # that module sets its own logger to INFO ("Created temporary directory ..." on every
    # run); leave it at the level the rest of the program logs at
    logging.getLogger(ProgressBarsConfig.__module__).setLevel(logging.NOTSET)

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    docs_dir.mkdir(parents=True, exist_ok=True)
    context.add_data_docs_site(
        "courtside",
        {
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    return context


def _sqlalchemy_url(db: PgSettings) -> str:
    """The PgSettings URL for SQLAlchemy, with ``raw`` first on the search path (GX
    wants the schema in the connection, not on the asset)."""
    url = db.url().replace("postgresql://", "postgresql+psycopg2://", 1)
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{RAW_SCHEMA}"


def _existing_tables(db: PgSettings) -> dict[str, set[str]]:
    rows = _sql(
        db,
        "select table_name, column_name from information_schema.columns where table_schema = %s",
        (RAW_SCHEMA,),
    )
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return tables


def _has_rows(db: PgSettings, table: str) -> bool:
    return bool(_sql(db, f"select exists (select 1 from {RAW_SCHEMA}.{table})")[0][0])


def _failure(db: PgSettings, table: str, check: Check, outcome: Any) -> Failure:
    expectation = outcome.expectation_config.type
    info = outcome.exception_info or {}
    if info.get("raised_exception"):
        message = str(info.get("exception_message") or "").strip().splitlines()
        return Failure(table, expectation, check.name, None, error=(message or ["?"])[0][:300])
    result = outcome.result or {}
    if check.kind == "rows":
        sample = _sample_rows(db, table, check)
        return Failure(table, expectation, check.name, result.get("observed_value"), sample)
    return Failure(
        table,
        expectation,
        check.name,
        result.get("unexpected_count"),
        list(result.get("partial_unexpected_list") or []),
    )


def _check_result(table: str, check: Check, outcome: Any, failure: Failure | None) -> CheckResult:
    result = outcome.result or {}
    if failure is not None and failure.error:
        observed = f"raised: {failure.error}"
    elif check.kind == "rows":
        observed = f"{result.get('observed_value', '?')} unexpected row(s)"
    else:
        unexpected, total = result.get("unexpected_count"), result.get("element_count")
        observed = f"{unexpected} of {total} value(s) unexpected"
        if result.get("missing_count"):
            observed += f" ({result['missing_count']} null, not checked)"
    # sampled rows come as text already; column values are shown as the CLI line shows them
    sample = (
        [str(v) if check.kind == "rows" else _short(v) for v in failure.sample[:SAMPLE_SIZE]]
        if failure
        else []
    )
    return CheckResult(
        table, check.name, outcome.expectation_config.type, bool(outcome.success), observed, sample
    )


def _sample_rows(db: PgSettings, table: str, check: Check) -> list[Any]:
    """GX summaries carry only the count of unexpected rows: fetch a few to show."""
    query = (check.query or "").replace("{batch}", f"{RAW_SCHEMA}.{table}")
    try:
        rows = _sql(db, f"select * from ({query}) bad limit {SAMPLE_SIZE}")
    except psycopg2.Error as exc:  # the sample is a courtesy; the failure stands
        return [f"(sample unavailable: {str(exc).strip().splitlines()[0]})"]
    return [_row_text(row) for row in rows]


def _row_text(row: tuple) -> str:
    return "(" + ", ".join("null" if v is None else str(v) for v in row) + ")"


def _short(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _sql(db: PgSettings, sql: str, params: tuple = ()) -> list[tuple]:
    conn = connect(db)
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params or None)
            return cur.fetchall()
    finally:
        conn.close()
