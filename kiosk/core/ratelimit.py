"""Token buckets: the one rate limiter every limited path shares.

A bucket holds up to `rate.count` tokens and refills `rate.count` of them every
`rate.seconds`; a request takes one. A burst of `count` passes at once, then one every
`seconds / count`. Memory is bounded: full buckets (keys quiet for a whole period) are
forgotten first, then the oldest, so a flood of fresh keys cannot grow it without end.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$")
_UNIT = {None: 1.0, "s": 1.0, "m": 60.0, "h": 3600.0}


@dataclass(frozen=True, slots=True)
class Rate:
    """`count` requests per `seconds` (also the burst size)."""

    count: int
    seconds: float

    def __post_init__(self) -> None:
        if self.count < 1 or not math.isfinite(self.seconds) or self.seconds <= 0:
            raise ValueError("a rate needs a count of at least 1 per a positive time")

    @classmethod
    def parse(cls, text: str) -> Rate:
        """`"20/60"` (20 per 60 s), `"20/1m"`, `"5/1h"`."""
        match = _RATE.match(text)
        if match is None:
            raise ValueError(f"{text!r} is not a rate: write COUNT/SECONDS, e.g. 20/60 or 5/1h")
        count, seconds, unit = match.groups()
        return cls(int(count), float(seconds) * _UNIT[unit])

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds:g}"


@dataclass(frozen=True, slots=True)
class Decision:
    """One bucket's answer: the numbers the `X-RateLimit-*` headers carry."""

    allowed: bool
    limit: int
    remaining: int
    reset_seconds: float  # until the bucket is full again
    retry_after: float | None  # until the next token, when refused


class TokenBuckets:
    """One bucket per key, all at the same rate. `monotonic` is the time source (seconds)."""

    def __init__(
        self, rate: Rate, monotonic: Callable[[], float], *, max_keys: int = 100_000
    ) -> None:
        if max_keys < 1:
            raise ValueError("max_keys must be at least 1")
        self.rate = rate
        self._monotonic = monotonic
        self._max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when)

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: str) -> Decision:
        now = self._monotonic()
        capacity, per_token = self.rate.count, self.rate.seconds / self.rate.count
        tokens = self._level(key, now)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        if key not in self._buckets and len(self._buckets) >= self._max_keys:
            self._make_room(now)
        self._buckets[key] = (tokens, now)
        return Decision(
            allowed=allowed,
            limit=capacity,
            remaining=int(tokens),
            reset_seconds=(capacity - tokens) * per_token,
            retry_after=None if allowed else (1.0 - tokens) * per_token,
        )

    def _level(self, key: str, now: float) -> float:
        held = self._buckets.get(key)
        if held is None:
            return float(self.rate.count)
        tokens, when = held
        refill = max(0.0, now - when) * self.rate.count / self.rate.seconds
        return min(float(self.rate.count), tokens + refill)

    def _make_room(self, now: float) -> None:
        full = [key for key in self._buckets if self._level(key, now) >= self.rate.count]
        for key in full:
            del self._buckets[key]
        # All busy: forget the oldest tenth at once, so the next new keys cost nothing.
        target = self._max_keys - max(1, self._max_keys // 10)
        while len(self._buckets) > target:
            del self._buckets[next(iter(self._buckets))]
