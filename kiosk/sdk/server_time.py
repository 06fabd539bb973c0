"""The server's time, from the `Date` header of its responses.

A kiosk whose clock is wrong would count a grant's hold time or an opening down against its
own clock; `ServerTime.now()` is the local clock moved by the offset the server's `Date`
headers show, so countdowns agree with the venue.
"""

from __future__ import annotations

import statistics
from collections import deque
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from kiosk.core.clock import Clock

# `Date` has whole seconds: a smaller offset is indistinguishable from none.
RESOLUTION = timedelta(seconds=1)


class ServerTime:
    """A `Clock` on the server's time: `now()` is the local clock plus the median of the last
    offsets measured; `monotonic()` and `sleep()` are the local clock's."""

    def __init__(self, clock: Clock, *, samples: int = 5) -> None:
        self._clock = clock
        self._offsets: deque[timedelta] = deque(maxlen=samples)
        self._offset = timedelta(0)

    @property
    def offset(self) -> timedelta:
        """How far the server's clock is ahead of the local one (0 until measured)."""
        return self._offset

    def now(self) -> datetime:
        return self._clock.now() + self._offset

    def monotonic(self) -> float:
        return self._clock.monotonic()

    async def sleep(self, seconds: float) -> None:
        await self._clock.sleep(seconds)

    def observe(self, date_header: str | None, sent_at: datetime, received_at: datetime) -> None:
        """Take one response's `Date` header, the request sent and answered at the local
        times given; an absent or unreadable header changes nothing."""
        server_date = _parse_date(date_header)
        if server_date is None:
            return
        midpoint = sent_at + (received_at - sent_at) / 2
        self._offsets.append(server_date - midpoint)
        offset = statistics.median_low(self._offsets)
        self._offset = offset if abs(offset) >= RESOLUTION else timedelta(0)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:  # RFC 7231 dates are GMT; "-0000" parses as naive
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
