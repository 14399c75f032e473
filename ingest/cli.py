"""``courtside`` (also ``python -m ingest``): the command line of the warehouse."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date
from importlib import import_module
from typing import Any

from ingest import parity, report, scheduler
from ingest.advisory_lock import IngestLocked, holding_ingest_lock
from ingest.database import DatabaseError, EmbeddedPostgres, resolve, write_profiles
from ingest.spark_session import SparkSetupError

# Commands of the sandbox package (tooling beside the product, not ingestion): the module
# ``sandbox.<command>`` defines the command's arguments (``add_arguments``) and runs it
# (``run``).  It is imported only when that command is parsed, so ``import ingest.cli``
# and every other command never import ``sandbox``.
SANDBOX_COMMANDS = {
    "replay": "serve an archive over HTTP",
    "synth": "generate a synthetic season",
    "demo": "the main job, offline, end to end",
}


class CommandParser(argparse.ArgumentParser):
    """A subcommand's parser; given ``arguments_from`` (a module name), that module's
    ``add_arguments`` defines its arguments the first time it parses.

    argparse hands a subcommand's arguments to its parser's ``parse_known_args`` only
    when that subcommand is the one named, so the module is imported then or never.
    """

    def __init__(self, *args: Any, arguments_from: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._arguments_from = arguments_from

    def parse_known_args(
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self._arguments_from is not None:
            import_module(self._arguments_from).add_arguments(self)
            self._arguments_from = None
        return super().parse_known_args(args, namespace)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (want YYYY-MM-DD): {value!r}") from exc


def _season(value: str) -> str:
    parts = value.split("-")
    if len(parts) != 2 or not (
        parts[0].isdigit() and len(parts[0]) == 4 and parts[1].isdigit() and len(parts[1]) == 2
    ):
        raise argparse.ArgumentTypeError(f"not a season (want e.g. 2023-24): {value!r}")
    return value


def _game_id(value: str) -> str:
    if len(value) != 10 or not value.isdigit() or not value.startswith("00"):
        raise argparse.ArgumentTypeError(f"not an NBA game id (10 digits, 00...): {value!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="courtside", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log HTTP retries etc.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=CommandParser)

    db = commands.add_parser("db", help="the embedded PostgreSQL 18 (default database)")
    db.add_argument("action", choices=["up", "down", "status", "url"])
    db.add_argument(
        "--show-password",
        action="store_true",
        help="`url`: print an external database's password instead of ***",
    )

    add_ingest_commands(
        commands.add_parser(
            "ingest",
            help="fetch NBA payloads and load them into raw",
            description="Fetch one feed's NBA payloads, archive them, load them into raw "
            "and check what landed. `courtside ingest FEED --help` shows a feed's options.",
        )
    )
    archive = commands.add_parser("archive", help="the raw archive of fetched payloads")
    archive.add_argument(
        "action", choices=["verify"], help="verify: every file against its manifest"
    )
    archive.add_argument("--archive-dir", help="archive folder (default .courtside/archive)")

    for command, summary in SANDBOX_COMMANDS.items():
        commands.add_parser(command, help=summary, arguments_from=f"sandbox.{command}")
    scheduler.add_arguments(
        commands.add_parser("schedule", help="run scheduled jobs (schedule.yml)")
    )
    report.add_arguments(
        commands.add_parser("report", help="HTML coverage of games by date and layer")
    )
    parity.add_arguments(
        commands.add_parser(
            "parity",
            help="build on two targets (Postgres, Spark) and compare every relation",
            description="Build the same raw data with dbt on two targets of the courtside "
            "profile, then compare every model, seed and snapshot: row counts, then each row "
            "by its key (exact; floating point within 1e-9 relative). One line per relation; "
            "exit 1 on any difference.",
        )
    )
    return parser


# Each feed is a subcommand with only its own options; its epilog gives an example.
FEED_COMMANDS: dict[str, tuple[str, str]] = {
    "schedule": (
        "the season's schedule (staticData/scheduleLeagueV2.json)",
        "courtside ingest schedule\ncourtside ingest schedule --from-archive",
    ),
    "games": (
        "final games' play-by-play and boxscores, chosen by id, date window or season",
        "courtside ingest games --start-date 2024-11-01 --end-date 2024-11-07\n"
        "courtside ingest games --game-id 0022400061 --game-id 0022400062\n"
        "courtside ingest games --season 2023-24 --season-type playoffs\n"
        "courtside ingest games --from-archive      # every archived game, no network",
    ),
    "odds": (
        "one snapshot of today's odds (liveData/odds/odds_todaysGames.json)",
        "courtside ingest odds          # run it on a schedule: each run appends a snapshot",
    ),
    "live": (
        "one poll of today's scoreboard and the boxscores of games in progress",
        "courtside ingest live          # run it every minute or so during games",
    ),
    "teams": (
        "teams and players from nba_api's static data (no network)",
        "courtside ingest teams",
    ),
}
FETCHING_FEEDS = ("schedule", "games", "odds", "live")  # the feeds read over HTTP


def add_ingest_commands(ingest: argparse.ArgumentParser) -> None:
    """``courtside ingest FEED``: one subcommand per feed, each with its options only."""
    feeds = ingest.add_subparsers(dest="feed", required=True, metavar="FEED")
    for feed, (summary, examples) in FEED_COMMANDS.items():
        command = feeds.add_parser(
            feed,
            help=summary,
            description=f"courtside ingest {feed}:\n  {summary}.",
            epilog=f"example{'s' if chr(10) in examples else ''}:\n"
            + "\n".join(f"  {line}" for line in examples.splitlines()),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if feed == "games":
            _add_game_selection(command)
        if feed in FETCHING_FEEDS:
            _add_fetch_options(command, stats=feed == "games")
        command.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="progress on stderr: fetch bar, load and validation lines "
            "(default: when stderr is a terminal)",
        )
        command.add_argument(
            "--no-validate",
            action="store_true",
            help="skip the great-expectations checks of what was loaded",
        )


def _add_game_selection(games: argparse.ArgumentParser) -> None:
    chosen = games.add_argument_group(
        "which games",
        "Dates are game dates in US-Eastern time (the NBA's), written YYYY-MM-DD;\n"
        "a date window needs the schedule loaded first (courtside ingest schedule).",
    )
    chosen.add_argument(
        "--game-id", type=_game_id, action="append", default=[],
        help="an NBA game id, 10 digits (e.g. 0022400061); repeatable",
    )  # fmt: skip
    chosen.add_argument(
        "--start-date", type=_date, metavar="YYYY-MM-DD",
        help="final games from this US-Eastern game date on",
    )  # fmt: skip
    chosen.add_argument(
        "--end-date", type=_date, metavar="YYYY-MM-DD",
        help="final games up to this US-Eastern game date (default: the schedule's last)",
    )  # fmt: skip
    chosen.add_argument(
        "--season", type=_season, metavar="YYYY-YY",
        help="a past season's games from LeagueGameFinder (stats.nba.com), e.g. 2023-24",
    )  # fmt: skip
    chosen.add_argument(
        "--season-type",
        choices=["regular-season", "play-in", "playoffs", "all"],
        default="all",
        help="with --season: which games (default all = regular season, play-in, playoffs)",
    )


def _add_fetch_options(command: argparse.ArgumentParser, *, stats: bool) -> None:
    fetching = command.add_argument_group("fetching")
    fetching.add_argument(
        "--from-archive", action="store_true", help="reload raw from the archive, no network"
    )
    fetching.add_argument("--cdn-base-url", metavar="URL", help="stands for https://cdn.nba.com")
    if stats:
        fetching.add_argument(
            "--stats-base-url", metavar="URL", help="stands for https://stats.nba.com"
        )
    fetching.add_argument(
        "--archive-dir", metavar="DIR", help="archive folder (default .courtside/archive)"
    )
    fetching.add_argument(
        "--deadline-seconds", type=float, metavar="S", help="run-wide deadline for fetching"
    )


def run_db(action: str, show_password: bool = False) -> int:
    embedded = EmbeddedPostgres()
    if action == "up":
        from ingest.config import load_settings
        from ingest.runner import Ingestor

        settings = resolve(start_embedded=True)
        profiles = write_profiles(settings)
        created = Ingestor(load_settings(), settings).ensure_raw_tables()
        where = "embedded" if settings.embedded else "external"
        print(
            f"{where} Postgres ready: {settings.url(hide_password=True)} ({profiles.name} written)"
        )
        if created:
            print(f"raw tables created or completed: {', '.join(sorted(created))}")
    elif action == "down":
        print("stopped" if embedded.down() else "not running")
    elif action == "status":
        pid = embedded.pid()
        print(
            f"running (pid {pid}, socket {embedded.socket_dir()}, data {embedded.pgdata})"
            if pid
            else f"not running (data {embedded.pgdata})"
        )
        return 0 if pid else 3
    elif action == "url":
        settings = resolve(start_embedded=False)
        print(settings.url(hide_password=not (settings.embedded or show_password)))
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    from ingest.config import load_settings

    settings = load_settings(
        cdn_base_url=getattr(args, "cdn_base_url", None),
        stats_base_url=getattr(args, "stats_base_url", None),
        archive_dir=getattr(args, "archive_dir", None),
        run_deadline_seconds=getattr(args, "deadline_seconds", None),
    )
    db = resolve(start_embedded=True)
    with holding_ingest_lock(db, f"courtside ingest {args.feed}"):
        return _run_ingest(args, settings, db)


def _run_ingest(args: argparse.Namespace, settings, db) -> int:
    from ingest.runner import Ingestor
    from ingest.validation import validate_raw

    progress = sys.stderr.isatty() if args.progress is None else args.progress
    ingestor = Ingestor(settings, db, progress=progress)
    if args.feed == "games":
        game_ids = ingestor.select_games(
            game_ids=args.game_id,
            start=args.start_date,
            end=args.end_date,
            season=args.season,
            season_type=args.season_type,
            from_archive=args.from_archive,
        )
        if not game_ids:
            print(
                ingestor.nothing_selected(
                    start=args.start_date, end=args.end_date, season=args.season
                )
            )
            return 0
        report = ingestor.ingest_games(game_ids, from_archive=args.from_archive)
    elif args.feed == "schedule":
        report = ingestor.ingest_schedule(from_archive=args.from_archive)
    elif args.feed == "odds":
        report = ingestor.ingest_odds(from_archive=args.from_archive)
    elif args.feed == "live":
        report = ingestor.ingest_live(from_archive=args.from_archive)
    else:
        report = ingestor.ingest_teams()
    print("\n".join(report.summary_lines()))
    if report.rows_by_table and not args.no_validate:
        tables = sorted({*report.rows_by_table, "fetch_log"})
        with ingestor.phases.phase(f"validating {len(tables)} raw tables") as phase:
            checked = validate_raw(db, tables)
            phase.done = (
                f"validated: {checked.expectations} expectations, {len(checked.failures)} failed"
            )
        if checked.results_page:  # the one page of the results that needs no network
            print(f"{checked.summary_lines()[0]}; results: {checked.results_page}")
        if not checked.ok:
            print(f"courtside: error: {checked.error_line()}", file=sys.stderr)
            return 1
    if not report.ok:
        failed = ", ".join(report.failed_games()) or "see above"
        print(
            f"courtside: error: {args.feed} run {report.run_id} had failures: {failed}",
            file=sys.stderr,
        )
        return 1
    return 0


def run_archive(args: argparse.Namespace) -> int:
    """``courtside archive verify``: one line per file that is not what its manifest says."""
    from ingest.archive import Archive
    from ingest.config import load_settings

    archive = Archive(load_settings(archive_dir=args.archive_dir).archive_path)
    bad = 0
    for line in archive.verify():
        print(line)
        bad += 1
    print(f"archive {archive.root}: {archive.count_files()} files checked, {bad} bad")
    return 1 if bad else 0


def run_sandbox(args: argparse.Namespace) -> int:
    """``courtside replay|synth|demo``, run by ``sandbox.<command>``; the failures that
    module lists in ``ERRORS`` are said in one line, like the CLI's own."""
    command = import_module(f"sandbox.{args.command}")
    try:
        return command.run(args)
    except getattr(command, "ERRORS", ()) as exc:
        return one_line_error(exc)


def one_line_error(exc: Exception) -> int:
    print(f"courtside: error: {exc}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.verbose:  # dlt logs whole tracebacks; the one-line error below is the message
        os.environ.setdefault("RUNTIME__LOG_LEVEL", "CRITICAL")
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    from ingest.runner import IngestError

    try:
        if args.command in SANDBOX_COMMANDS:
            return run_sandbox(args)
        if args.command == "db":
            return run_db(args.action, show_password=args.show_password)
        if args.command == "ingest":
            return run_ingest(args)
        if args.command == "archive":
            return run_archive(args)
        if args.command == "schedule":
            return scheduler.run(args)
        if args.command == "report":
            return report.run(args)
        if args.command == "parity":
            return parity.run(args)
    except (
        DatabaseError,
        IngestError,
        IngestLocked,
        report.ReportError,
        parity.ParityError,
        SparkSetupError,
    ) as exc:
        return one_line_error(exc)
    except KeyboardInterrupt as exc:  # an IngestInterrupted says what was committed
        print(
            f"courtside: {exc}" if str(exc) else "courtside: interrupted",
            file=sys.stderr,
        )
        return 130
    return 2
