"""Deterministic random streams.

Every random decision draws from a stream derived from the run's seed and a label
(``"game:0022400001"``, ``"roster"``, ...), so one game's simulation never depends on
which other games were simulated, in which order, or in which process.
"""

from __future__ import annotations

import hashlib
import random


def derive_seed(seed: int, *labels: object) -> int:
    text = ":".join([str(seed), *(str(label) for label in labels)])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def stream(seed: int, *labels: object) -> random.Random:
    """A ``random.Random`` for one purpose, reproducible from ``seed`` and ``labels``."""
    return random.Random(derive_seed(seed, *labels))


def weighted_index(rng: random.Random, weights: list[float]) -> int:
    """Index drawn proportionally to ``weights`` (all >= 0, at least one > 0)."""
    total = sum(weights)
    point = rng.random() * total
    running = 0.0
    for index, weight in enumerate(weights):
        running += weight
        if point < running:
            return index
    return len(weights) - 1
