"""Key order of each play-by-play action type, as the NBA's feed writes them.

One template per action family; an action carries the template's keys that apply to
it (``descriptor``, ``assistPersonId``, ``officialId``... only when set), in template
order.  ``area``, ``areaDetail`` and ``isTargetScoreLastPeriod`` appear only in
later-season payloads.
"""

from __future__ import annotations

_HEAD = (
    "actionNumber",
    "clock",
    "timeActual",
    "period",
    "periodType",
    "teamId",
    "teamTricode",
    "actionType",
    "subType",
    "descriptor",
    "qualifiers",
    "value",
    "personId",
    "x",
    "y",
)
_NAMES = ("description", "playerName", "playerNameI", "personIdsFilter")
TEMPLATES: dict[str, tuple[str, ...]] = {
    "shot": _HEAD
    + (
        "area",
        "areaDetail",
        "side",
        "shotDistance",
        "possession",
        "scoreHome",
        "scoreAway",
        "edited",
        "orderNumber",
        "isTargetScoreLastPeriod",
        "xLegacy",
        "yLegacy",
        "isFieldGoal",
        "shotResult",
        "pointsTotal",
    )
    + _NAMES
    + (
        "blockPlayerName",
        "blockPersonId",
        "assistPlayerNameInitial",
        "assistPersonId",
        "assistTotal",
    ),
    "freethrow": _HEAD
    + (
        "side",
        "possession",
        "scoreHome",
        "scoreAway",
        "edited",
        "orderNumber",
        "isTargetScoreLastPeriod",
        "xLegacy",
        "yLegacy",
        "isFieldGoal",
        "shotResult",
        "pointsTotal",
    )
    + _NAMES,
    "rebound": _HEAD
    + (
        "side",
        "possession",
        "scoreHome",
        "scoreAway",
        "edited",
        "orderNumber",
        "isTargetScoreLastPeriod",
        "xLegacy",
        "yLegacy",
        "isFieldGoal",
        "shotActionNumber",
        "reboundTotal",
        "reboundDefensiveTotal",
        "reboundOffensiveTotal",
    )
    + _NAMES,
    "turnover": _HEAD
    + (
        "side",
        "possession",
        "scoreHome",
        "scoreAway",
        "edited",
        "officialId",
        "orderNumber",
        "isTargetScoreLastPeriod",
        "xLegacy",
        "yLegacy",
        "isFieldGoal",
        "turnoverTotal",
    )
    + _NAMES
    + ("stealPlayerName", "stealPersonId"),
    "steal": _HEAD
    + (
        "side",
        "possession",
        "scoreHome",
        "scoreAway",
        "edited",
        "orderNumber",
        "isTargetScoreLastPeriod",
        "xLegacy",
        "yLegacy",
        "isFieldGoal",
    )
    + _NAMES,
    "foul": _HEAD
    + (
        "side",
        "possession",
        "scoreHome",
        "scoreAway",
        "edited",
        "officialId",
        "orderNumber",
        "isTargetScoreLastPeriod",
        "xLegacy",
        "yLegacy",
        "isFieldGoal",
        "foulPersonalTotal",
        "foulTechnicalTotal",
    )
    + _NAMES
    + ("foulDrawnPlayerName", "foulDrawnPersonId"),
    "technical": _HEAD
    + (
        "possession",
        "scoreHome",
        "scoreAway",
        "edited",
        "officialId",
        "orderNumber",
        "isTargetScoreLastPeriod",
        "xLegacy",
        "yLegacy",
        "isFieldGoal",
        "foulPersonalTotal",
        "foulTechnicalTotal",
        "side",
    )
    + _NAMES,
    "late_side": _HEAD
    + (
        "possession",
        "scoreHome",
        "scoreAway",
        "edited",
        "officialId",
        "orderNumber",
        "isTargetScoreLastPeriod",
        "xLegacy",
        "yLegacy",
        "isFieldGoal",
        "side",
    )
    + _NAMES,
    "jumpball": _HEAD
    + (
        "possession",
        "scoreHome",
        "scoreAway",
        "edited",
        "orderNumber",
        "isTargetScoreLastPeriod",
        "xLegacy",
        "yLegacy",
        "isFieldGoal",
        "jumpBallRecoveredName",
        "jumpBallRecoverdPersonId",
        "side",
        "playerName",
        "playerNameI",
        "personIdsFilter",
        "jumpBallWonPlayerName",
        "jumpBallWonPersonId",
        "description",
        "jumpBallLostPlayerName",
        "jumpBallLostPersonId",
    ),
}
TEMPLATE_OF = {
    "2pt": "shot",
    "3pt": "shot",
    "freethrow": "freethrow",
    "rebound": "rebound",
    "turnover": "turnover",
    "steal": "steal",
    "block": "steal",
    "foul": "foul",
    "jumpball": "jumpball",
}
NEW_FIELDS = ("area", "areaDetail", "isTargetScoreLastPeriod")


def template_for(action_type: str, sub_type: str | None) -> tuple[str, ...]:
    if action_type == "foul" and sub_type == "technical":
        return TEMPLATES["technical"]
    name = TEMPLATE_OF.get(action_type)
    return TEMPLATES[name] if name else TEMPLATES["late_side"]
