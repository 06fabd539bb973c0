"""What a view's actions call: one small typed port per mechanism, plus the journey's own.

The builder picks the mechanism's port when it builds a view, so `EnterableAuction.bid()`
can only reach `AuctionPort.bid()`. The journey port runs each change one at a time, after
checking that the view still offers it, and refreshes afterwards.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from kiosk.wire.distributions import AppointmentBooking, AppointmentSlot
from kiosk.wire.projection import AdmissionGrant

if TYPE_CHECKING:
    from kiosk.sdk.actions import BoundModel
    from kiosk.sdk.views import AccessCodeSubmitResult, JourneyView, Unset

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


class RoutingPort(Protocol):
    """The journey-stage actions: routing, access codes, retries."""

    async def start(self, owner: BoundModel) -> JourneyView: ...

    async def reroute(self, owner: BoundModel, access_code: str | Unset | None) -> JourneyView:
        """Route again; `UNSET` re-sends the stored code, None clears it."""
        ...

    async def retry(self, owner: BoundModel) -> JourneyView: ...

    async def submit_access_code(
        self, owner: BoundModel, access_code: str
    ) -> AccessCodeSubmitResult: ...


class JourneyPort(RoutingPort, Protocol):
    """What every bound view needs from its journey (implemented by `Journey`)."""

    def now(self) -> datetime: ...

    async def change(
        self, owner: BoundModel, action: str, send: Callable[[], Awaitable[object]]
    ) -> JourneyView:
        """Run `send` if `owner` still offers `action`, one change at a time; then refresh."""
        ...

    def claim(self, owner: BoundModel) -> AdmissionGrant: ...


@dataclass(frozen=True)
class MechanismPorts:
    """The ports a builder hands to the views it builds, one per mechanism."""

    queue: QueuePort
    draw: DrawPort
    timed_release: TimedReleasePort
    auction: AuctionPort
    appointment: AppointmentPort
    waitlist: WaitlistPort
