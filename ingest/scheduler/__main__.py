"""``python -m ingest.scheduler``: the same as ``courtside schedule``."""

import sys

from ingest.scheduler.cli import main

sys.exit(main())
