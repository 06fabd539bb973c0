"""Appointment slots for the booking grid.

The session takes a `SlotSource`. The default, `ViewSlotSource`, asks the appointment view
for its slots (`GET /appointments/{id}/slots`) over the coming week; `DetailsSlotSource` reads
slots a server publishes in the distribution's `details["slots"]`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.core.clock import Clock
from kiosk.core.instants import parse_instant
from kiosk.sdk import SequenceView


@dataclass(frozen=True)
class Slot:
    id: str
    start: datetime
    end: datetime | None = None
    available: int = 1
    location_id: str | None = None
    location_name: str = ""


class SlotSource(Protocol):
    async def slots(self, sequence: SequenceView) -> list[Slot]:
        """The bookable slots of an appointment sequence view, earliest first."""
        ...


class ViewSlotSource:
    """Slots from the SDK's appointment view, from today for `days` days.

    "Today" is the venue's date on the injected clock (never the system's): the venue reads
    the dates in its own time zone, so near midnight the UTC date would skip or add a day.
    """

    def __init__(self, clock: Clock, days: int = 7) -> None:
        self._clock = clock
        self._days = days

    async def slots(self, sequence: SequenceView) -> list[Slot]:
        lookup = getattr(sequence, "slots", None)
        if not callable(lookup):
            return await DetailsSlotSource().slots(sequence)
        today = self._clock.now().astimezone(_venue_zone(sequence)).date()
        found = await lookup(today, today + timedelta(days=self._days - 1))
        return sorted(
            (
                Slot(
                    id=slot.id,
                    start=parse_instant(slot.start_time) or self._clock.now(),
                    end=parse_instant(slot.end_time),
                    available=slot.available,
                    location_id=slot.location_id,
                    location_name=slot.location_name or "",
                )
                for slot in found
            ),
            key=lambda slot: slot.start,
        )


def _venue_zone(sequence: SequenceView) -> ZoneInfo:
    """The appointment's time zone as its view states it (`details.timeZone`), else UTC."""
    details = getattr(getattr(sequence, "distribution", None), "details", None) or {}
    try:
        return ZoneInfo(str(details.get("timeZone") or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


class DetailsSlotSource:
    async def slots(self, sequence: SequenceView) -> list[Slot]:
        distribution = getattr(sequence, "distribution", None)
        details = getattr(distribution, "details", None) or {}
        return parse_slots(details.get("slots"))


def parse_slots(raw: Any) -> list[Slot]:
    slots = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        start = parse_instant(item.get("startTime"))
        if not isinstance(item.get("id"), str) or start is None:
            continue
        available = item.get("available", 1)
        slots.append(
            Slot(
                id=item["id"],
                start=start,
                end=parse_instant(item.get("endTime")),
                available=available if isinstance(available, int) else 0,
                location_id=item.get("locationId"),
                location_name=str(item.get("locationName") or ""),
            )
        )
    return sorted(slots, key=lambda slot: slot.start)
