"""Wrong guesses, counted per scope, so a short code cannot be found by trying.

In memory on purpose: a restart forgives, and nothing here is worth a disk write per try.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta


class MissLimiter:
    """At most `limits[scope]` misses per `window`, for each (scope, who) pair."""

    def __init__(self, limits: Mapping[str, int], window: timedelta) -> None:
        self._limits = dict(limits)
        self._window = window
        self._misses: dict[tuple[str, str], deque[datetime]] = {}
        # Keys are forgotten when looked at after their window; those never looked at again
        # are swept once per window, or sooner when they pile up (amortized: bounded work).
        self._sweep_at = 1024
        self._swept: datetime | None = None

    def __len__(self) -> int:
        return len(self._misses)

    def _recent(self, scope: str, who: str, now: datetime) -> deque[datetime]:
        misses = self._misses.setdefault((scope, who), deque())
        while misses and now - misses[0] >= self._window:
            misses.popleft()
        if not misses:
            del self._misses[(scope, who)]  # nothing to remember: a guessed key costs nothing
            return deque()
        return misses

    def retry_after(self, keys: Iterable[tuple[str, str]], now: datetime) -> float | None:
        """Seconds until every one of `keys` may try again; None if they all may now."""
        waits = []
        for scope, who in keys:
            misses = self._recent(scope, who, now)
            if len(misses) >= self._limits[scope]:
                waits.append(max(1.0, (misses[0] + self._window - now).total_seconds()))
        return max(waits) if waits else None

    def record_miss(self, keys: Iterable[tuple[str, str]], now: datetime) -> None:
        if self._swept is None:
            self._swept = now
        if len(self._misses) >= self._sweep_at or now - self._swept >= self._window:
            for key in list(self._misses):
                self._recent(*key, now)
            self._sweep_at = max(1024, 2 * len(self._misses))
            self._swept = now
        for scope, who in keys:
            self._recent(scope, who, now)
            self._misses.setdefault((scope, who), deque()).append(now)
