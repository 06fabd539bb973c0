"""`ChangeFeed`: tells waiting event streams that the venue's state may have moved.

The unit of work reports every unit it ends. A unit that wrote records changed something;
a unit that wrote nothing may still have moved a phase by time alone (a queue's opening
hour, a draw's close), so the feed keeps a cheap signature of every distribution's
lifecycle and counts a changed signature as a change too. Each change bumps one version
number and wakes every stream; a stream then recomputes its own consumer's projection and
sends it only if it differs from what it sent last (coalescing: a slow stream skips the
states it missed instead of queueing them).
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable


class ChangeFeed:
    def __init__(self) -> None:
        self._version = 0
        self._signature: Hashable = None
        self._waiters: set[asyncio.Event] = set()
        self._closed = False

    @property
    def version(self) -> int:
        return self._version

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def listeners(self) -> int:
        return len(self._waiters)

    def unit_ended(self, wrote: bool, signature: Hashable) -> None:
        """A unit of work ended; `signature` is every distribution's lifecycle at its `now`."""
        moved = signature != self._signature
        self._signature = signature
        if wrote or moved:
            self.bump()

    def bump(self) -> None:
        self._version += 1
        for waiter in self._waiters:
            waiter.set()

    def listen(self) -> asyncio.Event:
        """A wake-up flag for one stream, set on every change (the stream clears it)."""
        waiter = asyncio.Event()
        if self._closed:
            waiter.set()
        self._waiters.add(waiter)
        return waiter

    def forget(self, waiter: asyncio.Event) -> None:
        self._waiters.discard(waiter)

    def close(self) -> None:
        """Shutting down: wake every stream so it can say goodbye with a retry hint."""
        self._closed = True
        for waiter in self._waiters:
            waiter.set()
