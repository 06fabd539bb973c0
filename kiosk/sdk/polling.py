"""How often a journey asks the server for news, and the loop that does the asking.

The cadence adapts to the phase (fast while queued, slower elsewhere, never once ended),
follows the server's `X-Poll-Interval` hint within bounds, and backs off on errors. The loop
stops when the journey ends, when its lifetime runs out, or when its task is cancelled.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kiosk.core.backoff import jittered_backoff
from kiosk.core.clock import Clock
from kiosk.sdk.errors import FanfareError
from kiosk.sdk.views import (
    EndedSequence,
    EnterableAppointment,
    EnterableAuction,
    EnterableDraw,
    EnterableQueue,
    EnterableTimedRelease,
    GatedView,
    GrantedSequence,
    JourneyView,
    ParticipatingQueue,
    RoutedView,
    ScheduledSequence,
    SettlingSequence,
    UnavailableSequence,
)

logger = logging.getLogger(__name__)

_ENTERABLE = (
    EnterableQueue,
    EnterableDraw,
    EnterableTimedRelease,
    EnterableAuction,
    EnterableAppointment,
)


@dataclass(frozen=True)
class PollPolicy:
    """Seconds between polls, per phase; every value is clamped to [min, max]."""

    min_interval: float = 1.0
    max_interval: float = 60.0
    queue_participating: float = 2.0
    participating: float = 5.0
    settling: float = 5.0
    enterable: float = 10.0
    scheduled: float = 15.0
    granted: float = 30.0
    gated: float = 30.0
    unavailable: float = 30.0
    # While queued, the cheap status call runs each time and `/consumers/me` every N polls.
    full_refresh_every: int = 10
    error_base: float = 2.0
    error_max: float = 30.0
    # A view is stale once it is overdue at its own cadence: this many polls missed, plus a
    # margin for a slow answer (so a screen polled every 30 s is not stale after 15 s).
    stale_polls: float = 2.0
    stale_margin: float = 5.0
    # A kiosk journey never lasts this long; the loop ends rather than run forever.
    max_lifetime_seconds: float = 6 * 3600

    def interval_for(self, view: JourneyView, now: datetime, hint: float | None) -> float | None:
        """Seconds until the next poll for `view`, or None when there is nothing to poll."""
        base = self._base_interval(view, now)
        if base is None:
            return None
        if hint is not None:
            base = hint
        return min(self.max_interval, max(self.min_interval, base))

    def stale_after(
        self, view: JourneyView, now: datetime, hint: float | None, floor: float
    ) -> float:
        """Seconds without a successful refresh before `view` is stale: `stale_polls` polls
        at its own cadence plus `stale_margin`, never under `floor`; a view nothing polls
        (ready, ended) is never stale by age, only when a refresh failed."""
        interval = self.interval_for(view, now, hint)
        if interval is None:
            return math.inf
        return max(floor, self.stale_polls * interval + self.stale_margin)

    def error_delay(self, failures: int, random: Callable[[], float]) -> float:
        """Backoff after `failures` consecutive failed polls: doubling, jittered, capped."""
        # Capped after the jitter: a poll loop never waits longer than `error_max`.
        delay = jittered_backoff(failures, base=self.error_base, cap=math.inf, random=random)
        return min(self.error_max, delay)

    def _base_interval(self, view: JourneyView, now: datetime) -> float | None:
        if isinstance(view, GatedView):
            return self.gated
        if not isinstance(view, RoutedView):
            return None  # ready or routing: nothing on the server to watch yet
        sequence = view.sequence
        if isinstance(sequence, EndedSequence):
            return None
        if isinstance(sequence, ParticipatingQueue):
            return self.queue_participating
        if isinstance(sequence, ScheduledSequence):
            opens_at = sequence.opens_at
            if opens_at is None:
                return self.scheduled
            until_open = (opens_at - now).total_seconds()
            # Wake up at opening time rather than up to a whole interval late.
            return min(self.scheduled, until_open) if until_open > 0 else self.participating
        if isinstance(sequence, _ENTERABLE):
            return self.enterable
        if isinstance(sequence, SettlingSequence):
            return self.settling
        if isinstance(sequence, GrantedSequence):
            return self.granted
        if isinstance(sequence, UnavailableSequence):
            return self.unavailable
        return self.participating


class Pollable(Protocol):
    """What the poll loop needs from a journey."""

    @property
    def view(self) -> JourneyView: ...

    def poll_hint(self) -> float | None: ...

    async def poll_once(self) -> None:
        """One poll; raises `FanfareError` on failure (after marking the view stale)."""
        ...


class Poller:
    def __init__(
        self,
        target: Pollable,
        policy: PollPolicy,
        clock: Clock,
        random: Callable[[], float],
    ) -> None:
        self._target = target
        self._policy = policy
        self._clock = clock
        self._random = random

    async def run(self) -> None:
        """Poll until the journey needs no more polling, the lifetime ends, or cancellation."""
        started = self._clock.monotonic()
        failures = 0
        while self._clock.monotonic() - started < self._policy.max_lifetime_seconds:
            delay = self._next_delay(failures)
            if delay is None:
                return
            await self._clock.sleep(delay)
            if self._next_delay(0) is None:
                return  # the journey ended (or closed) while we slept
            try:
                await self._target.poll_once()
            except FanfareError:
                failures += 1
            else:
                failures = 0
        logger.info("journey polling stopped after %.0f s", self._policy.max_lifetime_seconds)

    def _next_delay(self, failures: int) -> float | None:
        view = self._target.view
        interval = self._policy.interval_for(view, self._clock.now(), self._target.poll_hint())
        if interval is None or failures == 0:
            return interval
        return self._policy.error_delay(failures, self._random)
