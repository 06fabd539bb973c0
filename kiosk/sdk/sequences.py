"""`SequenceView`: a routed sequence's phase and mechanism, its live data, and its actions.

One class per phase x mechanism where the actions differ, so an action the view does not
offer does not exist on it (`hasattr(sequence, "enter")` is the test, as in Fanfare's docs).
Each action is one typed call on its mechanism's port (`kiosk.sdk.ports`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, Self

from pydantic import BaseModel, ConfigDict, PrivateAttr

from kiosk.core.instants import parse_instant
from kiosk.sdk.actions import BoundModel, attached
from kiosk.sdk.errors import JourneyError
from kiosk.wire.distributions import AppointmentBooking, AppointmentSlot
from kiosk.wire.projection import (
    AdmissionGrant,
    Distribution,
    GrantingMechanism,
    Mechanism,
    Outcome,
)

if TYPE_CHECKING:
    from kiosk.sdk.ports import (
        AppointmentPort,
        AuctionPort,
        DrawPort,
        QueuePort,
        TimedReleasePort,
        WaitlistPort,
    )
    from kiosk.sdk.views import JourneyView

# -- live data -------------------------------------------------------------------------------


class _Display(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class QueueDisplay(_Display):
    position: int | None = None
    estimated_wait_seconds: float | None = None
    position_display_mode: Literal["precise", "qualitative"] | None = None


class DrawDisplay(_Display):
    entered_at: datetime | None = None


class AuctionDisplay(_Display):
    status: str | None = None
    current_bid: Decimal | None = None
    highest_bid: Decimal | None = None


class TimedReleaseDisplay(_Display):
    entered_at: datetime | None = None


class AppointmentDisplay(_Display):
    status: str | None = None
    slot_id: str | None = None
    location_id: str | None = None
    booked_at: datetime | None = None
    checked_in_at: datetime | None = None


# -- waitlist attachment (scheduled phase only) ----------------------------------------------


class WaitlistAttachmentBase(BoundModel):
    waitlist_id: str

    _waitlists: WaitlistPort | None = PrivateAttr(default=None)

    def use_port(self, port: WaitlistPort | None) -> Self:
        """Attach the waitlist port (the builder does this)."""
        self._waitlists = port
        return self


class _WaitlistLeave(WaitlistAttachmentBase):
    async def leave(self) -> JourneyView:
        """Leave the waitlist; returns the journey's next view."""
        journey, waitlists = self._journey(), attached(self._waitlists)
        return await journey.change(self, "leave", lambda: waitlists.leave(self.waitlist_id))


class NotWaitlisted(WaitlistAttachmentBase):
    status: Literal["not_waitlisted"] = "not_waitlisted"

    async def join(self) -> JourneyView:
        """Join the waitlist; returns the journey's next view."""
        journey, waitlists = self._journey(), attached(self._waitlists)
        return await journey.change(self, "join", lambda: waitlists.join(self.waitlist_id))


class Waitlisted(_WaitlistLeave):
    status: Literal["waitlisted"] = "waitlisted"
    position: int | None = None
    entered_at: datetime | None = None


class WaitlistNotified(_WaitlistLeave):
    status: Literal["notified"] = "notified"


WaitlistAttachmentView = NotWaitlisted | Waitlisted | WaitlistNotified


# -- sequence views --------------------------------------------------------------------------


class SequenceViewBase(BoundModel):
    sequence_id: str | None = None


class _DistributionSequence(SequenceViewBase):
    distribution: Distribution

    @property
    def opens_at(self) -> datetime | None:
        return parse_instant(self.distribution.opens_at)

    @property
    def closes_at(self) -> datetime | None:
        return parse_instant(self.distribution.closes_at)

    @property
    def settles_at(self) -> datetime | None:
        return parse_instant(self.distribution.settles_at)

    @property
    def starts_at(self) -> datetime | None:
        return parse_instant(self.distribution.starts_at or self.distribution.opens_at)


# One base per mechanism: it holds the mechanism's port, which the builder attaches.


class _QueueSequence(_DistributionSequence):
    _queue: QueuePort | None = PrivateAttr(default=None)

    def use_port(self, port: QueuePort | None) -> Self:
        self._queue = port
        return self


class _DrawSequence(_DistributionSequence):
    _draw: DrawPort | None = PrivateAttr(default=None)

    def use_port(self, port: DrawPort | None) -> Self:
        self._draw = port
        return self


class _TimedReleaseSequence(_DistributionSequence):
    _timed_release: TimedReleasePort | None = PrivateAttr(default=None)

    def use_port(self, port: TimedReleasePort | None) -> Self:
        self._timed_release = port
        return self


class _AuctionSequence(_DistributionSequence):
    """An auction view: its port, and the prices a bid screen needs."""

    _auction: AuctionPort | None = PrivateAttr(default=None)

    def use_port(self, port: AuctionPort | None) -> Self:
        self._auction = port
        return self

    def _price(self, key: str) -> Decimal | None:
        value = (self.distribution.details or {}).get(key)
        try:
            return Decimal(str(value)) if value is not None else None
        except ArithmeticError:
            return None

    @property
    def min_next_bid(self) -> Decimal | None:
        """English: the least the next bid may be."""
        return self._price("minNextBid")

    @property
    def current_price(self) -> Decimal | None:
        """Dutch: what one unit costs right now."""
        return self._price("currentPrice")

    @property
    def auction_type(self) -> str:
        return str((self.distribution.details or {}).get("auctionType", "english"))

    async def bid(self, amount: Decimal) -> JourneyView:
        """Bid `amount` (exact decimal); returns the journey's next view."""
        if not isinstance(amount, Decimal):
            raise TypeError("bid(amount) takes a Decimal, for example Decimal('125.00')")
        journey, auction = self._journey(), attached(self._auction)
        auction_id = self.distribution.id
        return await journey.change(self, "bid", lambda: auction.bid(auction_id, amount))


class _AppointmentSequence(_DistributionSequence):
    """An appointment view: its port, and the reads a slot picker needs (never stale)."""

    _appointment: AppointmentPort | None = PrivateAttr(default=None)

    def use_port(self, port: AppointmentPort | None) -> Self:
        self._appointment = port
        return self

    async def slots(
        self, start_date: date, end_date: date, timezone: str | None = None
    ) -> list[AppointmentSlot]:
        """Bookable slots from `start_date` to `end_date` inclusive."""
        self._journey()
        appointments = attached(self._appointment)
        return await appointments.slots(self.distribution.id, start_date, end_date, timezone)

    async def booking(self) -> AppointmentBooking | None:
        """The consumer's booking with its confirmation code, if there is one."""
        self._journey()
        return await attached(self._appointment).booking(self.distribution.id)


class UnavailableSequence(SequenceViewBase):
    phase: Literal["unavailable"] = "unavailable"
    mechanism: None = None
    reason: str | None = None


class ScheduledSequence(_DistributionSequence):
    phase: Literal["scheduled"] = "scheduled"
    mechanism: Mechanism
    waitlist: WaitlistAttachmentView | None = None


class EnterableQueue(_QueueSequence):
    phase: Literal["enterable"] = "enterable"
    mechanism: Literal["queue"] = "queue"

    async def enter(self) -> JourneyView:
        """Enter; returns the journey's next view."""
        journey, queue = self._journey(), attached(self._queue)
        return await journey.change(self, "enter", lambda: queue.enter(self.distribution.id))


class EnterableDraw(_DrawSequence):
    phase: Literal["enterable"] = "enterable"
    mechanism: Literal["draw"] = "draw"

    async def enter(self) -> JourneyView:
        """Enter; returns the journey's next view."""
        journey, draw = self._journey(), attached(self._draw)
        return await journey.change(self, "enter", lambda: draw.enter(self.distribution.id))


class EnterableTimedRelease(_TimedReleaseSequence):
    phase: Literal["enterable"] = "enterable"
    mechanism: Literal["timed_release"] = "timed_release"

    async def enter(self, variant_id: str | None = None) -> JourneyView:
        """Enter the timed release (optionally choosing a variant); returns the next view."""
        journey, release = self._journey(), attached(self._timed_release)
        release_id = self.distribution.id
        return await journey.change(self, "enter", lambda: release.enter(release_id, variant_id))


class EnterableAuction(_AuctionSequence):
    phase: Literal["enterable"] = "enterable"
    mechanism: Literal["auction"] = "auction"


class EnterableAppointment(_AppointmentSequence):
    phase: Literal["enterable"] = "enterable"
    mechanism: Literal["appointment"] = "appointment"

    async def book(self, slot_id: str, location_id: str | None = None) -> JourneyView:
        """Book an appointment slot; returns the journey's next view."""
        journey, appointments = self._journey(), attached(self._appointment)
        appointment_id = self.distribution.id
        return await journey.change(
            self, "book", lambda: appointments.book(appointment_id, slot_id, location_id)
        )


class ParticipatingQueue(_QueueSequence):
    phase: Literal["participating"] = "participating"
    mechanism: Literal["queue"] = "queue"
    display: QueueDisplay

    async def leave(self) -> JourneyView:
        """Leave the queue; returns the journey's next view."""
        journey, queue = self._journey(), attached(self._queue)
        return await journey.change(self, "leave", lambda: queue.leave(self.distribution.id))


class ParticipatingDraw(_DrawSequence):
    phase: Literal["participating"] = "participating"
    mechanism: Literal["draw"] = "draw"
    display: DrawDisplay

    async def leave(self) -> JourneyView:
        """Leave the draw; returns the journey's next view."""
        journey, draw = self._journey(), attached(self._draw)
        return await journey.change(self, "leave", lambda: draw.leave(self.distribution.id))


class ParticipatingTimedRelease(_TimedReleaseSequence):
    phase: Literal["participating"] = "participating"
    mechanism: Literal["timed_release"] = "timed_release"
    display: TimedReleaseDisplay

    async def leave(self) -> JourneyView:
        """Leave the timed release; returns the journey's next view."""
        journey, release = self._journey(), attached(self._timed_release)
        return await journey.change(self, "leave", lambda: release.leave(self.distribution.id))


class ParticipatingAuction(_AuctionSequence):
    phase: Literal["participating"] = "participating"
    mechanism: Literal["auction"] = "auction"
    display: AuctionDisplay

    async def leave(self) -> JourneyView:
        """Withdraw from the auction; returns the journey's next view."""
        journey, auction = self._journey(), attached(self._auction)
        return await journey.change(self, "leave", lambda: auction.leave(self.distribution.id))


class ParticipatingAppointment(_AppointmentSequence):
    phase: Literal["participating"] = "participating"
    mechanism: Literal["appointment"] = "appointment"
    display: AppointmentDisplay

    async def cancel(self, reason: str | None = None) -> JourneyView:
        """Cancel the booked appointment; returns the journey's next view."""
        journey, appointments = self._journey(), attached(self._appointment)
        appointment_id, slot_id = self.distribution.id, self.display.slot_id
        location_id = self.display.location_id

        async def send() -> None:
            if slot_id is None:
                raise JourneyError("There is no booked slot to cancel. Refresh the journey.")
            await appointments.cancel(appointment_id, slot_id, location_id, reason)

        return await journey.change(self, "cancel", send)

    async def reschedule(self, new_slot_id: str, new_location_id: str | None = None) -> JourneyView:
        """Move the booking to another slot; returns the journey's next view."""
        journey, appointments = self._journey(), attached(self._appointment)
        appointment_id = self.distribution.id
        return await journey.change(
            self,
            "reschedule",
            lambda: appointments.reschedule(appointment_id, new_slot_id, new_location_id),
        )


class SettlingSequence(_DistributionSequence):
    """A draw or auction closed to action, result pending: no actions."""

    phase: Literal["settling"] = "settling"
    mechanism: Literal["draw", "auction"]
    display: DrawDisplay | AuctionDisplay | None = None


class GrantedSequence(_DistributionSequence):
    phase: Literal["granted"] = "granted"
    mechanism: GrantingMechanism
    grant: AdmissionGrant
    # True once `claim()` was called: checkout started, the server owns the deadline.
    claimed: bool = False

    @property
    def expires_at(self) -> datetime | None:
        return parse_instant(self.grant.expires_at)

    def claim(self) -> AdmissionGrant:
        """Take the grant for the handoff: marks checkout started, stops the expiry timer."""
        return self._journey().claim(self)


class EndedSequence(_DistributionSequence):
    phase: Literal["ended"] = "ended"
    mechanism: Mechanism
    outcome: Outcome


SequenceView = (
    UnavailableSequence
    | ScheduledSequence
    | EnterableQueue
    | EnterableDraw
    | EnterableTimedRelease
    | EnterableAuction
    | EnterableAppointment
    | ParticipatingQueue
    | ParticipatingDraw
    | ParticipatingTimedRelease
    | ParticipatingAuction
    | ParticipatingAppointment
    | SettlingSequence
    | GrantedSequence
    | EndedSequence
)
