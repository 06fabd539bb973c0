"""Fakes shared by the tests. Named `Fake<Role>`; nothing is patched globally."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta


class FakeClock:
    """A clock that moves only when the test says so.

    `sleep()` parks the caller until `advance()` moves time past its deadline, so code that
    waits on the clock runs deterministically and tests never sleep for real.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
        self._mono = 1000.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((self._mono + seconds, future))
        await future

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._mono += seconds
        due = [entry for entry in self._sleepers if entry[0] <= self._mono]
        self._sleepers = [entry for entry in self._sleepers if entry[0] > self._mono]
        for _, future in due:
            if not future.done():
                future.set_result(None)

    @property
    def sleepers(self) -> int:
        return sum(1 for _, future in self._sleepers if not future.done())
