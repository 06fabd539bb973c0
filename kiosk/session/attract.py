"""One experience as the attract loop's card shows it: its texts in the customer's language,
its images (only ones that are there), and its live status as plain values the screen words
in the customer's language ("142 in line · about 7 min", "Opens in 12:03", "Sold out")."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.session.catalog import ExperienceChoice
from kiosk.wire.routing import LiveStatus

CENTS = Decimal("0.01")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def status_values(
    status: LiveStatus | None, now: datetime | None, time_zone: str = "UTC"
) -> dict[str, Any]:
    """`statusKind` says which line: "" (none), queue, opens, soldOut, closed, drawCloses,
    auction, available, open; the other keys are that line's figures."""
    values: dict[str, Any] = {"statusKind": ""}
    if status is None:
        return values
    if status.state == "sold_out":
        return {"statusKind": "soldOut"}
    if status.state == "closed":
        return {"statusKind": "closed"}
    if status.state == "scheduled":
        if status.opens_at is None or now is None:
            return values
        left = max(0, math.ceil((status.opens_at - now).total_seconds()))
        return {"statusKind": "opens", "opensInSeconds": left}
    mechanism = status.mechanism
    if mechanism == "queue" and status.waiting is not None:
        wait = status.wait_seconds or 0
        minutes = max(1, math.ceil(wait / 60)) if status.waiting else 0
        return {"statusKind": "queue", "waiting": status.waiting, "waitMinutes": minutes}
    if mechanism == "draw" and status.closes_at is not None:
        closes = status.closes_at.astimezone(_zone(time_zone)).strftime("%H:%M")
        return {"statusKind": "drawCloses", "closesAt": closes}
    if mechanism == "auction" and status.current_price is not None:
        price = format(status.current_price.quantize(CENTS), "f")
        return {"statusKind": "auction", "price": price}
    if mechanism == "timed_release" and status.available is not None:
        return {"statusKind": "available", "available": status.available}
    return {"statusKind": "open"}


def present_experience(
    choice: ExperienceChoice,
    language: str,
    now: datetime | None,
    media: Mapping[str, str],
) -> dict[str, Any]:
    """The card's values; `media` maps an image URL to what a screen may show ("" or none:
    not there, so no image)."""
    return {
        "id": choice.id,
        "name": choice.name_in(language),
        "description": choice.description_in(language),
        "heroSource": media.get(choice.hero, "") if choice.hero else "",
        "thumbnailSource": media.get(choice.thumbnail, "") if choice.thumbnail else "",
        "currency": choice.currency_code,
        **status_values(choice.status, now, choice.time_zone),
    }
