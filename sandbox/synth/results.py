"""What the season-level feeds need to know about a finished game (small and
picklable, so worker processes can hand it back)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sandbox.synth.box_tally import BoxTally
from sandbox.synth.game_state import GameLog

GAMEFINDER_STATS = (
    "MIN",
    "PTS",
    "FGM",
    "FGA",
    "FG3M",
    "FG3A",
    "FTM",
    "FTA",
    "OREB",
    "DREB",
    "REB",
    "AST",
    "STL",
    "BLK",
    "TOV",
    "PF",
)


@dataclass(frozen=True)
class Leader:
    person_id: int
    first_name: str
    family_name: str
    team_id: int
    points: int


@dataclass
class GameResult:
    game_id: str
    home_id: int
    away_id: int
    home_score: int
    away_score: int
    start: datetime  # period 1 start, UTC-aware
    end: datetime  # game end action, UTC-aware
    periods: int
    team_lines: dict[int, dict[str, int]]  # team id -> leaguegamefinder counting stats
    leaders: tuple[Leader, Leader]  # home, away points leaders
    actions: int = 0
    written: dict[str, list[int]] = field(default_factory=dict)  # feed -> [files, bytes]

    @property
    def winner(self) -> int:
        return self.home_id if self.home_score > self.away_score else self.away_id

    @property
    def loser(self) -> int:
        return self.away_id if self.home_score > self.away_score else self.home_id


def summarize(log: GameLog, tally: BoxTally, actions: int) -> GameResult:
    lines: dict[int, dict[str, int]] = {}
    leaders = []
    for team, dressed in ((log.home, log.dressed[0]), (log.away, log.dressed[1])):
        people = [p.person_id for p in dressed.active]
        rows = [tally.player_statistics(pid, live=False) for pid in people]
        total = {
            key: sum(r[key] for r in rows)
            for key in (
                "points",
                "fieldGoalsMade",
                "fieldGoalsAttempted",
                "threePointersMade",
                "threePointersAttempted",
                "freeThrowsMade",
                "freeThrowsAttempted",
                "reboundsOffensive",
                "reboundsDefensive",
                "assists",
                "steals",
                "blocks",
                "turnovers",
                "foulsPersonal",
            )
        }
        minutes = sum(round(tally.seconds_played(pid, live=False) / 60) for pid in people)
        lines[team.team_id] = {
            "MIN": minutes,
            "PTS": total["points"],
            "FGM": total["fieldGoalsMade"],
            "FGA": total["fieldGoalsAttempted"],
            "FG3M": total["threePointersMade"],
            "FG3A": total["threePointersAttempted"],
            "FTM": total["freeThrowsMade"],
            "FTA": total["freeThrowsAttempted"],
            "OREB": total["reboundsOffensive"],
            "DREB": total["reboundsDefensive"],
            "REB": total["reboundsOffensive"] + total["reboundsDefensive"],
            "AST": total["assists"],
            "STL": total["steals"],
            "BLK": total["blocks"],
            "TOV": total["turnovers"] + tally.team[team.team_id]["turnoversTeam"],
            "PF": total["foulsPersonal"],
        }
        best = max(
            dressed.active,
            key=lambda p: (tally.player.get(p.person_id, {}).get("points", 0), -p.rank),
        )
        leaders.append(
            Leader(
                best.person_id,
                best.first_name,
                best.family_name,
                team.team_id,
                tally.player.get(best.person_id, {}).get("points", 0),
            )
        )
    home, away = tally.score[log.home.team_id], tally.score[log.away.team_id]
    tip = log.game.tip
    return GameResult(
        game_id=log.game.game_id,
        home_id=log.home.team_id,
        away_id=log.away.team_id,
        home_score=home,
        away_score=away,
        start=tip + timedelta(seconds=log.tip_wall),
        end=tip + timedelta(seconds=log.end_wall),
        periods=tally.period,
        team_lines=lines,
        leaders=(leaders[0], leaders[1]),
        actions=actions,
    )
