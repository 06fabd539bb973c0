"""Time as a collaborator: everything that reads the time or waits gets a `Clock`."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Wall-clock time, timezone-aware (UTC)."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; never goes backwards."""
        ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class ScaledClock:
    """Time that runs `scale` times faster than the wall clock, from now on.

    For demos and end-to-end tests of a real server process: a queue admitting 6 a minute
    can be watched for a few seconds instead of minutes. Never for production data.
    """

    def __init__(self, scale: float, base: Clock | None = None) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self._base = base or SystemClock()
        self._scale = scale
        self._start_wall = self._base.now()
        self._start_mono = self._base.monotonic()

    def now(self) -> datetime:
        return self._start_wall + timedelta(seconds=self.monotonic() - self._start_mono)

    def monotonic(self) -> float:
        return self._start_mono + (self._base.monotonic() - self._start_mono) * self._scale

    async def sleep(self, seconds: float) -> None:
        await self._base.sleep(seconds / self._scale)
