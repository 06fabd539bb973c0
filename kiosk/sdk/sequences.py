"""`SequenceView`: a routed sequence's phase and mechanism, its live data, and its actions.

One class per phase x mechanism where the actions differ, so an action the view does not
offer does not exist on it (`hasattr(sequence, "enter")` is the test, as in Fanfare's docs).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from kiosk.core.instants import parse_instant
from kiosk.sdk.actions import BoundModel
from kiosk.wire.distributions import AppointmentBooking, AppointmentSlot
from kiosk.wire.projection import (
    AdmissionGrant,
    Distribution,
    GrantingMechanism,
    Mechanism,
    Outcome,
)

if TYPE_CHECKING:
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


class _JoinAction(BoundModel):
    async def join(self) -> JourneyView:
        """Join the waitlist; returns the journey's next view."""
        return await self._journey().perform(self, "join")


class _LeaveAction(BoundModel):
    async def leave(self) -> JourneyView:
        """Leave (the queue, draw, timed release, auction or waitlist); returns the next view."""
        return await self._journey().perform(self, "leave")


class NotWaitlisted(_JoinAction, WaitlistAttachmentBase):
    status: Literal["not_waitlisted"] = "not_waitlisted"


class Waitlisted(_LeaveAction, WaitlistAttachmentBase):
    status: Literal["waitlisted"] = "waitlisted"
    position: int | None = None
    entered_at: datetime | None = None


class WaitlistNotified(_LeaveAction, WaitlistAttachmentBase):
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


class _EnterAction(BoundModel):
    async def enter(self) -> JourneyView:
        """Enter; returns the journey's next view."""
        return await self._journey().perform(self, "enter")


class _BidAction(BoundModel):
    async def bid(self, amount: Decimal) -> JourneyView:
        """Bid `amount` (exact decimal); returns the journey's next view."""
        if not isinstance(amount, Decimal):
            raise TypeError("bid(amount) takes a Decimal, for example Decimal('125.00')")
        return await self._journey().perform(self, "bid", amount=amount)


class _BookAction(BoundModel):
    async def book(self, slot_id: str, location_id: str | None = None) -> JourneyView:
        """Book an appointment slot; returns the journey's next view."""
        return await self._journey().perform(self, "book", slot_id=slot_id, location_id=location_id)


class _AppointmentLookups(BoundModel):
    """Reads an appointment screen needs: the slot grid and the booking's details."""

    async def slots(
        self, start_date: date, end_date: date, timezone: str | None = None
    ) -> list[AppointmentSlot]:
        """Bookable slots from `start_date` to `end_date` inclusive."""
        return await self._journey().lookup(
            self, "slots", start_date=start_date, end_date=end_date, timezone=timezone
        )

    async def booking(self) -> AppointmentBooking | None:
        """The consumer's booking with its confirmation code, if there is one."""
        return await self._journey().lookup(self, "booking")


class _AuctionPrices(BoundModel):
    """Prices a bid screen needs, from the server's live auction details."""

    def _price(self, key: str) -> Decimal | None:
        details = getattr(self, "distribution").details or {}  # noqa: B009 - mixin
        value = details.get(key)
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
        details = getattr(self, "distribution").details or {}  # noqa: B009 - mixin
        return str(details.get("auctionType", "english"))


class _CancelAction(BoundModel):
    async def cancel(self, reason: str | None = None) -> JourneyView:
        """Cancel the booked appointment; returns the journey's next view."""
        return await self._journey().perform(self, "cancel", reason=reason)


class _RescheduleAction(BoundModel):
    async def reschedule(self, new_slot_id: str, new_location_id: str | None = None) -> JourneyView:
        """Move the booking to another slot; returns the journey's next view."""
        return await self._journey().perform(
            self, "reschedule", new_slot_id=new_slot_id, new_location_id=new_location_id
        )


class UnavailableSequence(SequenceViewBase):
    phase: Literal["unavailable"] = "unavailable"
    mechanism: None = None
    reason: str | None = None


class ScheduledSequence(_DistributionSequence):
    phase: Literal["scheduled"] = "scheduled"
    mechanism: Mechanism
    waitlist: WaitlistAttachmentView | None = None


class EnterableQueue(_EnterAction, _DistributionSequence):
    phase: Literal["enterable"] = "enterable"
    mechanism: Literal["queue"] = "queue"


class EnterableDraw(_EnterAction, _DistributionSequence):
    phase: Literal["enterable"] = "enterable"
    mechanism: Literal["draw"] = "draw"


class EnterableTimedRelease(_DistributionSequence):
    phase: Literal["enterable"] = "enterable"
    mechanism: Literal["timed_release"] = "timed_release"

    async def enter(self, variant_id: str | None = None) -> JourneyView:
        """Enter the timed release (optionally choosing a variant); returns the next view."""
        return await self._journey().perform(self, "enter", variant_id=variant_id)


class EnterableAuction(_BidAction, _AuctionPrices, _DistributionSequence):
    phase: Literal["enterable"] = "enterable"
    mechanism: Literal["auction"] = "auction"


class EnterableAppointment(_BookAction, _AppointmentLookups, _DistributionSequence):
    phase: Literal["enterable"] = "enterable"
    mechanism: Literal["appointment"] = "appointment"


class ParticipatingQueue(_LeaveAction, _DistributionSequence):
    phase: Literal["participating"] = "participating"
    mechanism: Literal["queue"] = "queue"
    display: QueueDisplay


class ParticipatingDraw(_LeaveAction, _DistributionSequence):
    phase: Literal["participating"] = "participating"
    mechanism: Literal["draw"] = "draw"
    display: DrawDisplay


class ParticipatingTimedRelease(_LeaveAction, _DistributionSequence):
    phase: Literal["participating"] = "participating"
    mechanism: Literal["timed_release"] = "timed_release"
    display: TimedReleaseDisplay


class ParticipatingAuction(_BidAction, _LeaveAction, _AuctionPrices, _DistributionSequence):
    phase: Literal["participating"] = "participating"
    mechanism: Literal["auction"] = "auction"
    display: AuctionDisplay


class ParticipatingAppointment(
    _CancelAction, _RescheduleAction, _AppointmentLookups, _DistributionSequence
):
    phase: Literal["participating"] = "participating"
    mechanism: Literal["appointment"] = "appointment"
    display: AppointmentDisplay


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
