"""``generate_season``: a slice of a simulated season written into a raw archive.

Order of work: build the league and calendar; simulate every game up to the end of
the slice (games before the slice only for their results: standings, schedule
scores, the game finder); write each slice game's play-by-play and box score as
fetched ~20 minutes after it ended; then the season-level snapshots (schedule,
odds, leaguegamefinder) and the live day's scoreboard polls with in-progress box
scores.  Games are simulated in worker processes; every random draw comes from a
stream named after the game, so output is byte-identical for the same arguments.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path

from ingest.archive import compact_timestamp
from ingest.endpoints import (
    CDN_BASE_URL,
    LEAGUE_GAME_FINDER_PATH,
    ODDS_PATH,
    SCHEDULE_PATH,
    SCOREBOARD_PATH,
    STATS_BASE_URL,
    league_game_finder_query,
)
from sandbox.synth.calendar_plan import (
    PLAY_IN,
    PLAYOFFS,
    REGULAR,
    ScheduledGame,
    regular_season,
    season_frame,
)
from sandbox.synth.faults import ALL_FAULTS, FaultPlan, plan_faults
from sandbox.synth.game_files import (
    GameTask,
    LiveResult,
    LiveTask,
    Writer,
    dump,
    produce_game,
    produce_live,
)
from sandbox.synth.gamefinder_feed import gamefinder_payload
from sandbox.synth.league import League, build_league
from sandbox.synth.odds_feed import SNAPSHOT_TIMES, odds_payload
from sandbox.synth.postseason import Postseason
from sandbox.synth.results import GameResult
from sandbox.synth.schedule_feed import schedule_payload
from sandbox.synth.scoreboard_feed import scoreboard_payload
from sandbox.synth.timefmt import EASTERN, at_eastern

POLL_MINUTES = 3
# LeagueGameFinder's SeasonType -> the calendar's season type
GAME_FINDER_TYPES = {"Regular Season": REGULAR, "PlayIn": PLAY_IN, "Playoffs": PLAYOFFS}


@dataclass
class SynthSummary:
    season: str
    seed: int
    start_date: str
    end_date: str
    live_date: str | None
    playoffs: bool
    faults: list[str]
    games: int = 0  # games whose play-by-play was written
    actions: int = 0
    files: int = 0
    bytes: int = 0
    feeds: dict[str, dict[str, int]] = field(default_factory=dict)
    missing_boxscore: list[str] = field(default_factory=list)
    edited_pbp: list[str] = field(default_factory=list)
    fallback_boxscore: list[str] = field(default_factory=list)
    new_fields: list[str] = field(default_factory=list)
    new_fields_from: str | None = None
    live_games: list[str] = field(default_factory=list)

    def count(self, written: dict[str, list[int]]) -> None:
        for feed, (files, size) in written.items():
            entry = self.feeds.setdefault(feed, {"files": 0, "bytes": 0})
            entry["files"] += files
            entry["bytes"] += size
            self.files += files
            self.bytes += size


def _pool_map(function: Callable, items: list, processes: int) -> list:
    if processes <= 1 or len(items) < 4:
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(processes) as pool:
        return pool.map(function, items, chunksize=max(1, len(items) // (processes * 8)))


def default_processes() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


class SeasonRun:
    def __init__(
        self,
        out: Path,
        season: str,
        start: date,
        end: date,
        seed: int,
        live_date: date | None,
        playoffs: bool,
        faults: frozenset[str],
        progress: bool,
        processes: int,
    ):
        self.out = out
        self.season = season
        self.start, self.end = start, end
        self.seed = seed
        self.live_date = live_date
        self.playoffs = playoffs
        self.faults = faults
        self.progress = progress
        self.processes = processes
        self.league: League = build_league(seed, season)
        self.regular: list[ScheduledGame] = regular_season(self.league, seed)
        self.results: dict[str, GameResult] = {}
        self.summary = SynthSummary(
            season=season,
            seed=seed,
            start_date=start.isoformat(),
            end_date=end.isoformat(),
            live_date=live_date.isoformat() if live_date else None,
            playoffs=playoffs,
            faults=sorted(faults),
        )
        self.writer = Writer(out)
        self.plan: FaultPlan | None = None
        self.postseason: Postseason | None = None

    def say(self, message: str) -> None:
        if self.progress:
            print(message, file=sys.stderr, flush=True)

    def in_slice(self, game: ScheduledGame) -> bool:
        return self.start <= game.day <= self.end

    # -- games ---------------------------------------------------------------------

    def task(self, game: ScheduledGame) -> GameTask:
        write = self.in_slice(game)
        plan = self.plan
        assert plan is not None
        return GameTask(
            game=game,
            write=write,
            new_fields=plan.has_new_fields(game),
            missing_boxscore=game.game_id in plan.missing_boxscore,
            edited_pbp=game.game_id in plan.edited_pbp,
            fallback_boxscore=game.game_id in plan.fallback_boxscore,
        )

    def simulate(self, games: Iterable[ScheduledGame]) -> list[GameResult]:
        tasks = [self.task(g) for g in games if g.day <= self.end]
        work = partial(produce_game, out=self.out, seed=self.seed, season=self.season)
        results = _pool_map(work, tasks, self.processes)
        for task, result in zip(tasks, results, strict=True):
            self.results[result.game_id] = result
            if task.write:
                self.summary.games += 1
                self.summary.actions += result.actions
                self.summary.count(result.written)
                if task.new_fields:
                    self.summary.new_fields.append(result.game_id)
        return results

    def all_games(self) -> list[ScheduledGame]:
        games = list(self.regular)
        if self.postseason is not None:
            games += self.postseason.played_games()
        return games

    # -- feeds ---------------------------------------------------------------------

    def write_schedule(self, moment: datetime) -> None:
        games = list(self.regular)
        seeds: dict[int, int] = {}
        series_text: dict[str, str] = {}
        if self.postseason is not None:
            games += self.postseason.schedule_view(moment)
            seeds = self.postseason.seeds_by_team_id()
            series_text = self.postseason.series_texts(moment)
        payload = schedule_payload(self.league, games, self.results, moment, seeds, series_text)
        self.writer.write(
            "schedule",
            compact_timestamp(moment),
            dump(payload),
            CDN_BASE_URL + SCHEDULE_PATH,
            moment,
        )

    def write_odds(self) -> None:
        by_day: dict[date, list[ScheduledGame]] = defaultdict(list)
        for game in self.all_games():
            if self.in_slice(game):
                by_day[game.day].append(game)
        for day in sorted(by_day):
            for hour, minute in SNAPSHOT_TIMES:
                moment = at_eastern(day, hour, minute)
                payload = odds_payload(self.league, by_day[day], self.seed, moment)
                if not payload["games"]:
                    continue
                self.writer.write(
                    "odds",
                    compact_timestamp(moment),
                    dump(payload),
                    CDN_BASE_URL + ODDS_PATH,
                    moment,
                )

    def write_gamefinder(self, moment: datetime) -> None:
        """One LeagueGameFinder response per season type, as stats.nba.com answers each
        SeasonType (an empty result set before that part of the season is played)."""
        finished = {gid: r for gid, r in self.results.items() if r.end <= moment}
        played = [g for g in self.all_games() if g.game_id in finished]
        for stats_type, ours in GAME_FINDER_TYPES.items():
            games = [g for g in played if g.season_type == ours]
            payload = gamefinder_payload(self.league, games, finished, stats_type)
            query = league_game_finder_query(self.season, stats_type)
            url = STATS_BASE_URL + LEAGUE_GAME_FINDER_PATH + "?" + query
            key = self.season if ours == REGULAR else f"{self.season}_{ours}"
            self.writer.write("leaguegamefinder", key, dump(payload), url, moment)

    def write_live_day(self) -> None:
        day = self.live_date
        if day is None:
            return
        games = sorted(
            (g for g in self.all_games() if g.day == day and g.home),
            key=lambda g: (g.tip, g.game_id),
        )
        games = [g for g in games if g.game_id in self.results]
        if not games:
            return
        self.summary.live_games = [g.game_id for g in games]
        first = min(g.tip for g in games) - timedelta(minutes=30)
        last = max(self.results[g.game_id].end for g in games) + timedelta(minutes=15)
        first = first.replace(minute=first.minute - first.minute % POLL_MINUTES, second=0)
        polls = []
        moment = first
        while moment <= last:
            polls.append(moment)
            moment += timedelta(minutes=POLL_MINUTES)
        plan = self.plan
        assert plan is not None
        tasks = [LiveTask(g, tuple(polls), plan.has_new_fields(g)) for g in games]
        work = partial(produce_live, out=self.out, seed=self.seed, season=self.season)
        live_results: list[LiveResult] = _pool_map(work, tasks, self.processes)
        per_poll: dict[int, list[dict]] = defaultdict(list)
        regular_records = self.records_before(day)
        for result in live_results:
            self.summary.count(result.written)
            game_result = self.results[result.game_id]
            records = regular_records
            if self.postseason is not None and result.game_id.startswith("004"):
                records = self.postseason.series_record_before(result.game_id)
            for index, entry in result.entries:
                for side, team_id in (
                    ("homeTeam", game_result.home_id),
                    ("awayTeam", game_result.away_id),
                ):
                    wins, losses = records.get(team_id, (0, 0))
                    if entry["gameStatus"] == 3:
                        won = game_result.winner == team_id
                        wins, losses = wins + won, losses + (not won)
                    entry[side]["wins"], entry[side]["losses"] = wins, losses
                per_poll[index].append(entry)
        for index, moment in enumerate(polls):
            entries = per_poll[index]
            if self.postseason is not None:
                texts = self.postseason.series_texts(moment)
                entries = [self._with_series(e, texts) for e in entries]
            payload = scoreboard_payload(day, entries, moment)
            self.writer.write(
                "scoreboard",
                compact_timestamp(moment),
                dump(payload),
                CDN_BASE_URL + SCOREBOARD_PATH,
                moment,
            )

    def _with_series(self, entry: dict, texts: dict[str, str]) -> dict:
        """Playoff games on the scoreboard carry series text, conference and round."""
        game_id = entry["gameId"]
        if not game_id.startswith("004") or self.postseason is None:
            return entry
        conference, round_name = self.postseason.series_info(game_id)
        rebuilt = {}
        for key, value in entry.items():
            rebuilt[key] = texts.get(game_id, "") if key == "seriesText" else value
            if key == "seriesText":
                rebuilt["seriesConference"] = conference
                rebuilt["poRoundDesc"] = round_name
                rebuilt["gameSubtype"] = ""
        return rebuilt

    def records_before(self, day: date) -> dict[int, tuple[int, int]]:
        records: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for game in self.regular:
            result = self.results.get(game.game_id)
            if result is None or game.day >= day:
                continue
            records[result.winner][0] += 1
            records[result.loser][1] += 1
        return {team: (won, lost) for team, (won, lost) in records.items()}

    # -- the run -----------------------------------------------------------------------

    def run(self) -> SynthSummary:
        self.plan = plan_faults(
            self.regular, self.start, self.end, self.live_date, self.faults, self.seed
        )
        self.say(f"simulating {sum(1 for g in self.regular if g.day <= self.end)} games")
        self.simulate(g for g in self.regular if g.day <= self.end)
        if self.playoffs and self.end > season_frame(self.season).last_day:
            self.postseason = Postseason(self.league, self.seed, self.regular, self.results)
            self.postseason.play(self.simulate, self.end)
        self.say("writing schedule, odds, game finder")
        self.write_schedule(at_eastern(self.start, 10))
        self.write_schedule(at_eastern(self.end + timedelta(days=1), 10))
        self.write_odds()
        self.write_gamefinder(at_eastern(self.end + timedelta(days=1), 10, 5))
        self.say("writing the live day")
        self.write_live_day()
        self.summary.count(self.writer.counts)
        self.writer.counts = {}
        self.summary.missing_boxscore = sorted(
            g for g in self.plan.missing_boxscore if g in self.results
        )
        self.summary.edited_pbp = sorted(g for g in self.plan.edited_pbp if g in self.results)
        self.summary.fallback_boxscore = sorted(
            g for g in self.plan.fallback_boxscore if g in self.results
        )
        self.summary.new_fields.sort()
        if self.plan.new_fields_from:
            self.summary.new_fields_from = self.plan.new_fields_from.isoformat()
        (self.out / "synth_summary.json").write_text(
            json.dumps(asdict(self.summary), indent=2, sort_keys=True) + "\n"
        )
        return self.summary


def generate_season(
    out: Path,
    season: str = "2024-25",
    start_date: date | None = None,
    end_date: date | None = None,
    seed: int = 0,
    live_date: date | None = None,
    playoffs: bool = False,
    faults: set[str] | frozenset[str] = ALL_FAULTS,
    progress: bool = False,
    processes: int | None = None,
) -> SynthSummary:
    """Simulate ``season`` and write the slice ``start_date``..``end_date`` into the
    archive at ``out``.  Same arguments, same bytes."""
    unknown = set(faults) - ALL_FAULTS
    if unknown:
        raise ValueError(f"unknown faults: {sorted(unknown)}")
    frame = season_frame(season)
    start = start_date or frame.opening
    last = frame.last_day + timedelta(days=70) if playoffs else frame.last_day
    end = end_date or last
    if end < start:
        raise ValueError("end_date is before start_date")
    live = live_date or end
    if not start <= live <= end:
        raise ValueError("live_date must be inside the slice")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    run = SeasonRun(
        out,
        season,
        start,
        end,
        seed,
        live,
        playoffs,
        frozenset(faults),
        progress,
        processes or default_processes(),
    )
    return run.run()


__all__ = ["ALL_FAULTS", "REGULAR", "SynthSummary", "generate_season", "EASTERN"]
