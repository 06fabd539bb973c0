"""`ChangeFeed`: tells the waiting event streams whose projection may have moved.

The unit of work reports every unit it ends with its `Scope`: the distributions whose
engines wrote records (a ticker admission, an enter, a grant expiring), the consumers
whose own records were written (a route, a logout), or everyone when a record cannot be
attributed (an operator's edit: the safe default). Time alone can also move a phase (an
opening hour, a close) without a record, so the feed keeps a cheap signature of every
distribution's lifecycle and wakes everyone when it changes. Each stream listens with its
consumer and the distributions its last projection showed; a woken stream recomputes and
sends only if the body differs from what it sent (coalescing: a slow stream skips the
states it missed instead of queueing them). A sign-in or a status poll wakes nobody.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field


@dataclass
class Scope:
    """Whose projections one unit of work may have changed."""

    everyone: bool = False
    engines: set[str] = field(default_factory=set)
    consumers: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not (self.everyone or self.engines or self.consumers)


class Listener:
    """One stream's wake-up flag, and what it follows."""

    def __init__(self, consumer_id: str) -> None:
        self.consumer_id = consumer_id
        self.engines: frozenset[str] = frozenset()
        self.woken = asyncio.Event()

    def follow(self, engines: Iterable[str]) -> None:
        """The distributions the stream's last projection showed."""
        self.engines = frozenset(engines)

    def concerned(self, scope: Scope) -> bool:
        return (
            scope.everyone
            or self.consumer_id in scope.consumers
            or not self.engines.isdisjoint(scope.engines)
        )


class ChangeFeed:
    def __init__(self) -> None:
        self._version = 0
        self._signature: Hashable = None
        self._listeners: set[Listener] = set()
        self._closed = False

    @property
    def version(self) -> int:
        """Counts the units that changed something (a cheap "anything new?" number)."""
        return self._version

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def listeners(self) -> int:
        return len(self._listeners)

    def unit_ended(self, scope: Scope, signature: Hashable) -> None:
        """A unit of work ended; `signature` is every distribution's lifecycle at its `now`."""
        if signature != self._signature:
            self._signature = signature
            scope = Scope(everyone=True)
        if scope.empty:
            return
        self._version += 1
        for listener in self._listeners:
            if listener.concerned(scope):
                listener.woken.set()

    def bump(self) -> None:
        """Wake every stream (each checks whether its projection moved)."""
        self.unit_ended(Scope(everyone=True), self._signature)

    def listen(self, consumer_id: str) -> Listener:
        listener = Listener(consumer_id)
        if self._closed:
            listener.woken.set()
        self._listeners.add(listener)
        return listener

    def forget(self, listener: Listener) -> None:
        self._listeners.discard(listener)

    def close(self) -> None:
        """Shutting down: wake every stream so it can say goodbye with a retry hint."""
        self._closed = True
        for listener in self._listeners:
            listener.woken.set()
