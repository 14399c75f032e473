"""The league: 30 real teams, rosters dealt from nba_api's active players by seed,
synthetic player abilities, injuries and a pool of game officials."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from nba_api.stats.static import players as static_players
from nba_api.stats.static import teams as static_teams

from sandbox.synth.arenas import (
    ARENAS,
    CONFERENCES,
    DIVISIONS,
    TEAM_CITY_OVERRIDES,
    TEAM_FULL_NAME_OVERRIDES,
    Arena,
)
from sandbox.synth.randomness import stream

ROSTER_SIZE = 15
ACTIVE_PER_GAME = 13
SLOT_POSITIONS = ("PG", "SG", "SF", "PF", "C")
POSITION_GROUP = {"PG": "G", "SG": "G", "SF": "F", "PF": "F", "C": "C"}
TEAM_SLUG_OVERRIDES = {"POR": "blazers", "PHI": "sixers"}
INJURIES = (
    "Left Ankle; Sprain",
    "Right Ankle; Sprain",
    "Right Knee; Soreness",
    "Left Knee; Tendinopathy",
    "Low Back; Spasms",
    "Left Hamstring; Strain",
    "Right Calf; Strain",
    "Illness",
    "Right Foot; Soreness",
    "Left Shoulder; Sprain",
)


def slugify(name: str) -> str:
    """``Nikola Jokić`` -> ``nikola-jokic``: ASCII, lowercase, hyphenated, no apostrophes."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = "".join(c if c.isalnum() else " " for c in text.lower().replace("'", ""))
    return "-".join(cleaned.split())


@dataclass(frozen=True, eq=False)
class Player:
    """A rostered player (compared by identity: one object per player and league)."""

    person_id: int
    first_name: str
    family_name: str
    jersey: str
    position: str  # PG, SG, SF, PF, C
    rank: int  # 0 = best on the team
    usage: float
    shot_mix: tuple[float, float, float, float, float]  # rim, paint, mid, corner 3, above-break 3
    shooting: float  # added to every make probability
    free_throw: float
    rebounding: float
    passing: float
    stealing: float
    blocking: float
    fouling: float
    injuries: tuple[tuple[date, date, str], ...] = ()

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.family_name}".strip()

    @property
    def name_i(self) -> str:
        return f"{self.first_name[:1]}. {self.family_name}" if self.first_name else self.family_name

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def group(self) -> str:
        return POSITION_GROUP[self.position]

    @property
    def display_position(self) -> str:
        return {"PG": "G", "SG": "G", "SF": "F", "PF": "F-C", "C": "C"}[self.position]

    def injury_on(self, day: date) -> str | None:
        for start, end, description in self.injuries:
            if start <= day <= end:
                return description
        return None


@dataclass(frozen=True)
class Official:
    person_id: int
    first_name: str
    family_name: str
    jersey: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.family_name}"

    @property
    def name_i(self) -> str:
        return f"{self.first_name[:1]}. {self.family_name}"


@dataclass(frozen=True)
class Team:
    team_id: int
    tricode: str
    name: str  # nickname, e.g. "Nets"
    city: str
    full_name: str
    slug: str
    conference: str
    division: str
    arena: Arena
    offense: float  # make-probability edge when this team shoots
    defense: float  # make-probability edge conceded
    roster: tuple[Player, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class League:
    season: str
    teams: tuple[Team, ...]
    officials: tuple[Official, ...]

    @property
    def by_id(self) -> dict[int, Team]:
        return {team.team_id: team for team in self.teams}

    @property
    def by_tricode(self) -> dict[str, Team]:
        return {team.tricode: team for team in self.teams}

    def player(self, person_id: int) -> Player:
        for team in self.teams:
            for player in team.roster:
                if player.person_id == person_id:
                    return player
        raise KeyError(person_id)


def season_start_year(season: str) -> int:
    return int(season[:4])


def _division_of(tricode: str) -> tuple[str, str]:
    for conference, divisions in CONFERENCES.items():
        for division in divisions:
            if tricode in DIVISIONS[division]:
                return conference, division
    raise KeyError(tricode)


_SHOT_MIX = {
    "PG": (0.27, 0.13, 0.15, 0.08, 0.37),
    "SG": (0.25, 0.11, 0.15, 0.11, 0.38),
    "SF": (0.30, 0.12, 0.15, 0.11, 0.32),
    "PF": (0.38, 0.15, 0.14, 0.09, 0.24),
    "C": (0.58, 0.18, 0.10, 0.03, 0.11),
}


def _make_player(rng, info: dict, slot: int, jersey: str, season: str) -> Player:
    position = SLOT_POSITIONS[slot % 5]
    starter = slot < 5
    base_usage = (1.6 if starter else 1.0) * (1.25 if slot == 0 else 1.0)
    mix = tuple(max(0.01, w * rng.uniform(0.7, 1.3)) for w in _SHOT_MIX[position])
    total = sum(mix)
    year = season_start_year(season)
    injuries = []
    for _ in range(2):
        if rng.random() < 0.3:
            start = date(year, 10, 20) + timedelta(days=rng.randrange(0, 170))
            length = rng.choice((2, 3, 4, 6, 8, 12, 18, 25))
            injuries.append((start, start + timedelta(days=length), rng.choice(INJURIES)))
    return Player(
        person_id=info["id"],
        first_name=info["first_name"] or "",
        family_name=info["last_name"] or info["full_name"],
        jersey=jersey,
        position=position,
        rank=slot,
        usage=base_usage * rng.uniform(0.75, 1.3),
        shot_mix=tuple(w / total for w in mix),  # type: ignore[arg-type]
        shooting=rng.gauss(0.0, 0.025) + (0.01 if starter else -0.01),
        free_throw=min(0.93, max(0.55, rng.gauss(0.80 if position != "C" else 0.70, 0.07))),
        rebounding=rng.uniform(0.8, 1.2)
        * {"PG": 0.55, "SG": 0.6, "SF": 0.85, "PF": 1.2, "C": 1.7}[position],
        passing=rng.uniform(0.7, 1.3)
        * {"PG": 2.2, "SG": 1.3, "SF": 1.0, "PF": 0.8, "C": 0.7}[position],
        stealing=rng.uniform(0.7, 1.3)
        * {"PG": 1.3, "SG": 1.2, "SF": 1.0, "PF": 0.8, "C": 0.7}[position],
        blocking=rng.uniform(0.6, 1.4)
        * {"PG": 0.3, "SG": 0.4, "SF": 0.8, "PF": 1.3, "C": 2.4}[position],
        fouling=rng.uniform(0.8, 1.2)
        * {"PG": 0.9, "SG": 0.9, "SF": 1.0, "PF": 1.1, "C": 1.3}[position],
        injuries=tuple(sorted(injuries)),
    )


_OFFICIAL_FIRST = (
    "Zach",
    "Nick",
    "Scott",
    "Tony",
    "James",
    "Marc",
    "Ed",
    "Courtney",
    "Sean",
    "Kevin",
    "Josh",
    "Brian",
    "Natalie",
    "Derrick",
    "Ben",
    "Tyler",
    "Karl",
    "Pat",
    "Eric",
    "Mitchell",
    "John",
    "Lauren",
    "Curtis",
    "David",
    "Rodney",
)
_OFFICIAL_LAST = (
    "Zarba",
    "Buchert",
    "Twardoski",
    "Brothers",
    "Capers",
    "Davis",
    "Malloy",
    "Kirkland",
    "Corbin",
    "Scott",
    "Tiven",
    "Forte",
    "Sago",
    "Collins",
    "Taylor",
    "Ford",
    "Lane",
    "Fraher",
    "Lewis",
    "Ervin",
    "Goble",
    "Holtkamp",
    "Wright",
    "Guthrie",
    "Mott",
    "Boland",
    "Green",
    "Adams",
    "Callahan",
    "Dalen",
)


@lru_cache(maxsize=8)
def build_league(seed: int, season: str) -> League:
    """Teams with 15-man rosters dealt from the active players, reproducible by seed."""
    rng = stream(seed, "league", season)
    actives = sorted(
        (p for p in static_players.get_players() if p["is_active"]), key=lambda p: p["id"]
    )
    rng.shuffle(actives)
    teams = []
    for index, info in enumerate(sorted(static_teams.get_teams(), key=lambda t: t["id"])):
        tricode = info["abbreviation"]
        conference, division = _division_of(tricode)
        dealt = actives[index * ROSTER_SIZE : (index + 1) * ROSTER_SIZE]
        jerseys = rng.sample([str(n) for n in range(0, 100)] + ["00"], ROSTER_SIZE)
        roster = tuple(
            _make_player(rng, p, slot, jerseys[slot], season) for slot, p in enumerate(dealt)
        )
        city = TEAM_CITY_OVERRIDES.get(tricode, info["full_name"][: -len(info["nickname"])].strip())
        strength = rng.gauss(0.0, 0.014)
        teams.append(
            Team(
                team_id=info["id"],
                tricode=tricode,
                name=info["nickname"],
                city=city,
                full_name=TEAM_FULL_NAME_OVERRIDES.get(tricode, info["full_name"]),
                slug=TEAM_SLUG_OVERRIDES.get(tricode, info["nickname"].lower().replace(" ", "")),
                conference=conference,
                division=division,
                arena=ARENAS[tricode],
                offense=strength * 0.6 + rng.gauss(0.0, 0.008),
                defense=-strength * 0.4 + rng.gauss(0.0, 0.008),
                roster=roster,
            )
        )
    names = sorted({(f, last) for f in _OFFICIAL_FIRST for last in _OFFICIAL_LAST})
    picked = rng.sample(names, 45)
    numbers = rng.sample(range(1, 99), 45)
    officials = tuple(
        Official(200000 + 37 * i + rng.randrange(0, 30), first, last, str(numbers[i]))
        for i, (first, last) in enumerate(picked)
    )
    return League(season=season, teams=tuple(teams), officials=officials)
