"""Play-in tournament (game ids ``005…``) and playoffs (``004…``), played from the
regular-season standings.

Seeds 1-10 per conference by record (point differential, then team id break ties).
Play-in: 7 v 8 and 9 v 10, then the loser of 7 v 8 hosts the winner of 9 v 10.
Playoffs: four best-of-seven rounds, 2-2-1-1-1 with the better seed at home in games
1, 2, 5 and 7.  Dates are fixed in advance as the NBA publishes them; games 5-7 are
"if necessary" until a series ends, and games whose teams are not known yet are
placeholders in the schedule.  Game ids: ``005YY001S1`` / ``005YY002S1`` for the two
play-in stages, ``004YY00RSG`` (round, series, game) for the playoffs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sandbox.synth.arenas import CONFERENCES, DIVISIONS
from sandbox.synth.calendar_plan import PLAY_IN, PLAYOFFS, ScheduledGame, season_frame
from sandbox.synth.league import League, season_start_year
from sandbox.synth.randomness import stream
from sandbox.synth.results import GameResult
from sandbox.synth.timefmt import EASTERN

GAME_OFFSETS = (0, 2, 5, 7, 9, 11, 13)
ROUND_STARTS = (6, 22, 37, 53)  # days after the last regular-season day
TOP_HOSTS = (1, 2, 5, 7)
FIRST_ROUND_PAIRS = ((1, 8), (4, 5), (3, 6), (2, 7))


@dataclass
class Series:
    round_number: int  # 1-4 playoffs; play-in stages are rounds 1-2 with season_type PLAY_IN
    number: int
    conference: str
    season_type: str
    slots: list[ScheduledGame]  # dated slots; teams filled in when known
    top: str = ""
    bottom: str = ""
    known_at: datetime | None = None
    wins: dict[str, int] = field(default_factory=dict)
    played: list[str] = field(default_factory=list)  # game ids
    ended_at: datetime | None = None

    @property
    def needed(self) -> int:
        return 1 if self.season_type == PLAY_IN else 4

    @property
    def winner(self) -> str:
        return next((t for t, w in self.wins.items() if w >= self.needed), "")

    @property
    def loser(self) -> str:
        winner = self.winner
        if not winner:
            return ""
        return self.bottom if winner == self.top else self.top


class Postseason:
    def __init__(
        self,
        league: League,
        seed: int,
        regular: list[ScheduledGame],
        results: dict[str, GameResult],
    ):
        self.league = league
        self.seed = seed
        self.results = results
        self.rng = stream(seed, "postseason", league.season)
        self.last_day = season_frame(league.season).last_day
        self.year = season_start_year(league.season) % 100
        self.regular_end = max(results[g.game_id].end for g in regular if g.game_id in results)
        self.complete = all(g.game_id in results for g in regular)
        self.seeds = self._seed_conferences(regular) if self.complete else {}
        self.series: list[Series] = self._slots()

    # -- setup -----------------------------------------------------------------------

    def _seed_conferences(self, regular: list[ScheduledGame]) -> dict[str, list[str]]:
        wins: dict[str, int] = defaultdict(int)
        diff: dict[str, int] = defaultdict(int)
        tricode = {t.team_id: t.tricode for t in self.league.teams}
        for game in regular:
            result = self.results[game.game_id]
            wins[tricode[result.winner]] += 1
            margin = result.home_score - result.away_score
            diff[game.home] += margin
            diff[game.away] -= margin
        seeds = {}
        for conference, divisions in CONFERENCES.items():
            teams = [t for d in divisions for t in DIVISIONS[d]]
            seeds[conference] = sorted(teams, key=lambda t: (-wins[t], -diff[t], t))
        return seeds

    def seeds_by_team_id(self) -> dict[int, int]:
        by_tricode = self.league.by_tricode
        return {
            by_tricode[t].team_id: i
            for seeds in self.seeds.values()
            for i, t in enumerate(seeds[:10], start=1)
        }

    def _tip(self, day: date) -> datetime:
        weekend = day.weekday() >= 5
        options = (
            ((13, 0), (15, 30), (18, 0), (20, 30))
            if weekend
            else ((19, 0), (19, 30), (20, 0), (21, 30), (22, 0))
        )
        hour, minute = self.rng.choice(options)
        return datetime.combine(day, time(hour, minute), EASTERN)

    def _slot(
        self,
        game_id: str,
        day: date,
        season_type: str,
        round_number: int,
        number: int,
        game_number: int,
        conference: str,
    ) -> ScheduledGame:
        return ScheduledGame(
            game_id,
            day,
            self._tip(day),
            "",
            "",
            season_type,
            round_number,
            number,
            game_number,
            conference,
        )

    def _slots(self) -> list[Series]:
        last = self.last_day
        series = []
        for stage, number, conference in (
            (1, 0, "East"),
            (1, 1, "West"),
            (1, 2, "East"),
            (1, 3, "West"),
            (2, 0, "East"),
            (2, 1, "West"),
        ):
            offset = (2 if conference == "East" else 3) if stage == 1 else 5
            game_id = f"005{self.year:02d}00{stage}{number}1"
            slot = self._slot(
                game_id, last + timedelta(days=offset), PLAY_IN, stage, number, 1, conference
            )
            series.append(Series(stage, number, conference, PLAY_IN, [slot]))
        for round_number, count in ((1, 8), (2, 4), (3, 2), (4, 1)):
            for number in range(count):
                conference = (
                    "" if round_number == 4 else ("East" if number < count // 2 else "West")
                )
                base = last + timedelta(days=ROUND_STARTS[round_number - 1] + number % 2)
                slots = [
                    self._slot(
                        f"004{self.year:02d}00{round_number}{number}{g}",
                        base + timedelta(days=GAME_OFFSETS[g - 1]),
                        PLAYOFFS,
                        round_number,
                        number,
                        g,
                        conference,
                    )
                    for g in range(1, 8)
                ]
                series.append(Series(round_number, number, conference, PLAYOFFS, slots))
        return series

    def _find(self, season_type: str, round_number: int, number: int) -> Series:
        return next(
            s
            for s in self.series
            if s.season_type == season_type
            and s.round_number == round_number
            and s.number == number
        )

    # -- playing -------------------------------------------------------------------------

    def _set_teams(self, series: Series, top: str, bottom: str, known_at: datetime) -> None:
        series.top, series.bottom, series.known_at = top, bottom, known_at
        series.wins = {top: 0, bottom: 0}

    def _game(self, series: Series, game_number: int) -> ScheduledGame:
        slot = series.slots[game_number - 1]
        top_home = game_number in TOP_HOSTS
        home, away = (series.top, series.bottom) if top_home else (series.bottom, series.top)
        return ScheduledGame(
            slot.game_id,
            slot.day,
            slot.tip,
            home,
            away,
            slot.season_type,
            slot.round_number,
            slot.series_number,
            slot.game_number,
            slot.conference,
        )

    def _record(self, series: Series, result: GameResult) -> None:
        tricode = {t.team_id: t.tricode for t in self.league.teams}
        series.wins[tricode[result.winner]] += 1
        series.played.append(result.game_id)
        if series.winner:
            series.ended_at = result.end

    def _play_wave(
        self, simulate: Callable, active: list[Series], game_number: int, end: date
    ) -> None:
        games = [self._game(s, game_number) for s in active]
        games = [g for g in games if g.day <= end]
        by_id = {s.slots[game_number - 1].game_id: s for s in active}
        for result in simulate(games):
            self._record(by_id[result.game_id], result)

    def play(self, simulate: Callable[[list[ScheduledGame]], list[GameResult]], end: date) -> None:
        if not self.complete:
            return
        known = self.regular_end
        for conference in ("East", "West"):
            seeds = self.seeds[conference]
            number = 0 if conference == "East" else 1
            self._set_teams(self._find(PLAY_IN, 1, number), seeds[6], seeds[7], known)
            self._set_teams(self._find(PLAY_IN, 1, number + 2), seeds[8], seeds[9], known)
        self._play_wave(
            simulate,
            [s for s in self.series if s.season_type == PLAY_IN and s.round_number == 1],
            1,
            end,
        )
        for number in (0, 1):
            seven_eight = self._find(PLAY_IN, 1, number)
            nine_ten = self._find(PLAY_IN, 1, number + 2)
            if seven_eight.winner and nine_ten.winner:
                ready = max(seven_eight.ended_at, nine_ten.ended_at)  # type: ignore[type-var]
                self._set_teams(
                    self._find(PLAY_IN, 2, number), seven_eight.loser, nine_ten.winner, ready
                )
        stage_two = [
            s for s in self.series if s.season_type == PLAY_IN and s.round_number == 2 and s.top
        ]
        self._play_wave(simulate, stage_two, 1, end)
        for conference, offset in (("East", 0), ("West", 4)):
            number = 0 if conference == "East" else 1
            seven_eight = self._find(PLAY_IN, 1, number)
            last_chance = self._find(PLAY_IN, 2, number)
            seeds = self.seeds[conference]
            field_of = {
                1: seeds[0],
                2: seeds[1],
                3: seeds[2],
                4: seeds[3],
                5: seeds[4],
                6: seeds[5],
                7: seven_eight.winner,
                8: last_chance.winner,
            }
            for index, (high, low) in enumerate(FIRST_ROUND_PAIRS):
                if field_of[high] and field_of[low]:
                    ready = (
                        known
                        if low < 7
                        else (seven_eight.ended_at if low == 7 else last_chance.ended_at)
                    )
                    self._set_teams(
                        self._find(PLAYOFFS, 1, offset + index),
                        field_of[high],
                        field_of[low],
                        ready,
                    )  # type: ignore[arg-type]
        for round_number in (1, 2, 3, 4):
            if round_number > 1:
                self._pair_round(round_number)
            active = [
                s
                for s in self.series
                if s.season_type == PLAYOFFS and s.round_number == round_number and s.top
            ]
            for game_number in range(1, 8):
                open_series = [s for s in active if not s.winner]
                if not open_series:
                    break
                self._play_wave(simulate, open_series, game_number, end)

    def _pair_round(self, round_number: int) -> None:
        previous = [
            s
            for s in self.series
            if s.season_type == PLAYOFFS and s.round_number == round_number - 1
        ]
        rank = {t: i for seeds in self.seeds.values() for i, t in enumerate(seeds)}
        for number in range(len(previous) // 2):
            a, b = previous[2 * number], previous[2 * number + 1]
            if a.winner and b.winner:
                teams = sorted((a.winner, b.winner), key=lambda t: rank[t])
                ready = max(a.ended_at, b.ended_at)  # type: ignore[type-var]
                self._set_teams(
                    self._find(PLAYOFFS, round_number, number), teams[0], teams[1], ready
                )

    # -- views ---------------------------------------------------------------------------

    def played_games(self) -> list[ScheduledGame]:
        games = []
        for series in self.series:
            for index, slot in enumerate(series.slots, start=1):
                if slot.game_id in series.played:
                    games.append(self._game(series, index))
        return games

    def schedule_view(self, moment: datetime) -> list[ScheduledGame]:
        """The postseason part of the schedule as published at ``moment``."""
        games = []
        for series in self.series:
            known = series.known_at is not None and series.known_at <= moment
            finished = series.ended_at is not None and series.ended_at <= moment
            for index, slot in enumerate(series.slots, start=1):
                if finished and slot.game_id not in series.played:
                    continue
                games.append(self._game(series, index) if known else slot)
        return games

    def series_texts(self, moment: datetime) -> dict[str, str]:
        """``seriesText`` of every playoff game as published at ``moment``: the series
        standing after the game once it is final, the current standing before."""
        tricode = {t.team_id: t.tricode for t in self.league.teams}
        texts = {}
        for series in self.series:
            if series.season_type != PLAYOFFS or not series.top:
                continue
            wins = {series.top: 0, series.bottom: 0}
            after: dict[str, str] = {}
            for game_id in series.played:
                result = self.results[game_id]
                if result.end <= moment:
                    wins[tricode[result.winner]] += 1
                    after[game_id] = self._standing(series, wins)
            current = self._standing(series, wins)
            for slot in series.slots:
                texts[slot.game_id] = after.get(slot.game_id, current)
        return texts

    @staticmethod
    def _standing(series: Series, wins: dict[str, int]) -> str:
        leader = max(wins, key=lambda t: (wins[t], t == series.top))
        high, low = wins[leader], min(wins.values())
        if high == low:
            return f"Series tied {high}-{low}" if high else ""
        if high == 4:
            return f"{leader} wins {high}-{low}"
        return f"{leader} leads {high}-{low}"

    def series_info(self, game_id: str) -> tuple[str, str]:
        """(conference, round description) of a playoff game."""
        for series in self.series:
            if series.season_type == PLAYOFFS and any(s.game_id == game_id for s in series.slots):
                names = {
                    1: "First Round",
                    2: "Conf. Semifinals",
                    3: "Conf. Finals",
                    4: "NBA Finals",
                }
                return series.conference, names[series.round_number]
        return "", ""

    def series_record_before(self, game_id: str) -> dict[int, tuple[int, int]]:
        """Series wins and losses of both teams before ``game_id`` was played."""
        for series in self.series:
            if game_id not in series.played:
                continue
            by_tricode = self.league.by_tricode
            tricode = {t.team_id: t.tricode for t in self.league.teams}
            wins = {series.top: 0, series.bottom: 0}
            for earlier in series.played[: series.played.index(game_id)]:
                wins[tricode[self.results[earlier].winner]] += 1
            top, bottom = by_tricode[series.top].team_id, by_tricode[series.bottom].team_id
            return {
                top: (wins[series.top], wins[series.bottom]),
                bottom: (wins[series.bottom], wins[series.top]),
            }
        return {}
