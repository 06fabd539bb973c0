"""Time as a collaborator: everything that reads the time or waits gets a `Clock`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

from kiosk.core.tasks import start_task

T = TypeVar("T")


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


class FixedClock:
    """Wall-clock time fixed at `start`, moving on with the real monotonic clock.

    For a child process that must agree with its parent's (possibly fake) clock: the parent
    passes its `now()`, the child starts there instead of on today's date.
    """

    def __init__(self, start: datetime, base: Clock | None = None) -> None:
        self._base = base or SystemClock()
        self._start_wall = start
        self._start_mono = self._base.monotonic()

    def now(self) -> datetime:
        return self._start_wall + timedelta(seconds=self._base.monotonic() - self._start_mono)

    def monotonic(self) -> float:
        return self._base.monotonic()

    async def sleep(self, seconds: float) -> None:
        await self._base.sleep(seconds)


async def within(clock: Clock, seconds: float, work: Coroutine[Any, Any, T]) -> T:
    """Await `work`, giving up after `seconds` on `clock` with `TimeoutError`.

    Unlike `asyncio.timeout`, the deadline is on the injected clock, so a fake clock in a
    test decides when it passes.
    """
    task = start_task(work, name="within")
    timer = start_task(clock.sleep(seconds), name="within-timer")
    try:
        done, _ = await asyncio.wait({task, timer}, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            return task.result()
        raise TimeoutError(f"gave up after {seconds:g} s")
    finally:
        for pending in (task, timer):
            pending.cancel()
        await asyncio.gather(task, timer, return_exceptions=True)


async def sleep_or_set(clock: Clock, seconds: float, event: asyncio.Event) -> bool:
    """Wait `seconds` on `clock` or until `event` is set; True when the event woke us."""
    if event.is_set():
        await asyncio.sleep(0)
        return True
    try:
        await within(clock, seconds, event.wait())
    except TimeoutError:
        return False
    return True
