"""Fakes shared by the tests. Named `Fake<Role>`; nothing is patched globally."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any


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


class FakeFailingStore:
    """A venue store whose writes fail on demand, like a full or read-only disk.

    Wraps a real store. While `failing` is set, each transaction does its writes, then is
    rolled back and raises `StoreError`, as `SqliteStore` does when a commit fails. Reads
    keep working.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.failing = False
        self.failed_writes = 0

    def load(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        return self.inner.load(kind)

    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        return self.inner.get(kind, key)

    def transaction(self) -> _FailingTransaction:
        return _FailingTransaction(self)

    def close(self) -> None:
        self.inner.close()


class _FailingTransaction:
    def __init__(self, store: FakeFailingStore) -> None:
        self._store = store
        self._inner = store.inner.transaction()

    def __enter__(self) -> Any:
        return self._inner.__enter__()

    def __exit__(self, exc_type: Any, exc: Any, traceback: Any) -> bool | None:
        if exc_type is not None or not self._store.failing:
            return self._inner.__exit__(exc_type, exc, traceback)
        # Imported here so the fakes module stays free of venue imports at load time.
        from kiosk.venue.store import StoreError

        self._store.failed_writes += 1
        error = StoreError("database or disk is full (FakeFailingStore)")
        self._inner.__exit__(StoreError, error, None)  # rolls the writes back
        raise error
