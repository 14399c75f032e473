"""The jobs: each planner looks at the warehouse and returns the work to do, or None
when there is nothing to do.  What a game is (its date, whether it is a placeholder, its
latest schedule row) comes from dbt's staging views; the scheduler's own questions
("fetched yet?", "how often tried?") from its run log, the fetch log and raw PBP."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from ingest.config import Settings
from ingest.database import PgSettings
from ingest.dbt_cli import dbt_env, dbt_error
from ingest.scheduler.clock import Clock
from ingest.scheduler.cron import eastern_date
from ingest.scheduler.dbt_step import run_bounded
from ingest.scheduler.run_log import Database, JobResult
from ingest.scheduler.schedule_file import ScheduleFile
from ingest.sources.traditional_boxscore import FEED as TRADITIONAL_FEED
from ingest.staging_views import (
    LIVE_SCOREBOARD_GAMES,
    ODDS_OUTCOMES,
    SCHEDULE_GAMES,
    StagingViews,
)

# A game "may be in progress" this long after its scheduled tip-off.
LIVE_WINDOW = timedelta(hours=6)
# each game's status in its latest live poll
LATEST_LIVE = (
    "with latest_live as (select distinct on (game_id) game_id, game_status "
    f"from {LIVE_SCOREBOARD_GAMES} order by game_id, poll_at_utc desc, poll_id desc)"
)

Execute = Callable[[], JobResult]


class Context(Protocol):
    """What the planners read from the scheduler (at run time: tests swap settings)."""

    db: PgSettings
    settings: Settings
    database: Database
    staging: StagingViews
    clock: Clock
    schedule: ScheduleFile
    validate: bool
    docs_dir: Path | None
    dbt_executable: Sequence[str]
    dbt_cwd: Path
    out: Callable[[str], None]
    err: Callable[[str], None]
    stop: threading.Event


Planner = Callable[[Context, dict, bool], Execute | None]


# --------------------------------------------------------------------------- schedule


def plan_schedule(ctx: Context, options: dict, forced: bool) -> Execute:
    def execute() -> JobResult:
        before = _schedule_fingerprints(ctx)
        report = _ingestor(ctx).ingest_schedule()
        after = _schedule_fingerprints(ctx)
        result = JobResult()
        changed = {g for g, v in after.items() if before.get(g) != v}
        result.dates = {after[g][0] for g in changed if after[g][0]}
        result.details["games_changed"] = len(changed)
        return _finish_ingest(ctx, report, result)

    return execute


def _schedule_fingerprints(ctx: Context) -> dict[str, tuple[date | None, str]]:
    rows = ctx.staging.query(
        "select game_id, game_date, md5(concat_ws('|', game_status, game_starts_at_utc, "
        "home_team_id, away_team_id, home_team_score, away_team_score, postponed_status, "
        f"game_status_text)) from {SCHEDULE_GAMES}"
    )
    return {g: (d, h) for g, d, h in rows}


# --------------------------------------------------------------------------- games


def plan_games(ctx: Context, options: dict, forced: bool) -> Execute | None:
    new = _final_games_without_pbp(ctx, int(options.get("max_attempts", 6)))
    again = _games_due_for_correction(
        ctx,
        ctx.clock.now(),
        after_days=int(options.get("refetch_after_days", 1)),
        within_days=int(options.get("refetch_within_days", 7)),
    )
    again = [g for g in again if g not in new]
    if not new and not again and not forced:
        return None

    def execute() -> JobResult:
        report = _ingestor(ctx).ingest_games(new + again)
        result = JobResult(details={"fetched": new, "refetched": again})
        loaded = [
            game_id
            for feed in ("pbp", "boxscore", TRADITIONAL_FEED)
            for game_id in _loaded_keys(ctx, report.run_id, feed)
        ]
        result.details["loaded"] = sorted(set(loaded))
        result.dates = _game_dates(ctx, loaded)
        return _finish_ingest(ctx, report, result)

    return execute


def _final_games_without_pbp(ctx: Context, max_attempts: int) -> list[str]:
    """Final per the schedule or the latest live poll, no PBP yet, not given up on."""
    rows = ctx.staging.query(
        f"{LATEST_LIVE} select s.game_id from {SCHEDULE_GAMES} s "
        "left join latest_live l using (game_id) "
        "where coalesce(l.game_status, s.game_status) = 3 "
        "and not exists (select 1 from raw.pbp_actions p where p.game_id = s.game_id) "
        "and (select count(*) from raw.scheduler_runs r where r.job = 'games' "
        "     and r.status in ('ok', 'failed') and r.details->'fetched' ? s.game_id) < %s "
        "order by s.game_id",
        (max_attempts,),
    )
    return [r[0] for r in rows]


def _games_due_for_correction(
    ctx: Context, now: datetime, *, after_days: int, within_days: int
) -> list[str]:
    """Games first fetched by this scheduler on an earlier ET day (``after_days`` back at
    least, ``within_days`` at most), loaded, and not re-fetched since."""
    today = eastern_date(now)
    rows = ctx.database.query(
        "with fetched as ("
        "  select g as game_id, min(r.started_at) as first_at from raw.scheduler_runs r, "
        "  jsonb_array_elements_text(r.details->'fetched') g "
        "  where r.job = 'games' and r.status in ('ok', 'failed') group by g), "
        "refetched as (select distinct g as game_id from raw.scheduler_runs r, "
        "  jsonb_array_elements_text(r.details->'refetched') g "
        "  where r.job = 'games' and r.status in ('ok', 'failed')) "
        "select f.game_id, f.first_at from fetched f "
        "where f.game_id not in (select game_id from refetched) "
        "and exists (select 1 from raw.pbp_actions p where p.game_id = f.game_id) "
        "order by f.game_id"
    )
    due = []
    for game_id, first_at in rows:
        age = (today - eastern_date(first_at)).days
        if after_days <= age <= within_days:
            due.append(game_id)
    return due


# --------------------------------------------------------------------------- odds


def plan_odds(ctx: Context, options: dict, forced: bool) -> Execute | None:
    today = eastern_date(ctx.clock.now())
    if not forced and not _games_on(ctx, today):
        return None

    def execute() -> JobResult:
        report = _ingestor(ctx).ingest_odds()
        result = JobResult()
        snapshots = _loaded_keys(ctx, report.run_id, "odds")
        if snapshots:
            games = ctx.staging.query(
                f"select distinct game_id from {ODDS_OUTCOMES} where snapshot_id = any(%s)",
                (snapshots,),
            )
            result.dates = _game_dates(ctx, (g for (g,) in games)) or {today}
        return _finish_ingest(ctx, report, result)

    return execute


def _games_on(ctx: Context, day: date) -> bool:
    return bool(
        ctx.staging.query(f"select 1 from {SCHEDULE_GAMES} where game_date = %s limit 1", (day,))
    )


# --------------------------------------------------------------------------- live


def plan_live(ctx: Context, options: dict, forced: bool) -> Execute | None:
    in_progress = _games_in_progress(ctx, ctx.clock.now())
    if not in_progress and not forced:
        return None

    def execute() -> JobResult:
        report = _ingestor(ctx).ingest_live()
        result = JobResult(details={"in_progress": in_progress})
        polls = _loaded_keys(ctx, report.run_id, "scoreboard")
        if polls:
            rows = ctx.staging.query(
                f"select distinct game_id, game_date from {LIVE_SCOREBOARD_GAMES} "
                "where poll_id = any(%s)",
                (polls,),
            )
            days = {d for _, d in rows if d}
            result.dates = days or _game_dates(ctx, (g for g, _ in rows))
        return _finish_ingest(ctx, report, result)

    return execute


def _games_in_progress(ctx: Context, now: datetime) -> list[str]:
    """In progress per the latest live poll (status 2), or per the schedule: tip-off
    passed less than :data:`LIVE_WINDOW` ago and no poll has shown it final."""
    rows = ctx.staging.query(
        f"{LATEST_LIVE} select s.game_id from {SCHEDULE_GAMES} s "
        "left join latest_live l using (game_id) "
        "where coalesce(l.game_status, s.game_status) = 2 "
        "or (coalesce(l.game_status, s.game_status) = 1 "
        "    and s.game_starts_at_utc between %s and %s) "
        "order by s.game_id",
        (now - LIVE_WINDOW, now),
    )
    return [r[0] for r in rows]


# --------------------------------------------------------------------------- dbt


def plan_dbt(ctx: Context, options: dict, forced: bool) -> Execute | None:
    start, end = ctx.database.pending_window()
    if start is None:
        if forced:
            ctx.out("dbt: nothing changed since the last successful build; skipped")
        return None
    if not forced and _given_up(ctx, start, end):
        return None

    def execute() -> JobResult:
        vars_text = f"{{start_date: {start.isoformat()}, end_date: {end.isoformat()}}}"
        command = [*ctx.dbt_executable, *ctx.schedule.dbt_command, "--vars", vars_text]
        application = f"courtside dbt {uuid.uuid4().hex[:12]}"
        env = dbt_env(ctx.db, application)
        since = time.time()
        done = run_bounded(
            command,
            cwd=ctx.dbt_cwd,
            env=env,
            db=ctx.db,
            application_name=application,
            time_limit=ctx.settings.step_timeout_seconds,
            stop=ctx.stop,
            grace=ctx.settings.step_cancel_grace_seconds,
        )
        result = JobResult(dates={start, end}, details={"command": command})
        result.details["application_name"] = application
        if done.interrupted:
            result.details["sessions_terminated"] = done.terminated_sessions
        if done.returncode != 0 or done.interrupted:
            result.details["output_tail"] = done.output[-4000:]
        if done.timed_out:
            result.error = (
                f"dbt timed out after {ctx.settings.step_timeout_seconds:g} s "
                "(step_timeout_seconds): stopped, its queries cancelled"
            )
        elif done.stopped:
            result.stopped = True
            result.error = "dbt stopped (SIGTERM/SIGINT): its queries cancelled"
        elif done.returncode != 0:
            run_results = ctx.dbt_cwd / env.get("DBT_TARGET_PATH", "target") / "run_results.json"
            result.error = dbt_error(done.returncode, done.output, run_results, since)
        return result

    return execute


def _given_up(ctx: Context, start: date, end: date) -> bool:
    """Has the build of ``start..end`` failed too often in a row?  The first time it has,
    say so once and record a ``given_up`` run; a changed window or a success (e.g. from
    ``courtside schedule --job dbt``) starts over."""
    limit = ctx.settings.give_up_after_failures
    failed, given_up, last_error = ctx.database.failures_in_a_row("dbt", start, end)
    if given_up:
        return True
    if limit <= 0 or failed < limit:
        return False
    message = f"given up after {failed} failed builds in a row; last: {last_error}"
    ctx.database.give_up(uuid.uuid4().hex[:12], "dbt", start, end, ctx.clock.now(), message)
    ctx.err(
        f"courtside schedule: dbt {start}..{end}: {message} "
        "(not retried until new changes widen the window; `courtside schedule --job dbt` "
        "retries it now)"
    )
    return True


PLANNERS: dict[str, Planner] = {
    "schedule": plan_schedule,
    "games": plan_games,
    "odds": plan_odds,
    "live": plan_live,
    "dbt": plan_dbt,
}
# the jobs whose planners (or results) read the staging views
READS_STAGING = frozenset({"schedule", "games", "odds", "live"})


# --------------------------------------------------------------------------- ingest helpers


def _ingestor(ctx: Context):
    from ingest.runner import Ingestor  # dlt is slow to import: only when a job runs

    return Ingestor(ctx.settings, ctx.db)


def _finish_ingest(ctx: Context, report: Any, result: JobResult) -> JobResult:
    """Fold an ingest RunReport (and validation of what it loaded) into a result."""
    result.ingest_run_id = report.run_id
    result.rows = sum(report.rows_by_table.values())
    result.details.setdefault("rows_by_table", report.rows_by_table)
    result.details.setdefault("outcomes", report.outcomes)
    problems = []
    if report.failures:
        problems.append(
            "failed: "
            + ", ".join(f"{e.feed} {e.resource_key} ({e.outcome})" for e in report.failures)
        )
    if report.load_error:
        problems.append(f"load failed: {report.load_error}")
    if ctx.validate and report.rows_by_table:
        from ingest.validation import validate_raw

        tables = sorted({*report.rows_by_table, "fetch_log"})
        checked = validate_raw(ctx.db, tables, ctx.docs_dir)
        result.details["validation"] = checked.summary_lines()
        if not checked.ok:
            problems.append(checked.error_line())
    result.error = "; ".join(problems)[:4000] or None
    return result


def _loaded_keys(ctx: Context, ingest_run_id: str, feed: str) -> list[str]:
    rows = ctx.database.query(
        "select distinct coalesce(game_id, resource_key) from raw.fetch_log "
        "where run_id = %s and feed = %s and outcome = 'loaded'",
        (ingest_run_id, feed),
    )
    return [r[0] for r in rows]


def _game_dates(ctx: Context, game_ids: Iterable[str]) -> set[date]:
    ids = sorted(set(game_ids))
    if not ids:
        return set()
    rows = ctx.staging.query(
        f"select distinct game_date from {SCHEDULE_GAMES} where game_id = any(%s)", (ids,)
    )
    return {r[0] for r in rows if r[0]}
