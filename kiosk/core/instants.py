"""One way to write and read an instant: ISO 8601 in UTC with a `Z`, as the wire has it.

Stored documents written before this module used `+00:00`; `parse_instant` reads both.
"""

from __future__ import annotations

from datetime import UTC, datetime


def format_instant(moment: datetime) -> str:
    """`2026-11-27T12:00:00Z` (microseconds kept when present); naive times count as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def format_optional(moment: datetime | None) -> str | None:
    return format_instant(moment) if moment is not None else None


def parse_instant(text: str | None) -> datetime | None:
    """An ISO 8601 time as an aware datetime (UTC when no offset), or None when unreadable."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def require_instant(text: str) -> datetime:
    """Like `parse_instant`, for stored values that must be there: a bad one is a bug."""
    moment = parse_instant(text)
    if moment is None:
        raise ValueError(f"not an ISO 8601 instant: {text!r}")
    return moment
