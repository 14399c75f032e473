"""Simulated events -> the CDN's ``playbyplay_<gameId>.json`` actions.

Each action type carries the keys (and key order) the NBA's feed carries for it;
scores are strings, clocks ISO-8601 durations, running totals (points, assists,
rebounds, turnovers, fouls) are the player's totals after the action, and the
descriptions follow the NBA's wording.  ``new_fields`` adds what later seasons
added (``area``, ``areaDetail``, ``isTargetScoreLastPeriod``, ``subType`` "" on
blocks and steals).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sandbox.synth.action_fields import template_for
from sandbox.synth.events import Event
from sandbox.synth.game_state import GameLog
from sandbox.synth.timefmt import game_clock, pbp_meta_time, utc_seconds, utc_tenths


class _Totals:
    def __init__(self) -> None:
        self.counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, stat: str, person: int, amount: int = 1) -> int:
        self.counts[stat][person] += amount
        return self.counts[stat][person]

    def get(self, stat: str, person: int) -> int:
        return self.counts[stat][person]


def _jump_shot_word(event: Event) -> str:
    if event.sub_type == "Jump Shot" and event.descriptor and not event.made:
        return "Shot"
    return event.sub_type or ""


def _shot_description(event: Event, name_i: str, points: int, assist: str) -> str:
    spot = event.spot
    assert spot is not None
    show = spot.distance >= 24 if event.kind == "3pt" else spot.distance >= 6
    distance = f"{int(spot.distance)}' " if show else ""
    descriptor = event.descriptor or ""
    if event.kind == "3pt":
        if event.made:
            text = f"{name_i} {distance}3PT {descriptor} ({points} PTS)"
        else:
            middle = f"{descriptor} " if descriptor else ""
            text = f"MISS {name_i} {distance}{middle}3PT"
    else:
        middle = f"{descriptor} " if descriptor else ""
        word = _jump_shot_word(event)
        text = f"{name_i} {distance}{middle}{word}"
        text = f"{text} ({points} PTS)" if event.made else f"MISS {text}"
    if event.made and assist:
        text += f" ({assist})"
    if event.block:
        text += " - blocked"
    return text


class PbpRenderer:
    """Turns one game's events into action dicts (and keeps the running totals)."""

    def __init__(self, log: GameLog, new_fields: bool = False):
        self.log = log
        self.new_fields = new_fields
        self.home_id = log.home.team_id
        self.tricode = {log.home.team_id: log.home.tricode, log.away.team_id: log.away.tricode}
        self.names: dict[int, tuple[str, str]] = {}
        for dressed in log.dressed:
            for player in dressed.active:
                self.names[player.person_id] = (player.family_name, player.name_i)
        self.tip: datetime = log.game.tip

    def render(self, events: list[Event]) -> list[dict]:
        totals = _Totals()
        home = away = 0
        actions = []
        for event in events:
            if event.made:
                if event.team == self.home_id:
                    home += event.points
                else:
                    away += event.points
            values = self._values(event, totals, events)
            values["scoreHome"], values["scoreAway"] = str(home), str(away)
            actions.append(self._ordered(event, values))
        return actions

    def _ordered(self, event: Event, values: dict) -> dict:
        template = template_for(event.kind, event.sub_type)
        return {key: values[key] for key in template if key in values}

    def _values(self, event: Event, totals: _Totals, events: list[Event]) -> dict:
        moment = self.tip + timedelta(seconds=event.wall)
        values: dict = {
            "actionNumber": event.number,
            "clock": game_clock(event.clock),
            "timeActual": utc_tenths(moment),
            "period": event.period,
            "periodType": "REGULAR" if event.period <= 4 else "OVERTIME",
            "actionType": event.kind,
            "qualifiers": list(event.qualifiers),
            "personId": event.person,
            "x": None,
            "y": None,
            "side": None,
            "possession": event.possession,
            "edited": utc_seconds(moment + timedelta(seconds=event.edit_delay)),
            "orderNumber": event.order,
            "xLegacy": None,
            "yLegacy": None,
            "isFieldGoal": 0,
            "personIdsFilter": [event.person] if event.person else [],
        }
        if self.new_fields:
            values["isTargetScoreLastPeriod"] = False
        if event.team:
            values["teamId"] = event.team
            values["teamTricode"] = self.tricode[event.team]
        if event.sub_type is not None:
            values["subType"] = event.sub_type
        elif self.new_fields and event.kind in ("block", "steal"):
            values["subType"] = ""
        if event.descriptor is not None:
            values["descriptor"] = event.descriptor
        if event.official:
            values["officialId"] = event.official
        if event.person:
            family, name_i = self.names[event.person]
            values["playerName"], values["playerNameI"] = family, name_i
        getattr(self, f"_{event.kind}")(event, values, totals, events)
        return values

    def _name_i(self, person: int) -> str:
        return self.names[person][1]

    def _family(self, person: int) -> str:
        return self.names[person][0]

    # -- per action type ----------------------------------------------------------

    def _shot(self, event, values, totals, *_):
        spot = event.spot
        values.update(
            x=spot.x,
            y=spot.y,
            side=spot.side,
            shotDistance=spot.distance,
            xLegacy=spot.x_legacy,
            yLegacy=spot.y_legacy,
            isFieldGoal=1,
            shotResult="Made" if event.made else "Missed",
        )
        if self.new_fields:
            values["area"], values["areaDetail"] = spot.area, spot.area_detail
        points = 0
        assist_text = ""
        if event.made:
            points = totals.add("points", event.person, event.points)
            values["pointsTotal"] = points
            if event.assist:
                count = totals.add("assists", event.assist)
                assist_text = f"{self._name_i(event.assist)} {count} AST"
                values["assistPlayerNameInitial"] = self._name_i(event.assist)
                values["assistPersonId"] = event.assist
                values["assistTotal"] = count
                values["personIdsFilter"] = [event.person, event.assist]
        if event.block:
            values["blockPlayerName"] = self._family(event.block)
            values["blockPersonId"] = event.block
            values["personIdsFilter"] = [event.person, event.block]
        values["description"] = _shot_description(
            event, self._name_i(event.person), points, assist_text
        )

    _2pt = _shot
    _3pt = _shot

    def _freethrow(self, event, values, totals, *_):
        values["shotResult"] = "Made" if event.made else "Missed"
        name_i = self._name_i(event.person)
        technical = "technical " if event.descriptor == "technical" else ""
        text = f"{name_i} {technical}Free Throw {event.sub_type}"
        if event.made:
            values["pointsTotal"] = points = totals.add("points", event.person)
            values["description"] = f"{text} ({points} PTS)"
        else:
            values["description"] = f"MISS {text}"

    def _rebound(self, event, values, totals, events):
        values["shotActionNumber"] = events[event.shot_ref].number if event.shot_ref >= 0 else 0
        if not event.person:
            values["description"] = f"TEAM {event.sub_type} REBOUND"
            return
        offensive = event.sub_type == "offensive"
        values["reboundTotal"] = totals.add("rebounds", event.person)
        values["reboundDefensiveTotal"] = totals.add("dreb", event.person, 0 if offensive else 1)
        values["reboundOffensiveTotal"] = totals.add("oreb", event.person, 1 if offensive else 0)
        values["description"] = (
            f"{self._name_i(event.person)} REBOUND "
            f"(Off:{values['reboundOffensiveTotal']} Def:{values['reboundDefensiveTotal']})"
        )

    def _turnover(self, event, values, totals, *_):
        if not event.person:
            tricode = self.tricode[event.team]
            values["description"] = f"{tricode} {event.sub_type} Team TURNOVER"
            return
        count = totals.add("turnovers", event.person)
        values["turnoverTotal"] = count
        what = f"{event.descriptor} {event.sub_type}" if event.descriptor else event.sub_type
        values["description"] = f"{self._name_i(event.person)} {what} TURNOVER ({count} TO)"
        if event.steal:
            values["stealPlayerName"] = self._family(event.steal)
            values["stealPersonId"] = event.steal
            values["personIdsFilter"] = [event.person, event.steal]

    def _steal(self, event, values, totals, *_):
        count = totals.add("steals", event.person)
        values["description"] = f"{self._name_i(event.person)} STEAL ({count} STL)"

    def _block(self, event, values, totals, *_):
        count = totals.add("blocks", event.person)
        values["description"] = f"{self._name_i(event.person)} BLOCK ({count} BLK)"

    def _foul(self, event, values, totals, *_):
        name_i = self._name_i(event.person)
        if event.sub_type == "technical":
            values["foulPersonalTotal"] = totals.get("fouls", event.person)
            values["foulTechnicalTotal"] = count = totals.add("technicals", event.person)
            values["description"] = f"{name_i} technical FOUL ({count} Tech)"
            return
        values["foulPersonalTotal"] = count = totals.add("fouls", event.person)
        values["foulTechnicalTotal"] = totals.get("technicals", event.person)
        what = f"{event.descriptor} {event.sub_type}" if event.descriptor else event.sub_type
        text = f"{name_i} {what} FOUL ({count} PF)"
        if event.free_throws:
            text += f" ({self._family(event.drawn)} {event.free_throws} FT)"
        values["description"] = text
        if event.drawn:
            values["foulDrawnPlayerName"] = self._family(event.drawn)
            values["foulDrawnPersonId"] = event.drawn
            values["personIdsFilter"] = [event.person, event.drawn]

    def _violation(self, event, values, *_):
        values["description"] = f"{self._name_i(event.person)} {event.sub_type} VIOLATION"

    def _substitution(self, event, values, *_):
        values["description"] = f"SUB {event.sub_type}: {self._name_i(event.person)}"

    def _timeout(self, event, values, *_):
        values["description"] = f"{self.tricode[event.team]} Timeout"

    def _jumpball(self, event, values, *_):
        won, lost, recovered = event.jump
        tricode = self.tricode[event.team]
        recovered_name = self._name_i(recovered) if recovered else f"Team ({tricode})"
        values["jumpBallRecoveredName"] = recovered_name
        if recovered:
            values["jumpBallRecoverdPersonId"] = recovered
        values["personIdsFilter"] = ([recovered] if recovered else []) + [won, lost]
        values["jumpBallWonPlayerName"] = self._family(won)
        values["jumpBallWonPersonId"] = won
        values["description"] = (
            f"Jump Ball {self._name_i(won)} vs. {self._name_i(lost)}: Tip to {recovered_name}"
        )
        values["jumpBallLostPlayerName"] = self._family(lost)
        values["jumpBallLostPersonId"] = lost

    def _period(self, event, values, *_):
        values["description"] = "Period Start" if event.sub_type == "start" else "Period End"

    def _game(self, event, values, *_):
        values["description"] = "Game End"

    def _stoppage(self, event, values, *_):
        pass

    def _instantreplay(self, event, values, *_):
        values["value"] = event.value


def pbp_payload(log: GameLog, actions: list[dict], fetched_at: datetime) -> dict:
    game_id = log.game.game_id
    return {
        "meta": {
            "version": 1,
            "code": 200,
            "request": f"http://nba.cloud/games/{game_id}/playbyplay?Format=json",
            "time": pbp_meta_time(fetched_at),
        },
        "game": {"gameId": game_id, "actions": actions},
    }


def tally_actions(events: list[Event]) -> list[dict]:
    """Just the fields a box score tally reads, for games simulated only for their
    results (no play-by-play file is written for them)."""
    actions = []
    for event in events:
        action = {
            "actionType": event.kind,
            "clock": game_clock(event.clock),
            "period": event.period,
            "subType": event.sub_type,
            "personId": event.person,
            "teamId": event.team,
            "qualifiers": event.qualifiers,
        }
        if event.kind in ("2pt", "3pt", "freethrow"):
            action["shotResult"] = "Made" if event.made else "Missed"
        if event.assist:
            action["assistPersonId"] = event.assist
        if event.block:
            action["blockPersonId"] = event.block
        if event.drawn:
            action["foulDrawnPersonId"] = event.drawn
        actions.append(action)
    return actions
