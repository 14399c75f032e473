"""``courtside synth``: arguments and entry point (the CLI wires these in)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from sandbox.synth.faults import ALL_FAULTS
from sandbox.synth.season import generate_season


def _faults(text: str) -> frozenset[str]:
    names = frozenset(part.strip() for part in text.split(",") if part.strip())
    if names <= {"none"}:
        return frozenset()
    unknown = names - ALL_FAULTS
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown fault(s) {', '.join(sorted(unknown))}; choose from "
            f"{', '.join(sorted(ALL_FAULTS))} or 'none'"
        )
    return names


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--season", default="2024-25", help="season to simulate, e.g. 2024-25")
    parser.add_argument(
        "--start-date",
        type=date.fromisoformat,
        default=None,
        help="first day of the slice to write (default: opening night)",
    )
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=None,
        help="last day of the slice (default: end of the regular season)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, required=True, help="archive directory to write")
    parser.add_argument(
        "--live-date",
        type=date.fromisoformat,
        default=None,
        help="day polled live by the scoreboard (default: last day of the slice)",
    )
    parser.add_argument(
        "--playoffs", action="store_true", help="add play-in (005...) and playoff (004...) games"
    )
    parser.add_argument(
        "--faults",
        type=_faults,
        default=ALL_FAULTS,
        help=(
            "comma list of missing-boxscore,fallback-boxscore,edited-pbp,new-fields, "
            "or 'none' (default: all four)"
        ),
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="report progress on stderr (default: when stderr is a terminal)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=None,
        help="worker processes (default: CPU count, at most 8)",
    )


def run(args: argparse.Namespace) -> int:
    summary = generate_season(
        Path(args.out),
        season=args.season,
        start_date=args.start_date,
        end_date=args.end_date,
        seed=args.seed,
        live_date=args.live_date,
        playoffs=args.playoffs,
        faults=args.faults,
        progress=sys.stderr.isatty() if args.progress is None else args.progress,
        processes=getattr(args, "processes", None),
    )
    for feed, counts in sorted(summary.feeds.items()):
        print(f"{feed}: {counts['files']} files, {counts['bytes'] / 1e6:.1f} MB")
    print(
        f"synth {summary.season} {summary.start_date}..{summary.end_date} seed {summary.seed}: "
        f"{summary.games} games, {summary.actions} actions, {summary.files} files, "
        f"{summary.bytes / 1e6:.1f} MB; missing boxscore {summary.missing_boxscore}, "
        f"fallback boxscore {summary.fallback_boxscore}, edited pbp {summary.edited_pbp}, "
        f"new fields from {summary.new_fields_from}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="courtside synth", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
