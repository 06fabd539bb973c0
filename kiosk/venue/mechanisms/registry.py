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
    return []


def demos() -> list[Demo]:
    return []
