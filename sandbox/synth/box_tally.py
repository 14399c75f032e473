"""Box-score statistics tallied action by action from the rendered play-by-play.

Every statistic comes from the actions themselves (a prefix of them for a live box
score), so a box score always agrees with the play-by-play it was built from:
points, shots, rebounds, assists, steals, blocks, turnovers, fouls, minutes from the
substitutions, plus/minus while on court, period scores and the team extras
(biggest lead, runs, lead changes, time leading, bench points...).
"""

from __future__ import annotations

from collections import defaultdict

from sandbox.synth.game_state import GameLog
from sandbox.synth.timefmt import duration, rounded_minutes


def ratio(made: float, attempted: float) -> float:
    return round(made / attempted, 15) if attempted else 0.0


def period_length(period: int) -> int:
    return 7200 if period <= 4 else 3000


class BoxTally:
    """Statistics of one game, accumulated action by action."""

    def __init__(self, log: GameLog):
        self.home_id, self.away_id = log.home.team_id, log.away.team_id
        self.team_of: dict[int, int] = {}
        for team_id, dressed in ((self.home_id, log.dressed[0]), (self.away_id, log.dressed[1])):
            for player in dressed.active:
                self.team_of[player.person_id] = team_id
        self.player: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.team: dict[int, dict[str, int]] = {
            self.home_id: defaultdict(int),
            self.away_id: defaultdict(int),
        }
        self.on: dict[int, set[int]] = {
            self.home_id: {p.person_id for p in log.dressed[0].starters},
            self.away_id: {p.person_id for p in log.dressed[1].starters},
        }
        self.played: set[int] = set(self.on[self.home_id] | self.on[self.away_id])
        self.entered: dict[int, int] = {pid: 7200 for pid in self.played}  # clock at entry
        self.seconds: dict[int, float] = defaultdict(float)
        self.period_scores: dict[int, dict[int, int]] = {
            self.home_id: defaultdict(int),
            self.away_id: defaultdict(int),
        }
        self.score = {self.home_id: 0, self.away_id: 0}
        self.period = 1
        self.clock = 7200
        self.period_fouls = {self.home_id: 0, self.away_id: 0}
        self.late_fouls = {self.home_id: 0, self.away_id: 0}
        self.timeouts_used = {self.home_id: 0, self.away_id: 0}
        self.biggest_lead = {self.home_id: 0, self.away_id: 0}
        self.biggest_lead_score = {self.home_id: "0-0", self.away_id: "0-0"}
        self.run_team, self.run_points = 0, 0
        self.biggest_run = {self.home_id: 0, self.away_id: 0}
        self.biggest_run_score = {self.home_id: "0-0", self.away_id: "0-0"}
        self.leader = 0
        self.lead_changes = 0
        self.times_tied = 0
        self.time_leading = {self.home_id: 0.0, self.away_id: 0.0}
        self.lead_clock = 7200
        self.in_break = False  # between a period's end and the next period's start
        self.break_after = 0

    def other(self, team_id: int) -> int:
        return self.away_id if team_id == self.home_id else self.home_id

    # -- processing -------------------------------------------------------------

    def feed(self, actions: list[dict]) -> None:
        for action in actions:
            self.add(action)

    def add(self, action: dict) -> None:
        kind = action["actionType"]
        clock = _clock_tenths(action["clock"])
        period = action["period"]
        if period != self.period:
            self.period, self.clock, self.lead_clock = period, period_length(period), clock
            self.period_fouls = {self.home_id: 0, self.away_id: 0}
            self.late_fouls = {self.home_id: 0, self.away_id: 0}
            for team in (self.home_id, self.away_id):
                for person in self.on[team]:
                    self.entered[person] = self.clock
        self._lead_time(clock)
        self.clock = clock
        handler = getattr(self, "_" + kind, None)
        if handler is not None:
            handler(action)

    def _lead_time(self, clock: int) -> None:
        if self.leader:
            self.time_leading[self.leader] += (self.lead_clock - clock) / 10
        self.lead_clock = clock

    def _stat(self, person: int, key: str, amount: int = 1) -> None:
        if person:
            self.player[person][key] += amount

    def _score(self, action: dict, points: int) -> None:
        team, person = action["teamId"], action["personId"]
        other = self.other(team)
        self.score[team] += points
        self.period_scores[team][self.period] += points
        self._stat(person, "points", points)
        for pid in self.on[team]:
            self.player[pid]["plus"] += points
        for pid in self.on[other]:
            self.player[pid]["minus"] += points
        qualifiers = action["qualifiers"]
        stats = self.team[team]
        if "fastbreak" in qualifiers:
            self._stat(person, "pointsFastBreak", points)
            stats["pointsFastBreak"] += points
        if "pointsinthepaint" in qualifiers:
            self._stat(person, "pointsInThePaint", points)
            stats["pointsInThePaint"] += points
        if "2ndchance" in qualifiers:
            self._stat(person, "pointsSecondChance", points)
            stats["pointsSecondChance"] += points
        if "fromturnover" in qualifiers:
            stats["pointsFromTurnovers"] += points
        if self.run_team == team:
            self.run_points += points
        else:
            self.run_team, self.run_points = team, points
        if self.run_points > self.biggest_run[team]:
            self.biggest_run[team] = self.run_points
            self.biggest_run_score[team] = self._score_text()
        home, away = self.score[self.home_id], self.score[self.away_id]
        lead = self.score[team] - self.score[other]
        if lead > self.biggest_lead[team]:
            self.biggest_lead[team] = lead
            self.biggest_lead_score[team] = self._score_text()
        leader = self.home_id if home > away else self.away_id if away > home else 0
        if leader == 0 and self.leader:
            self.times_tied += 1
        elif leader and self.leader and leader != self.leader:
            self.lead_changes += 1
        self.leader = leader

    def _score_text(self) -> str:
        return f"{self.score[self.away_id]}-{self.score[self.home_id]}"

    def _field_goal(self, action: dict) -> None:
        person, team = action["personId"], action["teamId"]
        three = action["actionType"] == "3pt"
        made = action["shotResult"] == "Made"
        stats = self.team[team]
        self._stat(person, "fieldGoalsAttempted")
        if three:
            self._stat(person, "threePointersAttempted")
        qualifiers = action["qualifiers"]
        if "fastbreak" in qualifiers:
            stats["fastBreakPointsAttempted"] += 1
            stats["fastBreakPointsMade"] += made
        if "pointsinthepaint" in qualifiers:
            stats["pointsInThePaintAttempted"] += 1
            stats["pointsInThePaintMade"] += made
        if "2ndchance" in qualifiers:
            stats["secondChancePointsAttempted"] += 1
            stats["secondChancePointsMade"] += made
        if made:
            self._stat(person, "fieldGoalsMade")
            if three:
                self._stat(person, "threePointersMade")
            self._score(action, 3 if three else 2)
            self._stat(action.get("assistPersonId", 0), "assists")
        elif action.get("blockPersonId"):
            self._stat(person, "blocksReceived")

    _2pt = _field_goal
    _3pt = _field_goal

    def _freethrow(self, action: dict) -> None:
        person = action["personId"]
        self._stat(person, "freeThrowsAttempted")
        if action["shotResult"] == "Made":
            self._stat(person, "freeThrowsMade")
            self._score(action, 1)

    def _rebound(self, action: dict) -> None:
        person, team = action["personId"], action["teamId"]
        offensive = action["subType"] == "offensive"
        if person:
            self._stat(person, "reboundsOffensive" if offensive else "reboundsDefensive")
        else:
            self.team[team]["reboundsTeamOffensive" if offensive else "reboundsTeamDefensive"] += 1

    def _turnover(self, action: dict) -> None:
        if action["personId"]:
            self._stat(action["personId"], "turnovers")
        else:
            self.team[action["teamId"]]["turnoversTeam"] += 1

    def _steal(self, action: dict) -> None:
        self._stat(action["personId"], "steals")

    def _block(self, action: dict) -> None:
        self._stat(action["personId"], "blocks")

    def _foul(self, action: dict) -> None:
        person, team = action["personId"], action["teamId"]
        sub_type = action["subType"]
        if sub_type == "technical":
            if person:
                self._stat(person, "foulsTechnical")
            else:
                self.team[team]["foulsTeamTechnical"] += 1
            return
        self._stat(person, "foulsPersonal")
        if sub_type == "offensive":
            self._stat(person, "foulsOffensive")
        else:
            self.period_fouls[team] += 1
            if self.clock <= 1200:
                self.late_fouls[team] += 1
        self._stat(action.get("foulDrawnPersonId", 0), "foulsDrawn")

    def _timeout(self, action: dict) -> None:
        if action["subType"] == "full":
            self.timeouts_used[action["teamId"]] += 1

    def _substitution(self, action: dict) -> None:
        person, team = action["personId"], action["teamId"]
        if action["subType"] == "out":
            if person in self.on[team]:
                self.on[team].discard(person)
                self.seconds[person] += (self.entered.pop(person) - self.clock) / 10
        else:
            self.on[team].add(person)
            self.played.add(person)
            self.entered[person] = self.clock

    def _period(self, action: dict) -> None:
        self.in_break = action["subType"] == "end"
        if self.in_break:
            self.break_after = self.period
        if action["subType"] == "end":
            for team in (self.home_id, self.away_id):
                for person in self.on[team]:
                    self.seconds[person] += (self.entered[person] - self.clock) / 10
                    self.entered[person] = self.clock

    # -- results -------------------------------------------------------------------

    def seconds_played(self, person: int, live: bool) -> float:
        seconds = self.seconds.get(person, 0.0)
        if live and person in self.entered:
            seconds += (self.entered[person] - self.clock) / 10
        return seconds

    def player_statistics(self, person: int, live: bool) -> dict:
        s = self.player.get(person, {})
        get = s.get if s else (lambda _key, _default=0: 0)
        fga, fgm = get("fieldGoalsAttempted", 0), get("fieldGoalsMade", 0)
        tpa, tpm = get("threePointersAttempted", 0), get("threePointersMade", 0)
        fta, ftm = get("freeThrowsAttempted", 0), get("freeThrowsMade", 0)
        seconds = self.seconds_played(person, live)
        oreb, dreb = get("reboundsOffensive", 0), get("reboundsDefensive", 0)
        plus, minus = get("plus", 0), get("minus", 0)
        return {
            "assists": get("assists", 0),
            "blocks": get("blocks", 0),
            "blocksReceived": get("blocksReceived", 0),
            "fieldGoalsAttempted": fga,
            "fieldGoalsMade": fgm,
            "fieldGoalsPercentage": ratio(fgm, fga),
            "foulsOffensive": get("foulsOffensive", 0),
            "foulsDrawn": get("foulsDrawn", 0),
            "foulsPersonal": get("foulsPersonal", 0),
            "foulsTechnical": get("foulsTechnical", 0),
            "freeThrowsAttempted": fta,
            "freeThrowsMade": ftm,
            "freeThrowsPercentage": ratio(ftm, fta),
            "minus": float(minus),
            "minutes": duration(seconds),
            "minutesCalculated": rounded_minutes(seconds),
            "plus": float(plus),
            "plusMinusPoints": float(plus - minus),
            "points": get("points", 0),
            "pointsFastBreak": get("pointsFastBreak", 0),
            "pointsInThePaint": get("pointsInThePaint", 0),
            "pointsSecondChance": get("pointsSecondChance", 0),
            "reboundsDefensive": dreb,
            "reboundsOffensive": oreb,
            "reboundsTotal": oreb + dreb,
            "steals": get("steals", 0),
            "threePointersAttempted": tpa,
            "threePointersMade": tpm,
            "threePointersPercentage": ratio(tpm, tpa),
            "turnovers": get("turnovers", 0),
            "twoPointersAttempted": fga - tpa,
            "twoPointersMade": fgm - tpm,
            "twoPointersPercentage": ratio(fgm - tpm, fga - tpa),
        }

    def team_statistics(
        self, team: int, rows: dict[int, dict], starters: set[int], live: bool
    ) -> dict:
        """Team totals from the players' statistics (``rows`` by person id)."""
        people = list(rows)

        def total(key: str) -> int:
            return sum(row[key] for row in rows.values())

        extra = self.team[team]
        fga, fgm, tpa, tpm = (
            total(k)
            for k in (
                "fieldGoalsAttempted",
                "fieldGoalsMade",
                "threePointersAttempted",
                "threePointersMade",
            )
        )
        fta, ftm = total("freeThrowsAttempted"), total("freeThrowsMade")
        points = total("points")
        turnovers, team_turnovers = total("turnovers"), extra["turnoversTeam"]
        oreb, dreb = total("reboundsOffensive"), total("reboundsDefensive")
        team_oreb, team_dreb = extra["reboundsTeamOffensive"], extra["reboundsTeamDefensive"]
        seconds = sum(self.seconds_played(pid, live) for pid in people)
        ts_attempts = round(fga + 0.44 * fta, 2)
        fouls, offensive = total("foulsPersonal"), total("foulsOffensive")
        return {
            "assists": total("assists"),
            "assistsTurnoverRatio": ratio(total("assists"), turnovers),
            "benchPoints": sum(rows[p]["points"] for p in people if p not in starters),
            "biggestLead": self.biggest_lead[team],
            "biggestLeadScore": self.biggest_lead_score[team],
            "biggestScoringRun": self.biggest_run[team],
            "biggestScoringRunScore": self.biggest_run_score[team],
            "blocks": total("blocks"),
            "blocksReceived": total("blocksReceived"),
            "fastBreakPointsAttempted": extra["fastBreakPointsAttempted"],
            "fastBreakPointsMade": extra["fastBreakPointsMade"],
            "fastBreakPointsPercentage": ratio(
                extra["fastBreakPointsMade"], extra["fastBreakPointsAttempted"]
            ),
            "fieldGoalsAttempted": fga,
            "fieldGoalsEffectiveAdjusted": ratio(fgm + 0.5 * tpm, fga),
            "fieldGoalsMade": fgm,
            "fieldGoalsPercentage": ratio(fgm, fga),
            "foulsOffensive": offensive,
            "foulsDrawn": total("foulsDrawn"),
            "foulsPersonal": fouls,
            "foulsTeam": fouls - offensive,
            "foulsTechnical": total("foulsTechnical"),
            "foulsTeamTechnical": extra["foulsTeamTechnical"],
            "freeThrowsAttempted": fta,
            "freeThrowsMade": ftm,
            "freeThrowsPercentage": ratio(ftm, fta),
            "leadChanges": self.lead_changes,
            "minutes": duration(seconds),
            "minutesCalculated": rounded_minutes(seconds),
            "points": points,
            "pointsAgainst": self.score[self.other(team)],
            "pointsFastBreak": extra["pointsFastBreak"],
            "pointsFromTurnovers": extra["pointsFromTurnovers"],
            "pointsInThePaint": extra["pointsInThePaint"],
            "pointsInThePaintAttempted": extra["pointsInThePaintAttempted"],
            "pointsInThePaintMade": extra["pointsInThePaintMade"],
            "pointsInThePaintPercentage": ratio(
                extra["pointsInThePaintMade"], extra["pointsInThePaintAttempted"]
            ),
            "pointsSecondChance": extra["pointsSecondChance"],
            "reboundsDefensive": dreb,
            "reboundsOffensive": oreb,
            "reboundsPersonal": oreb + dreb,
            "reboundsTeam": team_oreb + team_dreb,
            "reboundsTeamDefensive": team_dreb,
            "reboundsTeamOffensive": team_oreb,
            "reboundsTotal": oreb + dreb + team_oreb + team_dreb,
            "secondChancePointsAttempted": extra["secondChancePointsAttempted"],
            "secondChancePointsMade": extra["secondChancePointsMade"],
            "secondChancePointsPercentage": ratio(
                extra["secondChancePointsMade"], extra["secondChancePointsAttempted"]
            ),
            "steals": total("steals"),
            "threePointersAttempted": tpa,
            "threePointersMade": tpm,
            "threePointersPercentage": ratio(tpm, tpa),
            "timeLeading": duration(self.time_leading[team]),
            "timesTied": self.times_tied,
            "trueShootingAttempts": ts_attempts,
            "trueShootingPercentage": ratio(points, 2 * ts_attempts),
            "turnovers": turnovers,
            "turnoversTeam": team_turnovers,
            "turnoversTotal": turnovers + team_turnovers,
            "twoPointersAttempted": fga - tpa,
            "twoPointersMade": fgm - tpm,
            "twoPointersPercentage": ratio(fgm - tpm, fga - tpa),
        }

    def live_state(self) -> tuple[int, int, str]:
        """(period, clock in tenths, status text) of a game in progress."""
        if self.in_break:
            return self.break_after, 0, status_text(self.break_after, 0, True)
        return self.period, self.clock, status_text(self.period, self.clock, False)

    def in_bonus(self, team: int) -> str:
        """Whether ``team`` shoots free throws on the opponent's next common foul."""
        other = self.other(team)
        limit = 4 if self.period <= 4 else 3
        late = self.late_fouls[other] >= 1 and self.clock <= 1200
        return "1" if self.period_fouls[other] >= limit or late else "0"


def _clock_tenths(clock: str) -> int:
    minutes = int(clock[2:4])
    seconds = float(clock[5:-1])
    return minutes * 600 + round(seconds * 10)


def status_text(period: int, clock: int, between: bool) -> str:
    """``Q2 07:15`` / ``Half`` / ``End Q3`` / ``OT1 02:00``."""
    name = f"Q{period}" if period <= 4 else f"OT{period - 4}"
    if between:
        return "Half" if period == 2 else f"End {name}"
    minutes, rest = divmod(clock, 600)
    return f"{name} {minutes:02d}:{rest // 10:02d}"
