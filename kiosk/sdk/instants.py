"""Reading times from the wire: ISO 8601 strings become timezone-aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime


def parse_instant(text: str | None) -> datetime | None:
    """An ISO 8601 time as an aware datetime (UTC when no offset), or None when unreadable."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
