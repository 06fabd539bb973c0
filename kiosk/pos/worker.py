"""Delivers the outbox's pending handoffs until each is acknowledged, refused or expired.

One named task per kiosk. It retries with capped, jittered exponential backoff (and the
bridge's `Retry-After`), picks up whatever was pending when the kiosk last stopped, and marks
a handoff expired once its grant has expired, so the customer is told to see staff.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random as random_module
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.core.backoff import jittered_backoff
from kiosk.core.clock import Clock, sleep_or_set
from kiosk.core.tasks import start_task
from kiosk.pos.errors import DeliveryDeferred, DeliveryRefused, OutboxUnavailableError
from kiosk.pos.handoff import Notice
from kiosk.pos.outbox import Delivery, PosOutbox
from kiosk.pos.protocol import GRANT_EXPIRED
from kiosk.pos.transports import BRIDGE_ERROR, PosTransport

log = logging.getLogger(__name__)

EXPIRED_MESSAGE = "The pass expired before the POS accepted it. Please see a member of staff."


@dataclass(frozen=True)
class DeliveryPolicy:
    base_delay: float = 0.5  # first retry after about this many seconds
    max_delay: float = 15.0  # retries never wait longer than this (unless told by the bridge)
    max_retry_after: float = 60.0  # a longer `Retry-After` is capped to this
    # After a request that may have reached the bridge unanswered, keep asking this long
    # past the grant's expiry: the bridge answers a repeat from its record.
    expiry_grace: float = 120.0
    max_idle: float = 30.0  # the worker looks at the outbox at least this often
    storage_retry: float = 5.0  # after the outbox itself failed
    retention: timedelta = timedelta(hours=24)  # final handoffs are purged after this

    def backoff(self, attempt: int, random: Callable[[], float]) -> float:
        """Delay after failed attempt `attempt` (1-based): doubling, capped, jittered ±25%."""
        return jittered_backoff(attempt, base=self.base_delay, cap=self.max_delay, random=random)

    @property
    def longest_wait(self) -> float:
        """No retry is ever scheduled further ahead than this; anything further is skew."""
        return max(self.max_delay * 1.25, self.max_retry_after)


class PosDeliveryWorker:
    """Owns one task, `name`; `start()` it, `aclose()` it. Closes nothing it was given."""

    def __init__(
        self,
        outbox: PosOutbox,
        transport: PosTransport,
        *,
        clock: Clock,
        policy: DeliveryPolicy | None = None,
        random: Callable[[], float] = random_module.random,
        name: str = "pos-delivery",
    ) -> None:
        self._outbox = outbox
        self._transport = transport
        self._clock = clock
        self._policy = policy or DeliveryPolicy()
        self._random = random
        self._name = name
        self._task: asyncio.Task[None] | None = None
        self._last_purge: datetime | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> asyncio.Task[None]:
        if self._task is None or self._task.done():
            self._task = start_task(self.run(), name=self._name)
        return self._task

    async def aclose(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def run(self) -> None:
        """Deliver forever: until cancelled. Each pass is bounded; so is each wait."""
        while True:
            self._outbox.work_available.clear()
            try:
                await self.deliver_due()
                self._purge_old()
                delay = self._until_next()
            except OutboxUnavailableError as exc:
                log.error(
                    "the POS outbox failed; retrying in %.0f s: %s", self._policy.storage_retry, exc
                )
                delay = self._policy.storage_retry
            except Exception:  # a bug must not end delivery for good: log it, go on later
                log.exception("the POS delivery pass failed; retrying later")
                delay = self._policy.storage_retry
            await self._idle(delay)

    async def deliver_due(self) -> int:
        """One pass over the handoffs that are due now. Returns how many were tried."""
        tried = 0
        now = self._clock.now()
        # A wall clock corrected backwards would leave retries scheduled hours ahead.
        self._outbox.reschedule_skewed(now, self._policy.longest_wait + 1.0)
        for handoff_id in self._outbox.due(now):
            delivery = self._outbox.delivery(handoff_id)
            if delivery is None:
                continue
            tried += 1
            try:
                await self._deliver(delivery)
            except OutboxUnavailableError:
                raise
            except Exception:  # a transport bug must not stop the other handoffs
                log.exception("delivering handoff %s failed unexpectedly", handoff_id)
                self._defer(
                    delivery,
                    DeliveryDeferred(BRIDGE_ERROR, "Something went wrong; still trying."),
                )
        return tried

    async def _deliver(self, delivery: Delivery) -> None:
        outbox, now = self._outbox, self._clock.now()
        if now >= delivery.expires_at:
            grace_end = delivery.expires_at + timedelta(seconds=self._policy.expiry_grace)
            if not delivery.uncertain or now >= grace_end:
                outbox.finish(
                    delivery.handoff_id, "expired", Notice(GRANT_EXPIRED, EXPIRED_MESSAGE)
                )
                return
        outbox.begin_attempt(delivery.handoff_id)
        try:
            answer = await self._transport.deliver(delivery.request)
        except DeliveryRefused as refused:
            status = "expired" if refused.code == GRANT_EXPIRED else "failed"
            outbox.finish(delivery.handoff_id, status, Notice(refused.code, refused.message))
            return
        except DeliveryDeferred as deferred:
            self._defer(delivery, deferred)
            return
        outbox.acknowledge(delivery.handoff_id, answer)

    def _defer(self, delivery: Delivery, deferred: DeliveryDeferred) -> None:
        attempt = delivery.attempts + 1
        delay = self._policy.backoff(attempt, self._random)
        if deferred.retry_after is not None:
            delay = max(delay, min(deferred.retry_after, self._policy.max_retry_after))
        log.info(
            "handoff %s not delivered (attempt %d, %s); next try in %.1f s",
            delivery.handoff_id,
            attempt,
            deferred.code,
            delay,
        )
        self._outbox.defer(
            delivery.handoff_id,
            Notice(deferred.code, deferred.message),
            self._clock.now() + timedelta(seconds=delay),
            uncertain=deferred.uncertain,
        )

    def _until_next(self) -> float:
        next_due = self._outbox.next_due()
        if next_due is None:
            return self._policy.max_idle
        seconds = (next_due - self._clock.now()).total_seconds()
        return min(self._policy.max_idle, max(0.0, seconds))

    def _purge_old(self) -> None:
        now = self._clock.now()
        if self._last_purge is not None and now - self._last_purge < timedelta(hours=1):
            return
        self._last_purge = now
        purged = self._outbox.purge(now - self._policy.retention)
        if purged:
            log.info("purged %d old handoffs from the POS outbox", purged)

    async def _idle(self, seconds: float) -> None:
        """Wait `seconds` on the clock, or less if a handoff is submitted meanwhile."""
        await sleep_or_set(self._clock, seconds, self._outbox.work_available)
