"""When to retry a request and how long to wait: exponential backoff, jitter, `Retry-After`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from kiosk.core.backoff import jittered_backoff
from kiosk.core.instants import parse_instant

# Statuses that say "try again later" rather than "this request is wrong".
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    # A `Retry-After` longer than this is not waited for: the error goes to the caller,
    # who can show "opens at ..." instead of freezing.
    max_retry_after: float = 30.0

    def backoff(self, retry_number: int, random: Callable[[], float]) -> float:
        """Delay before retry `retry_number` (1-based): doubling, capped, jittered ±25%."""
        return jittered_backoff(
            retry_number, base=self.base_delay, cap=self.max_delay, random=random
        )


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """`Retry-After` as seconds from `now`: delta-seconds, an HTTP date or an ISO 8601 time."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    moment = _parse_moment(text)
    if moment is None:
        return None
    return max(0.0, (moment - now).total_seconds())


def _parse_moment(text: str) -> datetime | None:
    moment = parse_instant(text)
    if moment is not None:
        return moment
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
