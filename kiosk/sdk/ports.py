"""What a sequence view's actions call: one small typed port per mechanism.

The builder picks the mechanism's port when it builds a view, so `EnterableAuction.bid()`
can only reach `AuctionPort.bid()`. The journey's own port (`views.JourneyPort`) runs each
change one at a time, after checking that the view still offers it, and refreshes after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from kiosk.wire.distributions import AppointmentBooking, AppointmentSlot

# Mechanism ports return `object`: the answer is not used, the journey refreshes instead.


class QueuePort(Protocol):
    async def enter(self, queue_id: str) -> object: ...

    async def leave(self, queue_id: str) -> object: ...


class DrawPort(Protocol):
    async def enter(self, draw_id: str) -> object: ...

    async def leave(self, draw_id: str) -> object: ...


class TimedReleasePort(Protocol):
    async def enter(self, timed_release_id: str, variant_id: str | None = None) -> object: ...

    async def leave(self, timed_release_id: str) -> object: ...


class AuctionPort(Protocol):
    async def bid(self, auction_id: str, amount: Decimal) -> object: ...

    async def leave(self, auction_id: str) -> object: ...


class AppointmentPort(Protocol):
    async def book(
        self, appointment_id: str, slot_id: str, location_id: str | None = None
    ) -> object: ...

    async def cancel(
        self,
        appointment_id: str,
        slot_id: str,
        location_id: str | None = None,
        reason: str | None = None,
    ) -> object: ...

    async def reschedule(
        self, appointment_id: str, new_slot_id: str, new_location_id: str | None = None
    ) -> object: ...

    async def slots(
        self, appointment_id: str, start_date: date, end_date: date, timezone: str | None = None
    ) -> list[AppointmentSlot]: ...

    async def booking(self, appointment_id: str) -> AppointmentBooking | None: ...


class WaitlistPort(Protocol):
    async def join(self, waitlist_id: str) -> object: ...

    async def leave(self, waitlist_id: str) -> object: ...


@dataclass(frozen=True)
class MechanismPorts:
    """The ports a builder hands to the views it builds, one per mechanism."""

    queue: QueuePort
    draw: DrawPort
    timed_release: TimedReleasePort
    auction: AuctionPort
    appointment: AppointmentPort
    waitlist: WaitlistPort
