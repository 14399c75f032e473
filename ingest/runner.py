"""One ingestion run of a feed: fetch -> archive -> load into ``raw`` with dlt.

Every fetched payload is archived before anything is parsed.  A payload whose sha256
equals the last one loaded for the same resource is not loaded again.  With
``from_archive`` nothing is fetched: the archive is replayed into ``raw``.  The run
ends with a :class:`RunReport` (rows per table, outcomes, the games that failed).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import dlt
from dlt.common.runtime import signals
from tqdm import tqdm

from ingest import endpoints
from ingest.archive import Archive, ArchivedPayload, Manifest, compact_timestamp, sha256_hex
from ingest.config import Settings
from ingest.database import PgSettings, connect
from ingest.errors import one_line
from ingest.http_client import Deadline, NbaHttpClient, Outcome
from ingest.interrupted_load import (
    IngestInterrupted,
    committed_load,
    completed_packages,
    hold_signals,
    is_interruption,
)
from ingest.load_recovery import clear_partial_copies, finish_extracted_packages
from ingest.phase_lines import PhaseLines
from ingest.raw_tables import materialize_raw_tables
from ingest.raw_upkeep import upkeep_raw_tables
from ingest.sources.batch import PayloadBatch
from ingest.sources.fetch_log import FetchLog, FetchLogEntry, LogOutcome, fetch_log_rows
from ingest.sources.games import nba_games
from ingest.sources.live import games_in_progress, nba_live, poll_id_of
from ingest.sources.odds import nba_odds
from ingest.sources.rows import PayloadError
from ingest.sources.schedule import nba_schedule
from ingest.sources.season import (
    SEASON_TYPES,
    archive_key,
    league_game_finder_path_and_query,
    parse_game_ids,
)
from ingest.sources.static import STATIC_URL, nba_static, static_data
from ingest.sources.traditional_boxscore import FEED as TRADITIONAL_FEED
from ingest.sources.traditional_boxscore import has_players, nba_traditional_boxscores
from ingest.staging_views import SCHEDULE_GAMES, StagingViews

log = logging.getLogger("courtside.ingest")

RAW_DATASET = "raw"
PIPELINE_NAME = "courtside"
# dlt writes CSV and Postgres loads it with COPY: ~7x faster than INSERT statements.
LOADER_FILE_FORMAT = "csv"
FETCH_WORKERS = 4
_OUTCOMES = {
    Outcome.NO_DATA: LogOutcome.NO_DATA,
    Outcome.ERROR: LogOutcome.ERROR,
    Outcome.DEADLINE: LogOutcome.DEADLINE,
}


class IngestError(RuntimeError):
    """A run that cannot start (no schedule loaded, bad selection...), in one line."""


@dataclass
class RunReport:
    feed: str
    run_id: str
    rows_by_table: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    failures: list[FetchLogEntry] = field(default_factory=list)
    load_error: str | None = None
    no_data: list[FetchLogEntry] = field(default_factory=list)
    # games whose box score this run took from the fallback (boxscoretraditionalv3)
    fallback_games: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and self.load_error is None

    def merged(self, other: RunReport) -> RunReport:
        """This run's report with a later step's (same feed and run) added to it."""
        rows = dict(self.rows_by_table)
        for table, count in other.rows_by_table.items():
            rows[table] = rows.get(table, 0) + count
        outcomes = dict(self.outcomes)
        for outcome, count in other.outcomes.items():
            outcomes[outcome] = outcomes.get(outcome, 0) + count
        return RunReport(
            feed=self.feed,
            run_id=self.run_id,
            rows_by_table=rows,
            outcomes=outcomes,
            failures=self.failures + other.failures,
            load_error=self.load_error or other.load_error,
            no_data=self.no_data + other.no_data,
            fallback_games=sorted({*self.fallback_games, *other.fallback_games}),
        )

    def failed_games(self) -> list[str]:
        return sorted({e.game_id or e.resource_key for e in self.failures})

    def summary_lines(self) -> list[str]:
        lines = [f"{self.feed}: run {self.run_id}"]
        for table, count in sorted(self.rows_by_table.items()):
            lines.append(f"  raw.{table}: {count} rows loaded")
        if not self.rows_by_table:
            lines.append("  no rows loaded" + ("" if self.no_data else " (nothing new)"))
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        lines.append(f"  requests: {outcomes or 'none'}")
        lines += self._no_data_lines()
        for entry in self.failures:
            lines.append(
                f"  FAILED {entry.feed} {entry.resource_key}: {entry.outcome}: {entry.error}"
            )
        if self.load_error:
            lines.append(f"  LOAD FAILED: {self.load_error}")
        return lines

    def _no_data_lines(self) -> list[str]:
        """One line per resource the NBA published nothing for (a game not played yet,
        or not a game id at all)."""
        by_key: dict[str, list[str]] = {}
        feeds: dict[str, set[str]] = {}
        for entry in self.no_data:
            status = f"HTTP {entry.http_status}" if entry.http_status else "no answer"
            key = entry.game_id or entry.resource_key
            by_key.setdefault(key, []).append(f"{entry.feed} {status}")
            feeds.setdefault(key, set()).add(entry.feed)
        if self.feed != "games":
            return [
                f"  nothing published for resource {key} ({', '.join(found)}): nothing there yet"
                for key, found in by_key.items()
            ]
        lines = [
            f"  nothing published for game {key} ({', '.join(found)}): "
            + (
                "not played yet, or not a game id"
                if "pbp" in feeds[key]
                else "its play-by-play was; the NBA publishes no boxscore for some games"
            )
            for key, found in by_key.items()
        ]
        lines += [
            f"  box score of game {key} taken from the fallback, stats.nba.com "
            f"{TRADITIONAL_FEED} (silver)"
            for key in self.fallback_games
        ]
        return lines


class LoadedState:
    """What ``raw`` already holds (the loader's bookkeeping), to skip payloads loaded before."""

    def __init__(self, db: PgSettings):
        self.db = db

    def _query(self, sql: str, table: str, params: tuple = ()) -> list[tuple]:
        conn = connect(self.db)
        try:
            with conn.cursor() as cur:
                # a raw table is missing only until the first run of any feed creates them
                cur.execute("select to_regclass(%s)", (f"{RAW_DATASET}.{table}",))
                if cur.fetchone()[0] is None:
                    return []
                cur.execute(sql.format(table=f"{RAW_DATASET}.{table}"), params)
                return cur.fetchall()
        finally:
            conn.close()

    def game_shas(self, table: str) -> dict[str, str]:
        rows = self._query(
            "select distinct on (game_id) game_id, _payload_sha256 from {table} order by game_id",
            table,
        )
        return dict(rows)

    def latest_sha(self, table: str, time_column: str) -> str | None:
        rows = self._query(
            f"select _payload_sha256 from {{table}} order by {time_column} desc limit 1", table
        )
        return rows[0][0] if rows else None

    def rows_loaded(self, tables: list[str], load_ids: list[str]) -> dict[str, int]:
        """Rows of each table written by the given dlt loads."""
        counts = {}
        for table in tables:
            rows = self._query(
                "select count(*) from {table} where _dlt_load_id = any(%s)",
                table,
                (list(load_ids),),
            )
            if rows and rows[0][0]:
                counts[table] = rows[0][0]
        return counts

    def contains(self, table: str, column: str, value: str) -> bool:
        rows = self._query(f"select 1 from {{table}} where {column} = %s limit 1", table, (value,))
        return bool(rows)

    def distinct(self, table: str, column: str) -> set[str]:
        return {r[0] for r in self._query(f"select distinct {column} from {{table}}", table)}

    def has_rows(self, table: str) -> bool:
        return bool(self._query("select 1 from {table} limit 1", table))


class Ingestor:
    def __init__(self, settings: Settings, db: PgSettings, *, progress: bool = False):
        self.settings = settings
        self.db = db
        self.progress = progress
        self.phases = PhaseLines(progress)
        self.archive = Archive(settings.archive_path)
        self.state = LoadedState(db)
        self.staging = StagingViews(db, self.ensure_raw_tables)
        self.run_id = uuid.uuid4().hex[:12]
        self.log = FetchLog(self.run_id)
        self.client = NbaHttpClient(
            connect_timeout=settings.connect_timeout_seconds,
            read_timeout=settings.read_timeout_seconds,
            max_retries=settings.max_retries,
            backoff_base=settings.backoff_base_seconds,
            backoff_max=settings.backoff_max_seconds,
            rate_limits={
                "cdn": settings.cdn_requests_per_second,
                "stats": settings.stats_requests_per_second,
            },
            deadline=Deadline(settings.run_deadline_seconds),
        )
        self.pipeline = dlt.pipeline(
            pipeline_name=PIPELINE_NAME,
            destination=dlt.destinations.postgres(credentials=db.url()),
            dataset_name=RAW_DATASET,
            pipelines_dir=str(settings.pipelines_path),
            # dlt's own bar for each of its extract, normalize and load steps (cleared
            # when the step ends); one bar a step, not one per table
            progress=dlt.progress.tqdm(single_bar=True) if progress else None,
        )
        self._raw_tables_checked = False

    # ---- fetching -------------------------------------------------------------------
    def fetch(
        self,
        feed: str,
        key: str,
        url: str,
        *,
        family: str = "cdn",
        game_id: str | None = None,
        extra: dict | None = None,
    ) -> tuple[ArchivedPayload, FetchLogEntry] | None:
        """Fetch one URL and archive it; None (and a fetch-log entry) if no payload."""
        result = self.client.get(url, family=family)
        if not result.ok:
            self.log.from_result(feed, key, result, _OUTCOMES[result.outcome], game_id)
            return None
        payload = self.archive.write(
            feed,
            key,
            result.body,
            url=url,
            fetched_at=result.fetched_at,
            http_status=result.status,
            etag=result.headers.get("ETag"),
            last_modified=result.headers.get("Last-Modified"),
            content_type=result.headers.get("Content-Type"),
            game_id=game_id,
            extra=extra,
        )
        entry = self.log.from_result(feed, key, result, LogOutcome.ARCHIVED, game_id)
        entry.archive_path = str(payload.path)
        return payload, entry

    def replayed(self, payload: ArchivedPayload) -> FetchLogEntry:
        """A fetch-log entry for a payload taken from the archive instead of the network."""
        m = payload.manifest
        return self.log.add(
            FetchLogEntry(
                run_id=self.run_id,
                feed=m.feed,
                resource_key=m.key,
                url=m.url,
                outcome=LogOutcome.LOADED,
                game_id=m.game_id,
                http_status=m.http_status,
                bytes=m.bytes,
                sha256=m.sha256,
                archive_path=str(payload.path),
                from_archive=True,
            )
        )

    def _skip_unchanged(
        self,
        batch: PayloadBatch,
        payload: ArchivedPayload,
        entry: FetchLogEntry,
        loaded_sha: str | None,
    ) -> None:
        if loaded_sha == payload.manifest.sha256:
            entry.outcome = LogOutcome.UNCHANGED
            entry.sha256 = payload.manifest.sha256
        else:
            batch.add(payload, entry)

    # ---- feeds ----------------------------------------------------------------------
    def ingest_schedule(self, *, from_archive: bool = False) -> RunReport:
        batch = PayloadBatch(self.archive, self.log)
        if from_archive:
            found = self.archive.latest("schedule")
            fetched = (found, self.replayed(found)) if found else None
        else:
            url = endpoints.join(self.settings.cdn_base_url, endpoints.SCHEDULE_PATH)
            fetched = self._fetch_snapshot("schedule", url)
        if fetched:
            self._skip_unchanged(
                batch, *fetched, self.state.latest_sha("schedule_games", "_fetched_at")
            )
        return self._load("schedule", nba_schedule(batch), batch)

    def _fetch_snapshot(
        self, feed: str, url: str, **kwargs
    ) -> tuple[ArchivedPayload, FetchLogEntry] | None:
        """Fetch a snapshot feed and archive it under its publication time (the server's
        Last-Modified, else the fetch time).  A body identical to the last archived
        snapshot, or a re-fetch of a publication already archived, is ``unchanged``."""
        result = self.client.get(url)
        if not result.ok:
            self.log.from_result(feed, feed, result, _OUTCOMES[result.outcome])
            return None
        sha = sha256_hex(result.body)
        published = Manifest(
            feed=feed,
            key="",
            url=url,
            fetched_at=result.fetched_at.isoformat(),
            http_status=result.status or 200,
            sha256=sha,
            bytes=len(result.body),
            last_modified=result.headers.get("Last-Modified"),
        ).observed_at
        key = compact_timestamp(published)
        known = self.archive.get(feed, key)
        latest = self.archive.latest(feed)
        for previous in (known, latest):
            if previous is not None and previous.manifest.sha256 == sha:
                entry = self.log.from_result(
                    feed, previous.manifest.key, result, LogOutcome.UNCHANGED
                )
                entry.sha256 = sha
                return previous, entry
        payload = self.archive.write(
            feed,
            key,
            result.body,
            url=url,
            fetched_at=result.fetched_at,
            http_status=result.status,
            etag=result.headers.get("ETag"),
            last_modified=result.headers.get("Last-Modified"),
            content_type=result.headers.get("Content-Type"),
            **kwargs,
        )
        entry = self.log.from_result(feed, payload.manifest.key, result, LogOutcome.ARCHIVED)
        entry.archive_path = str(payload.path)
        return payload, entry

    def season_game_ids(
        self, season: str, season_type: str = "all", *, from_archive: bool = False
    ) -> list[str]:
        """Game ids of ``season`` from LeagueGameFinder (archived), for a ``--season-type``
        choice (``SEASON_TYPES``): one request per season type, in season order."""
        if season_type not in SEASON_TYPES:
            raise IngestError(
                f"unknown season type {season_type!r}: one of {', '.join(SEASON_TYPES)}"
            )
        found: list[str] = []
        for stats_type in SEASON_TYPES[season_type]:
            found += self._game_finder_ids(season, stats_type, from_archive=from_archive)
        return list(dict.fromkeys(found))

    def _game_finder_ids(self, season: str, stats_type: str, *, from_archive: bool) -> list[str]:
        key = archive_key(season, stats_type)
        if from_archive:
            payload = self.archive.get("leaguegamefinder", key)
            if payload is None:
                if stats_type != "Regular Season":
                    return []  # never fetched: a season with no postseason archived
                raise IngestError(f"no archived LeagueGameFinder response for {season}")
        else:
            path, query = league_game_finder_path_and_query(season, stats_type)
            url = endpoints.join(self.settings.stats_base_url, path, query)
            fetched = self.fetch("leaguegamefinder", key, url, family="stats")
            if fetched is None:
                entry = self.log.entries[-1]
                if entry.outcome == LogOutcome.NO_DATA and stats_type != "Regular Season":
                    return []  # nothing published for it (yet): no games of that type
                raise IngestError(
                    f"LeagueGameFinder for {season} ({stats_type}): {entry.outcome} "
                    f"({entry.error or entry.http_status})"
                )
            payload = fetched[0]
        try:
            return parse_game_ids(payload)
        except PayloadError as exc:
            self.archive.quarantine(payload, str(exc))
            raise IngestError(str(exc)) from exc

    def select_games(
        self,
        *,
        game_ids: Iterable[str] = (),
        start: date | None = None,
        end: date | None = None,
        season: str | None = None,
        season_type: str = "all",
        from_archive: bool = False,
    ) -> list[str]:
        if start and end and start > end:
            raise IngestError(f"--start-date {start} is after --end-date {end}: swap them")
        selected = list(dict.fromkeys(game_ids))
        if season:
            selected += self.season_game_ids(season, season_type, from_archive=from_archive)
        if start or end:
            if not self.state.has_rows("schedule_games"):
                raise IngestError("no schedule loaded: run `courtside ingest schedule` first")
            selected += self.final_games(start or date.min, end or date.max)
        if not selected and not (start or end or season) and from_archive:
            selected = [p.manifest.key for p in self.archive.iter_feed("pbp")]
        if not selected and not (start or end or season):
            raise IngestError("say which games: --game-id, --start-date/--end-date or --season")
        return list(dict.fromkeys(selected))

    def nothing_selected(
        self, *, start: date | None = None, end: date | None = None, season: str | None = None
    ) -> str:
        """Why a selection found no games, in one sentence: what was looked for, and
        what the loaded schedule (or LeagueGameFinder) holds."""
        if season and not (start or end):
            return f"LeagueGameFinder lists no games of {season}: nothing to ingest"
        first, last, games, final, last_final = self.staging.query(
            "select min(game_date), max(game_date), count(*), "
            "count(*) filter (where game_status = 3), max(game_date) filter "
            f"(where game_status = 3) from {SCHEDULE_GAMES}"
        )[0]
        window = f"from {start or 'the first game'} to {end or 'the last game'}"
        held = f"{games} games dated {first}..{last}, {final} of them final" + (
            f" (the last on {last_final})" if last_final else ""
        )
        return f"no final games {window} in the schedule loaded ({held}): nothing to ingest"

    def final_games(self, start: date, end: date) -> list[str]:
        """Final games of the schedule dated ``start``..``end`` (staging's game date)."""
        rows = self.staging.query(
            f"select game_id from {SCHEDULE_GAMES} where game_status = 3 "
            "and game_date between %s and %s order by game_id",
            (start, end),
        )
        return [r[0] for r in rows]

    def ingest_games(self, game_ids: list[str], *, from_archive: bool = False) -> RunReport:
        """PBP and boxscore of each game from the CDN, loaded; then, for the games whose
        CDN boxscore answered "no data" (or, from the archive, has none), the fallback's
        box score in a load of its own, so a fallback failure never touches the CDN rows."""
        batch = PayloadBatch(self.archive, self.log)
        loaded = {
            "pbp": self.state.game_shas("pbp_actions"),
            "boxscore": self.state.game_shas("boxscore_games"),
        }
        paths = {"pbp": endpoints.pbp_path, "boxscore": endpoints.boxscore_path}
        without_box: list[str] = []

        def one(game_id: str) -> list[tuple[ArchivedPayload, FetchLogEntry]]:
            got = []
            for feed, path in paths.items():
                if from_archive:
                    payload = self.archive.get(feed, game_id)
                    item = (payload, self.replayed(payload)) if payload else None
                else:
                    url = endpoints.join(self.settings.cdn_base_url, path(game_id))
                    item = self.fetch(feed, game_id, url, game_id=game_id)
                if item:
                    got.append(item)
                elif feed == "boxscore" and (from_archive or self._answered_no_data(game_id)):
                    without_box.append(game_id)
            return got

        with ThreadPoolExecutor(max_workers=FETCH_WORKERS) as pool:
            results = pool.map(one, game_ids)
            for items in tqdm(
                results, total=len(game_ids), desc="games", unit="game", disable=not self.progress
            ):
                for payload, entry in items:
                    feed = payload.manifest.feed
                    self._skip_unchanged(
                        batch, payload, entry, loaded[feed].get(payload.manifest.key)
                    )
        report = self._load("games", nba_games(batch), batch)
        if not self.settings.boxscore_fallback or not without_box:
            return report
        return report.merged(
            self.ingest_fallback_boxscores(sorted(without_box), from_archive=from_archive)
        )

    def _answered_no_data(self, game_id: str) -> bool:
        """Whether this run's CDN boxscore request for ``game_id`` answered "no data"
        (an error or a deadline is retried by the next run, not sent to the fallback)."""
        return any(
            e.feed == "boxscore" and e.game_id == game_id and e.outcome == LogOutcome.NO_DATA
            for e in list(self.log.entries)
        )

    def ingest_fallback_boxscores(
        self, game_ids: list[str], *, from_archive: bool = False
    ) -> RunReport:
        """stats.nba.com's ``boxscoretraditionalv3`` for ``game_ids`` (one request each,
        at the stats rate limit, within the run deadline), archived and loaded into
        ``raw.boxscore_traditional_*``.  A 200 without players is "no data"."""
        batch = PayloadBatch(self.archive, self.log)
        loaded = self.state.game_shas("boxscore_traditional_teams")
        for game_id in game_ids:
            if from_archive:
                payload = self.archive.get(TRADITIONAL_FEED, game_id)
                item = (payload, self.replayed(payload)) if payload else None
            else:
                path, query = endpoints.traditional_boxscore_path_and_query(game_id)
                url = endpoints.join(self.settings.stats_base_url, path, query)
                item = self.fetch(TRADITIONAL_FEED, game_id, url, family="stats", game_id=game_id)
            if item is None:
                continue
            payload, entry = item
            if not has_players(payload):
                entry.outcome = LogOutcome.NO_DATA
                entry.sha256 = payload.manifest.sha256
                entry.error = "answered without players: no box score published"
                continue
            self._skip_unchanged(batch, payload, entry, loaded.get(game_id))
        report = self._load("games", nba_traditional_boxscores(batch), batch)
        report.fallback_games = sorted(
            {p.manifest.key for p in batch.payloads if str(p.path) not in batch.errors}
        )
        return report

    def fetch_odds(self) -> tuple[ArchivedPayload, FetchLogEntry] | None:
        """Fetch one odds snapshot over HTTP and archive it (loading is separate)."""
        url = endpoints.join(self.settings.cdn_base_url, endpoints.ODDS_PATH)
        return self._fetch_snapshot("odds", url)

    def fetch_live_poll(self) -> list[tuple[ArchivedPayload, FetchLogEntry]]:
        """One live poll, archived: the scoreboard, then the boxscore of every game in
        progress.  Nothing more is fetched when the scoreboard has not changed."""
        url = endpoints.join(self.settings.cdn_base_url, endpoints.SCOREBOARD_PATH)
        fetched = self._fetch_snapshot("scoreboard", url)
        if fetched is None:
            return []
        poll, entry = fetched
        if entry.outcome == LogOutcome.UNCHANGED:
            return []
        try:
            in_progress = games_in_progress(poll)
        except PayloadError:
            in_progress = []  # the batch quarantines and reports the poll itself
        items = [fetched]
        for game_id in in_progress:
            url = endpoints.join(self.settings.cdn_base_url, endpoints.boxscore_path(game_id))
            key = f"{poll.manifest.key}_{game_id}"
            item = self.fetch(
                "live_boxscore", key, url, game_id=game_id, extra={"poll_id": poll.manifest.key}
            )
            if item:
                items.append(item)
        return items

    def ingest_odds(self, *, from_archive: bool = False) -> RunReport:
        """One odds snapshot (append-only), or every archived snapshot not loaded yet."""
        batch = PayloadBatch(self.archive, self.log)
        if from_archive:
            have = self.state.distinct("odds_outcomes", "snapshot_id")
            for payload in self.archive.iter_feed("odds"):
                if payload.manifest.key not in have:
                    batch.add(payload, self.replayed(payload))
        else:
            fetched = self.fetch_odds()
            if fetched:
                payload, entry = fetched
                if self.state.contains("odds_outcomes", "snapshot_id", payload.manifest.key):
                    entry.outcome = LogOutcome.UNCHANGED
                else:
                    batch.add(payload, entry)
        return self._load("odds", nba_odds(batch), batch)

    def ingest_live(self, *, from_archive: bool = False) -> RunReport:
        """One live poll (append-only), or every archived poll not loaded yet."""
        batch = PayloadBatch(self.archive, self.log)
        if from_archive:
            have = self.state.distinct("live_scoreboard_games", "poll_id")
            polls = [p for p in self.archive.iter_feed("scoreboard") if p.manifest.key not in have]
            for payload in polls:
                batch.add(payload, self.replayed(payload))
            poll_ids = {poll_id_of(p) for p in polls}
            for payload in self.archive.iter_feed("live_boxscore"):
                if poll_id_of(payload) in poll_ids:
                    batch.add(payload, self.replayed(payload))
        else:
            for payload, entry in self.fetch_live_poll():
                batch.add(payload, entry)
        return self._load("live", nba_live(batch), batch)

    def ingest_teams(self) -> RunReport:
        """Teams and players from nba_api's static data, unless unchanged since loaded."""
        team_rows, player_rows, sha = static_data()
        unchanged = sha in self.state.distinct("teams", "_payload_sha256")
        self.log.add(
            FetchLogEntry(
                run_id=self.run_id,
                feed="teams",
                resource_key="static",
                url=STATIC_URL,
                outcome=LogOutcome.UNCHANGED if unchanged else LogOutcome.LOADED,
                sha256=sha,
            )
        )
        source = None if unchanged else nba_static(team_rows, player_rows, sha)
        return self._load("teams", source, None)

    # ---- loading --------------------------------------------------------------------
    def ensure_raw_tables(self) -> list[str]:
        """Create every raw table staging reads (and add its declared columns), once per
        ingestor: from the first run of any feed, ``dbt build`` finds them all."""
        if self._raw_tables_checked or self.pipeline.has_pending_data:
            return []  # pending packages are finished by the next load, then this runs
        touched = materialize_raw_tables(self.pipeline, self.db, RAW_DATASET, self.archive)
        self._raw_tables_checked = True
        if touched:  # a table created empty gets its game_id index now, like a loaded one
            upkeep_raw_tables(self.db, RAW_DATASET, dict.fromkeys(touched, 0))
        return touched

    def _load(self, feed: str, source, batch: PayloadBatch | None) -> RunReport:
        report = RunReport(feed=feed, run_id=self.run_id)
        interrupted = False
        completed_before = completed_packages(self.pipeline)
        signals_held = hold_signals()
        try:
            if self.pipeline.has_pending_data:
                # a killed or failed run left load packages: dlt's run() would load only
                # those and drop the new data, so finish them first (without loading twice
                # what a killed COPY had already committed)
                finish_extracted_packages(self.pipeline)
                clear_partial_copies(self.pipeline, self.db)
                self.pipeline.load()
            self.ensure_raw_tables()
            if source is not None:  # None: nothing new to load; the fetch log is still written
                with self.phases.phase(f"{feed}: loading into raw (dlt)") as phase:
                    info = self.pipeline.run(source, loader_file_format=LOADER_FILE_FORMAT)
                    # dlt's CSV writer over-counts items in its metrics: count what landed
                    tables = self.pipeline.last_trace.last_normalize_info.row_counts
                    report.rows_by_table = self.state.rows_loaded(
                        [t for t in tables if not t.startswith("_dlt")], info.loads_ids
                    )
                    rows = sum(report.rows_by_table.values())
                    phase.done = (
                        f"{feed}: loaded {rows:,} rows into {len(report.rows_by_table)} raw tables"
                    )
            signals.raise_if_signalled()  # a signal dlt got after its last check
        except KeyboardInterrupt:  # Ctrl-C / SIGTERM outside dlt's steps
            interrupted = True
        except Exception as exc:  # dlt wraps every step failure; keep its first line
            interrupted = is_interruption(exc)  # dlt stopped its step on a signal
            if not interrupted:
                report.load_error = one_line(exc)
                if batch is not None:
                    batch.mark_load_failed(report.load_error)
        finally:
            signals_held.close()
        if interrupted:
            raise self._interrupted(feed, batch, completed_before)
        if report.rows_by_table:
            try:  # indexes and statistics are speed, not data: failing here loses nothing
                upkeep_raw_tables(self.db, RAW_DATASET, report.rows_by_table)
            except Exception as exc:  # the fetch log below must still be written
                log.warning("could not index or analyze raw tables: %s", one_line(exc))
        run_log, self.log = self.log, FetchLog(self.run_id)  # the next feed starts afresh
        if run_log.entries:
            try:
                self.pipeline.run(fetch_log_rows(run_log), loader_file_format=LOADER_FILE_FORMAT)
            except (Exception, KeyboardInterrupt) as exc:
                if is_interruption(exc):  # its package is pending: the next run loads it
                    raise IngestInterrupted(
                        f"{feed} run {self.run_id} interrupted after its load "
                        f"({_rows_text(report.rows_by_table)} committed), while writing its "
                        "fetch log, which the next run finishes"
                    ) from None
                report.load_error = report.load_error or f"fetch log: {one_line(exc)}"
        report.outcomes = run_log.counts()
        report.failures = run_log.failures()
        report.no_data = [e for e in run_log.entries if e.outcome == LogOutcome.NO_DATA]
        return report

    def _interrupted(
        self, feed: str, batch: PayloadBatch | None, completed_before: set[str]
    ) -> IngestInterrupted:
        """A signal stopped the load: log each payload as loaded if its rows are in raw
        whole, else archived (the pending package is finished by the next run), write
        the fetch log, and say it in one line."""
        committed = committed_load(self.pipeline, self.db, completed_before)
        if batch is not None:
            batch.mark_interrupted(committed.shas)
        run_log, self.log = self.log, FetchLog(self.run_id)
        payloads = [e for e in run_log.entries if e.sha256 and e.outcome != LogOutcome.UNCHANGED]
        loaded = [e for e in payloads if e.outcome == LogOutcome.LOADED]
        try:
            self._fetch_log_pipeline(committed.pending).run(
                fetch_log_rows(run_log), loader_file_format=LOADER_FILE_FORMAT
            )
            logged = "fetch log written"
        except Exception as exc:
            logged = f"fetch log NOT written: {one_line(exc)}"
        rest = "; the next run loads the rest" if len(loaded) < len(payloads) else ""
        return IngestInterrupted(
            f"{feed} run {self.run_id} interrupted while loading: {len(loaded)} of "
            f"{len(payloads)} payloads committed ({_rows_text(committed.rows_by_table)}), "
            f"{logged}{rest}"
        )

    def _fetch_log_pipeline(self, data_pending: bool) -> dlt.Pipeline:
        """The pipeline to write a fetch log with: while an interrupted data package waits
        in the main pipeline (whose ``run`` would load it and nothing else), a pipeline of
        its own writing the same ``raw.fetch_log``."""
        if not data_pending:
            return self.pipeline
        return dlt.pipeline(
            pipeline_name=f"{PIPELINE_NAME}_fetch_log",
            destination=dlt.destinations.postgres(credentials=self.db.url()),
            dataset_name=RAW_DATASET,
            pipelines_dir=str(self.settings.pipelines_path),
        )


def _rows_text(rows_by_table: dict[str, int]) -> str:
    if not rows_by_table:
        return "no rows"
    return ", ".join(
        f"raw.{table} {count:,} rows" for table, count in sorted(rows_by_table.items())
    )
