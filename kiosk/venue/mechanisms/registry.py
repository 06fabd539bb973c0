"""Every mechanism besides the queue, as the venue service loads it and the demo shows it.

Each mechanism module offers `load(store) -> list[engine]` (rebuild its engines from the
store) and `demo(service)` (create its demo experience). Add one line per mechanism to each
function below. The imports are inside the functions so mechanism modules may import the
service without an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Loader = Callable[[Any], list[Any]]
Demo = Callable[[Any], None]


def mechanism_loaders() -> list[Loader]:
    from kiosk.venue.mechanisms import appointment, auction, draw, timed_release

    return [appointment.load, auction.load, draw.load, timed_release.load]


def demos() -> list[Demo]:
    from kiosk.venue.mechanisms import appointment, auction, draw, timed_release

    return [appointment.demo, auction.demo, draw.demo, timed_release.demo]
