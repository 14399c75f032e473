"""A synthetic NBA season in the CDN's own formats.

An independent twin of the NBA: a possession-by-possession simulation of a season
(real teams, rosters dealt from nba_api's active players) written into a raw archive
as the NBA's endpoints serve it - schedule, play-by-play, box scores, odds, live
scoreboard polls and the stats.nba.com game finder.  It shares no code with the
ingestion parsers or the dbt models, so a misunderstanding on either side shows up
as a failed reconciliation.

Entry points: :func:`generate_season`, and :func:`add_arguments` / :func:`run` for
``courtside synth``.
"""

from sandbox.synth.cli import add_arguments, run
from sandbox.synth.faults import ALL_FAULTS
from sandbox.synth.season import SynthSummary, generate_season

__all__ = ["ALL_FAULTS", "SynthSummary", "add_arguments", "generate_season", "run"]
