"""The grant expiry timer: an unclaimed grant lapses on this device when it expires.

One timer at a time, for the grant on show, as a named task in the journey's task scope.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kiosk.core.clock import Clock
from kiosk.core.tasks import TaskScope

TASK_NAME = "grant-expiry"


class GrantExpiry:
    def __init__(self, scope: TaskScope, clock: Clock, on_lapse: Callable[[str], None]) -> None:
        self._scope = scope
        self._clock = clock
        self._on_lapse = on_lapse
        # The grant the running timer is for (see `builder.grant_key`), None when idle.
        self._key: str | None = None

    def watch(self, key: str, expires_at: datetime | None) -> None:
        """Time the grant `key`; a timer already running for it keeps running."""
        if expires_at is None or key == self._key:
            return
        self.cancel()
        self._key = key
        self._scope.spawn(TASK_NAME, self._expire(key, expires_at))

    def cancel(self) -> None:
        if self._key is not None:
            self._key = None
            self._scope.cancel(TASK_NAME)

    async def _expire(self, key: str, expires_at: datetime) -> None:
        delay = (expires_at - self._clock.now()).total_seconds()
        if delay > 0:
            await self._clock.sleep(delay)
        self._key = None  # idle again before the callback publishes the lapsed view
        self._on_lapse(key)
