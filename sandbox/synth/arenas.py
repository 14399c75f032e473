"""Home arenas, time zones and divisions of the 30 teams (2024-25 names)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Arena:
    arena_id: int
    name: str
    city: str
    state: str
    country: str
    timezone: str
    capacity: int


ARENAS: dict[str, Arena] = {
    "ATL": Arena(1, "State Farm Arena", "Atlanta", "GA", "US", "America/New_York", 17044),
    "BOS": Arena(2, "TD Garden", "Boston", "MA", "US", "America/New_York", 19156),
    "BKN": Arena(461, "Barclays Center", "Brooklyn", "NY", "US", "America/New_York", 17732),
    "CHA": Arena(5, "Spectrum Center", "Charlotte", "NC", "US", "America/New_York", 19077),
    "CHI": Arena(6, "United Center", "Chicago", "IL", "US", "America/Chicago", 20917),
    "CLE": Arena(
        7, "Rocket Mortgage FieldHouse", "Cleveland", "OH", "US", "America/New_York", 19432
    ),
    "DAL": Arena(8, "American Airlines Center", "Dallas", "TX", "US", "America/Chicago", 19200),
    "DEN": Arena(9, "Ball Arena", "Denver", "CO", "US", "America/Denver", 19520),
    "DET": Arena(10, "Little Caesars Arena", "Detroit", "MI", "US", "America/Detroit", 20332),
    "GSW": Arena(11, "Chase Center", "San Francisco", "CA", "US", "America/Los_Angeles", 18064),
    "HOU": Arena(12, "Toyota Center", "Houston", "TX", "US", "America/Chicago", 18055),
    "IND": Arena(
        13,
        "Gainbridge Fieldhouse",
        "Indianapolis",
        "IN",
        "US",
        "America/Indiana/Indianapolis",
        17274,
    ),
    "LAC": Arena(1000, "Intuit Dome", "Inglewood", "CA", "US", "America/Los_Angeles", 18000),
    "LAL": Arena(15, "Crypto.com Arena", "Los Angeles", "CA", "US", "America/Los_Angeles", 18997),
    "MEM": Arena(16, "FedExForum", "Memphis", "TN", "US", "America/Chicago", 17794),
    "MIA": Arena(17, "Kaseya Center", "Miami", "FL", "US", "America/New_York", 19600),
    "MIL": Arena(18, "Fiserv Forum", "Milwaukee", "WI", "US", "America/Chicago", 17341),
    "MIN": Arena(19, "Target Center", "Minneapolis", "MN", "US", "America/Chicago", 18978),
    "NOP": Arena(20, "Smoothie King Center", "New Orleans", "LA", "US", "America/Chicago", 16867),
    "NYK": Arena(21, "Madison Square Garden", "New York", "NY", "US", "America/New_York", 19812),
    "OKC": Arena(22, "Paycom Center", "Oklahoma City", "OK", "US", "America/Chicago", 18203),
    "ORL": Arena(23, "Kia Center", "Orlando", "FL", "US", "America/New_York", 18846),
    "PHI": Arena(24, "Wells Fargo Center", "Philadelphia", "PA", "US", "America/New_York", 20478),
    "PHX": Arena(25, "Footprint Center", "Phoenix", "AZ", "US", "America/Phoenix", 17071),
    "POR": Arena(26, "Moda Center", "Portland", "OR", "US", "America/Los_Angeles", 19393),
    "SAC": Arena(27, "Golden 1 Center", "Sacramento", "CA", "US", "America/Los_Angeles", 17583),
    "SAS": Arena(28, "Frost Bank Center", "San Antonio", "TX", "US", "America/Chicago", 18418),
    "TOR": Arena(29, "Scotiabank Arena", "Toronto", "ON", "CA", "America/Toronto", 19800),
    "UTA": Arena(30, "Delta Center", "Salt Lake City", "UT", "US", "America/Denver", 18306),
    "WAS": Arena(31, "Capital One Arena", "Washington", "DC", "US", "America/New_York", 20356),
}

DIVISIONS: dict[str, tuple[str, ...]] = {
    "Atlantic": ("BOS", "BKN", "NYK", "PHI", "TOR"),
    "Central": ("CHI", "CLE", "DET", "IND", "MIL"),
    "Southeast": ("ATL", "CHA", "MIA", "ORL", "WAS"),
    "Northwest": ("DEN", "MIN", "OKC", "POR", "UTA"),
    "Pacific": ("GSW", "LAC", "LAL", "PHX", "SAC"),
    "Southwest": ("DAL", "HOU", "MEM", "NOP", "SAS"),
}

CONFERENCES: dict[str, tuple[str, ...]] = {
    "East": ("Atlantic", "Central", "Southeast"),
    "West": ("Northwest", "Pacific", "Southwest"),
}

# The NBA's own spellings where they differ from nba_api's static team list.
TEAM_CITY_OVERRIDES = {"LAC": "LA", "GSW": "Golden State"}
TEAM_FULL_NAME_OVERRIDES = {"LAC": "LA Clippers"}
