"""The grant bookkeeping the engines share: issuing a grant, keeping consumers in the order
their deadlines fall due, and what a consumer is told when a grant is withdrawn.

An engine decides who may proceed and issues a `GrantIssue`; the venue service signs and
records it. When a grant expires or staff revoke it, the engine hears of it through
`grant_withdrawn(consumer_id, reason, now)`, `reason` being `expired` or `denied`.
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

from kiosk.venue.domain.engine import GrantIssue

EXPIRED_REASON = "ADMISSION_EXPIRED"
REVOKED_REASON = "REVOKED"


def withdrawn_reason(reason: str) -> str:
    """What the consumer is told about a grant withdrawn as `reason` (expired, or revoked)."""
    return EXPIRED_REASON if reason == "expired" else REVOKED_REASON


def issue_grant(consumer_id: str, now: datetime, expiration_seconds: int) -> GrantIssue:
    """A new grant for `consumer_id`, expiring `expiration_seconds` after `now`."""
    expires_at = now + timedelta(seconds=expiration_seconds)
    return GrantIssue(consumer_id, str(uuid.uuid4()), expires_at)


class Deadlines:
    """Consumers by a time that falls due (a grant's expiry, a slot's end), soonest first.

    Entries are never removed early: whoever pops one checks it still applies (the grant may
    have been used or withdrawn since)."""

    def __init__(self) -> None:
        self._heap: list[tuple[datetime, str]] = []

    def add(self, at: datetime, consumer_id: str) -> None:
        heapq.heappush(self._heap, (at, consumer_id))

    def due(self, now: datetime) -> Iterator[tuple[datetime, str]]:
        """Take out, soonest first, every (time, consumer) that has fallen due by `now`."""
        while self._heap and self._heap[0][0] <= now:
            yield heapq.heappop(self._heap)
