"""``odds_todaysGames.json``: money line (``2way``) and ``spread`` markets from a
handful of books, priced from the two teams' strength and home court, opening in
the morning and drifting through the day.  Odds are decimal strings, team ids are
strings, one book (Novibet) is listed twice with different country codes, and some
books omit ``odds_trend`` - as in the NBA's feed."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime

from sandbox.synth.calendar_plan import ScheduledGame
from sandbox.synth.league import League
from sandbox.synth.randomness import derive_seed, stream


@dataclass(frozen=True)
class Book:
    book_id: str
    name: str
    country: str
    url: str
    trend: bool = True  # publishes odds_trend


SPORTSBET = Book(
    "sr:book:108", "Sportsbet", "AUS", "https://www.sportsbet.com.au/betting/basketball-us/nba"
)
NOVIBET_GR = Book("sr:book:6565", "Novibet", "GR", "https://www.novibet.gr/stoixima/mpasket/nba")
NOVIBET_CY = Book("sr:book:6565", "Novibet", "CY", "https://www.novibet.gr/stoixima/mpasket/nba")
FANDUEL = Book("sr:book:18186", "FanDuel", "US", "https://sportsbook.fanduel.com/navigation/nba")
OLYBET = Book("sr:book:23879", "Olybet", "EE", "https://www.olybet.eu/sports?competition=756")
TAB = Book(
    "sr:book:35226",
    "TabAustralia",
    "AU",
    "https://www.tab.com.au/sports/betting/Basketball/competitions/NBA",
)
BETMGM = Book(
    "sr:book:40165",
    "BetMGMCanadaOntario",
    "CA",
    "https://sports.on.betmgm.ca/en/sports/basketball-7/betting/usa-9/nba-6004",
)
MOZZART = Book("sr:book:5277", "Mozzartbet", "RS", "https://www.mozzartbet.com/sr/nba", False)
SPORTINGBET = Book("sr:book:38812", "SportingbetBr", "BR", "https://sports.sportingbet.bet.br/")
MONEYLINE_BOOKS = (SPORTSBET, NOVIBET_GR, NOVIBET_CY, FANDUEL, OLYBET, TAB, BETMGM)
SPREAD_BOOKS = (
    SPORTSBET,
    MOZZART,
    NOVIBET_GR,
    NOVIBET_CY,
    Book(FANDUEL.book_id, FANDUEL.name, FANDUEL.country, FANDUEL.url, False),
    TAB,
    SPORTINGBET,
    BETMGM,
)
SNAPSHOT_TIMES = ((10, 0), (13, 0), (16, 0), (18, 30))
MARGIN_SD = 13.0
HOME_COURT_POINTS = 3.2


def expected_margin(league: League, game: ScheduledGame) -> float:
    teams = league.by_tricode
    home, away = teams[game.home], teams[game.away]
    edge = (home.offense - away.defense) - (away.offense - home.defense)
    return edge * 200.0 + HOME_COURT_POINTS


def _phi(value: float) -> float:
    return 0.5 * (1.0 + math.erf(value / math.sqrt(2.0)))


def _decimal(probability: float, vig: float) -> float:
    return max(1.01, 1.0 / (probability * (1.0 + vig)))


def _text(odds: float) -> str:
    return f"{odds:.3f}"


def _spread_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _book_rng(seed: int, game: ScheduledGame, book: Book, market: str) -> random.Random:
    return stream(seed, "odds", game.game_id, book.book_id, market)


def _moneyline(seed, game, book, margin, progress) -> dict:
    rng = _book_rng(seed, game, book, "2way")
    bias = rng.gauss(0.0, 0.4)
    drift = rng.gauss(0.0, 1.2)
    vig = rng.uniform(0.03, 0.05)
    opening_p = _phi((margin + bias) / MARGIN_SD)
    current_p = _phi((margin + bias + drift * progress) / MARGIN_SD)
    outcomes = []
    for field_id, side, opening, current in (
        (1, "home", opening_p, current_p),
        (2, "away", 1 - opening_p, 1 - current_p),
    ):
        odds, open_odds = _decimal(current, vig), _decimal(opening, vig)
        outcome = {
            "odds_field_id": field_id,
            "type": side,
            "odds": _text(odds),
            "opening_odds": _text(open_odds),
        }
        if book.trend:
            outcome["odds_trend"] = "up" if current >= opening else "down"
        outcomes.append(outcome)
    return {
        "id": book.book_id,
        "name": book.name,
        "outcomes": outcomes,
        "url": book.url,
        "countryCode": book.country,
    }


def _spread(seed, game, book, margin, progress) -> dict:
    rng = _book_rng(seed, game, book, "spread")
    opening_line = round((margin + rng.gauss(0.0, 0.7)) * 2) / 2
    line = round((margin + rng.gauss(0.0, 0.7) + rng.gauss(0.0, 1.0) * progress) * 2) / 2
    outcomes = []
    price = rng.uniform(1.86, 1.96)
    open_price = rng.uniform(1.86, 1.96)
    for field_id, side, sign in ((10, "home", -1), (12, "away", 1)):
        odds = price if side == "home" else 3.78 - price
        opening = open_price if side == "home" else 3.78 - open_price
        outcome = {
            "odds_field_id": field_id,
            "type": side,
            "odds": _text(odds),
            "opening_odds": _text(opening),
        }
        if book.trend:
            outcome["odds_trend"] = "up" if odds >= opening else "down"
        outcome["spread"] = f"{_spread_number(sign * line + 0.0):g}"
        outcome["opening_spread"] = _spread_number(sign * opening_line + 0.0)
        outcomes.append(outcome)
    return {
        "id": book.book_id,
        "name": book.name,
        "outcomes": outcomes,
        "url": book.url,
        "countryCode": book.country,
    }


def odds_game(league: League, game: ScheduledGame, seed: int, moment: datetime) -> dict:
    margin = expected_margin(league, game)
    opening = game.tip.replace(hour=9, minute=0)
    progress = max(
        0.0, min(1.0, (moment - opening).total_seconds() / (game.tip - opening).total_seconds())
    )
    teams = league.by_tricode
    match_id = str(50000000 + derive_seed(seed, "sr", game.game_id) % 9000000)
    return {
        "gameId": game.game_id,
        "sr_id": f"sr:match:{match_id}",
        "srMatchId": match_id,
        "homeTeamId": str(teams[game.home].team_id),
        "awayTeamId": str(teams[game.away].team_id),
        "markets": [
            {
                "name": "2way",
                "odds_type_id": 1,
                "group_name": "regular",
                "books": [_moneyline(seed, game, b, margin, progress) for b in MONEYLINE_BOOKS],
            },
            {
                "name": "spread",
                "odds_type_id": 4,
                "group_name": "regular",
                "books": [_spread(seed, game, b, margin, progress) for b in SPREAD_BOOKS],
            },
        ],
    }


def odds_payload(league: League, games: list[ScheduledGame], seed: int, moment: datetime) -> dict:
    """Today's games that have not tipped off yet at ``moment``."""
    upcoming = sorted(
        (g for g in games if g.tip > moment and g.home), key=lambda g: (g.tip, g.game_id)
    )
    return {"games": [odds_game(league, g, seed, moment) for g in upcoming]}
