"""A response value together with what its headers said about it (the poll hint).

Metadata travels with the value it came with, so two journeys sharing one client never
read each other's cadence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

import httpx

POLL_INTERVAL_HEADER = "X-Poll-Interval"

T = TypeVar("T")


@dataclass(frozen=True)
class Fetched(Generic[T]):
    value: T
    # Seconds until the server would like to be asked again (`X-Poll-Interval`), if it said.
    poll_hint: float | None = None


def poll_hint(response: httpx.Response) -> float | None:
    """The `X-Poll-Interval` header as positive seconds, or None when absent or unreadable."""
    value = response.headers.get(POLL_INTERVAL_HEADER)
    try:
        hint = float(value) if value is not None else None
    except ValueError:
        return None
    return hint if hint is not None and hint > 0 else None
