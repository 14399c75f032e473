"""``actionNumber``, ``orderNumber`` and edit stamps, fixed when an action is first
published (so later corrections keep them)."""

from __future__ import annotations

import random

from sandbox.synth.events import Event


def publish_numbers(events: list[Event], rng: random.Random) -> None:
    """Give every event its ``actionNumber``, ``orderNumber`` and edit delay.

    Numbers skip now and then (actions deleted by the scorer), ``orderNumber`` drifts
    from ``actionNumber * 10000``, and about one action in 250 is entered late: it
    gets a higher ``actionNumber`` than the actions after it, and an ``orderNumber``
    that slots it in place.
    """
    number, order = 1, 10000
    reserved: set[int] = set()
    for position, event in enumerate(events):
        gap = 0
        if position and rng.random() < 0.3:
            gap = 1 if rng.random() < 0.85 else 2
        number += 1 + gap
        while number in reserved:
            number += 1
        previous_order = order
        order += 10000 * (1 + (gap if position and rng.random() < 0.8 else 0))
        if event.kind not in ("period", "game") and rng.random() < 0.004:
            late = number + rng.randint(2, 4)
            while late in reserved:  # two late entries close together: never share a number
                late += 1
            reserved.add(late)
            event.number = late
            event.order = previous_order + 5000
            number -= 1
            order = previous_order + 10000
        else:
            event.number = number
            event.order = order
        slow = rng.random() < 0.04
        event.edit_delay = rng.uniform(60.0, 3600.0) if slow else rng.uniform(0.0, 14.0)
