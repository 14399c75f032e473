"""Per-game work, run in worker processes: simulate a game, write its play-by-play
and box score (plus the faulty versions: none, or stats.nba.com's traditional box
score instead), and for the live day its in-progress box scores at each scoreboard
poll."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ingest.archive import Archive, compact_timestamp
from ingest.endpoints import (
    CDN_BASE_URL,
    STATS_BASE_URL,
    boxscore_path,
    join,
    pbp_path,
    traditional_boxscore_path_and_query,
)
from sandbox.synth.action_numbers import publish_numbers
from sandbox.synth.box_score import boxscore_from_tally, boxscore_payload
from sandbox.synth.box_tally import BoxTally
from sandbox.synth.calendar_plan import ScheduledGame
from sandbox.synth.engine import simulate_game
from sandbox.synth.faults import edit_events
from sandbox.synth.game_state import GameLog
from sandbox.synth.league import build_league
from sandbox.synth.pbp_render import PbpRenderer, pbp_payload, tally_actions
from sandbox.synth.randomness import stream
from sandbox.synth.results import GameResult, summarize
from sandbox.synth.scoreboard_feed import scoreboard_game
from sandbox.synth.timefmt import EASTERN, at_eastern
from sandbox.synth.traditional_box import traditional_v3_payload

TRADITIONAL_FEED = "boxscoretraditionalv3"


def dump(payload: dict) -> bytes:
    """The CDN's wire format: compact JSON, UTF-8."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class GameTask:
    game: ScheduledGame
    write: bool  # inside the slice: write its files
    new_fields: bool = False
    missing_boxscore: bool = False
    edited_pbp: bool = False
    fallback_boxscore: bool = False  # no CDN box score; boxscoretraditionalv3 instead


@dataclass(frozen=True)
class LiveTask:
    game: ScheduledGame
    polls: tuple[datetime, ...]
    new_fields: bool = False


class Writer:
    """Archive writes with per-feed file and byte counts."""

    def __init__(self, out: Path):
        self.archive = Archive(out)
        self.counts: dict[str, list[int]] = {}

    def write(
        self,
        feed: str,
        key: str,
        body: bytes,
        url: str,
        fetched_at: datetime,
        game_id: str | None = None,
    ) -> None:
        self.archive.write(
            feed,
            key,
            body,
            url=url,
            fetched_at=fetched_at,
            game_id=game_id,
            content_type="application/json",
        )
        files, size = self.counts.setdefault(feed, [0, 0])
        self.counts[feed] = [files + 1, size + len(body)]


def _rendered(seed: int, season: str, game: ScheduledGame, new_fields: bool):
    league = build_league(seed, season)
    log = simulate_game(league, game, seed)
    publish_numbers(log.events, stream(seed, "numbers", game.game_id))
    renderer = PbpRenderer(log, new_fields=new_fields)
    return log, renderer, renderer.render(log.events)


def final_fetch_time(log: GameLog, rng) -> datetime:
    return log.game.tip + timedelta(seconds=log.end_wall + rng.uniform(1080.0, 1500.0))


def traditional_url(game_id: str) -> str:
    """stats.nba.com's ``boxscoretraditionalv3`` URL of one game."""
    return join(STATS_BASE_URL, *traditional_boxscore_path_and_query(game_id))


def write_box(
    writer: Writer,
    task: GameTask,
    log: GameLog,
    actions: list[dict],
    fetched_at: datetime,
    seed: int,
) -> None:
    """The game's box score as of ``actions``: the CDN's, none (``missing_boxscore``),
    or, for ``fallback_boxscore``, the traditional box score from the fallback endpoint,
    fetched a few seconds after the CDN answered nothing."""
    game_id = task.game.game_id
    if task.missing_boxscore:
        return
    box = boxscore_payload(log, actions, fetched_at)
    if not task.fallback_boxscore:
        url = CDN_BASE_URL + boxscore_path(game_id)
        writer.write("boxscore", game_id, dump(box), url, fetched_at, game_id)
        return
    later = fetched_at + timedelta(seconds=stream(seed, "fallback", game_id).uniform(1.0, 6.0))
    payload = traditional_v3_payload(box, later)
    writer.write(TRADITIONAL_FEED, game_id, dump(payload), traditional_url(game_id), later, game_id)


def produce_game(task: GameTask, out: Path, seed: int, season: str) -> GameResult:
    game = task.game
    if not task.write:
        log = simulate_game(build_league(seed, season), game, seed)
        tally = BoxTally(log)
        tally.feed(tally_actions(log.events))
        return summarize(log, tally, len(log.events))
    log, renderer, actions = _rendered(seed, season, game, task.new_fields)
    tally = BoxTally(log)
    tally.feed(actions)
    result = summarize(log, tally, len(actions))
    writer = Writer(out)
    rng = stream(seed, "fetch", game.game_id)
    fetched = final_fetch_time(log, rng)
    pbp_url = CDN_BASE_URL + pbp_path(game.game_id)
    writer.write(
        "pbp",
        game.game_id,
        dump(pbp_payload(log, actions, fetched)),
        pbp_url,
        fetched,
        game.game_id,
    )
    box_fetched = fetched + timedelta(seconds=rng.uniform(5.0, 60.0))
    write_box(writer, task, log, actions, box_fetched, seed)
    if task.edited_pbp:
        next_day = (fetched.astimezone(EASTERN) + timedelta(days=1)).date()
        edit_moment = at_eastern(next_day, 4) + timedelta(seconds=rng.uniform(0, 3 * 3600))
        refetch = at_eastern(next_day, 11) + timedelta(seconds=rng.uniform(0, 3 * 3600))
        edit_wall = (edit_moment - game.tip).total_seconds()
        events, _changes = edit_events(
            log, log.events, stream(seed, "edits", game.game_id), edit_wall
        )
        edited = renderer.render(events)
        writer.write(
            "pbp",
            game.game_id,
            dump(pbp_payload(log, edited, refetch)),
            pbp_url,
            refetch,
            game.game_id,
        )
        if not task.missing_boxscore:
            later = refetch + timedelta(seconds=rng.uniform(5.0, 60.0))
            write_box(writer, task, log, edited, later, seed)
        result.actions = len(edited)
    result.written = writer.counts
    return result


@dataclass
class LiveResult:
    game_id: str
    entries: list[tuple[int, dict]]  # (poll index, scoreboard game entry)
    written: dict[str, list[int]]


def produce_live(task: LiveTask, out: Path, seed: int, season: str) -> LiveResult:
    """Scoreboard entries for every poll, and a live box score for each poll while
    the game is in progress."""
    game = task.game
    league = build_league(seed, season)
    log, _renderer, actions = _rendered(seed, season, game, task.new_fields)
    times = [game.tip + timedelta(seconds=e.wall) for e in log.events]
    tally = BoxTally(log)
    fed = 0
    writer = Writer(out)
    entries = []
    url = CDN_BASE_URL + boxscore_path(game.game_id)
    for index, moment in enumerate(task.polls):
        while fed < len(actions) and times[fed] <= moment:
            tally.add(actions[fed])
            fed += 1
        if fed == 0:
            entries.append((index, scoreboard_game(league, game, {}, None, 1)))
            continue
        last = actions[fed - 1]
        if last["actionType"] == "game":
            entries.append((index, scoreboard_game(league, game, {}, tally, 3)))
            continue
        entries.append((index, scoreboard_game(league, game, {}, tally, 2)))
        payload = boxscore_from_tally(log, tally, last, moment, live=True)
        writer.write(
            "live_boxscore",
            f"{compact_timestamp(moment)}_{game.game_id}",
            dump(payload),
            url,
            moment,
            game.game_id,
        )
    return LiveResult(game.game_id, entries, writer.counts)
