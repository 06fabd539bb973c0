"""Capped exponential backoff with jitter, shared by every retry loop."""

from __future__ import annotations

from collections.abc import Callable


def jittered_backoff(
    attempt: int,
    *,
    base: float,
    cap: float,
    random: Callable[[], float],
    jitter: float = 0.25,
) -> float:
    """Delay after failed attempt `attempt` (1-based): doubling from `base`, capped at `cap`,
    then spread by ±`jitter` so a fleet of kiosks does not retry in step."""
    delay = min(cap, base * 2 ** max(0, attempt - 1))
    return delay * (1 - jitter + 2 * jitter * random())
