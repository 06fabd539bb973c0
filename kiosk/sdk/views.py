"""`JourneyView`: the public UI contract. Render only from it; its actions live only on it.

`journey_stage` is `ready` (start), `routing` (no actions), `gated` (gates, reroute, retry) or
`routed` (sequence, offers, reroute, retry, submit_access_code). Every view also says when it
was last refreshed from the server and whether it is stale.

A routed view's `sequence` has one class per phase x mechanism where the actions differ, so
an action the view does not offer does not exist on it (`hasattr(sequence, "enter")` is the
test, as in Fanfare's docs). Each action is one typed call: the stage actions on the
journey's `JourneyPort`, a sequence action on its mechanism's port (`kiosk.sdk.ports`),
which the journey runs only while its current view still offers the action.

The stage views and the sequence views are one module because each refers to the other (a
routed view holds a sequence; a sequence's actions return the next journey view).
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, Protocol, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from kiosk.core.instants import parse_instant
from kiosk.sdk.displays import (
    AppointmentDisplay,
    AuctionDisplay,
    DrawDisplay,
    QueueDisplay,
    TimedReleaseDisplay,
)
from kiosk.sdk.errors import ActionUnavailableError, JourneyError
from kiosk.wire.distributions import AppointmentBooking, AppointmentSlot
from kiosk.wire.projection import (
    AdmissionGrant,
    Distribution,
    GrantingMechanism,
    Mechanism,
    Outcome,
)
from kiosk.wire.routing import AccessCodeGate, AuthenticationGate, BotCheckGate, RouteSelection

if TYPE_CHECKING:
    from kiosk.sdk.ports import (
        AppointmentPort,
        AuctionPort,
        DrawPort,
        QueuePort,
        TimedReleasePort,
        WaitlistPort,
    )

DEFAULT_STALE_AFTER_SECONDS = 15.0

P = TypeVar("P")


class Unset(enum.Enum):
    UNSET = "UNSET"


# `reroute()` without `access_code` re-sends the stored code; `access_code=None` clears it.
UNSET = Unset.UNSET

# -- how a view reaches its journey ----------------------------------------------------------


class JourneyPort(Protocol):
    """What every bound view needs from its journey (implemented by `Journey`)."""

    def now(self) -> datetime: ...

    async def start(self, owner: BoundModel) -> JourneyView: ...

    async def reroute(self, owner: BoundModel, access_code: str | Unset | None) -> JourneyView:
        """Route again; `UNSET` re-sends the stored code, None clears it."""
        ...

    async def retry(self, owner: BoundModel) -> JourneyView: ...

    async def submit_access_code(
        self, owner: BoundModel, access_code: str
    ) -> AccessCodeSubmitResult: ...

    async def change(
        self, owner: BoundModel, action: str, send: Callable[[], Awaitable[object]]
    ) -> JourneyView:
        """Run `send` if `owner` still offers `action`, one change at a time; then refresh."""
        ...

    def claim(self, owner: BoundModel) -> AdmissionGrant: ...


_NOT_ATTACHED = (
    "This view is not attached to a journey, so it has no actions to run. "
    "Use the views that Journey.view returns."
)


def attached(port: P | None) -> P:
    """`port`, or the error a view raises when it was built outside a journey."""
    if port is None:
        raise ActionUnavailableError(_NOT_ATTACHED)
    return port


class BoundModel(BaseModel):
    """A frozen model that may be attached to the journey that published it.

    A view never performs I/O itself: its actions call back through its ports.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    _port: JourneyPort | None = PrivateAttr(default=None)

    def bind(self, port: JourneyPort) -> Self:
        """Attach this model and the models inside it to `port` (the journey does this)."""
        self._port = port
        for value in self.__dict__.values():
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, BoundModel):
                    item.bind(port)
        return self

    def _journey(self) -> JourneyPort:
        return attached(self._port)


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


# -- journey stages --------------------------------------------------------------------------


class UnknownGate(BaseModel):
    """A gate type this SDK does not know yet: show generic "requirement" copy."""

    model_config = ConfigDict(frozen=True, extra="allow")

    type: str
    status: str | None = None


GateView = AuthenticationGate | AccessCodeGate | BotCheckGate | UnknownGate


class AccessCodeSubmitResult(BaseModel):
    """`advanced` (moved into the offered sequence), `unchanged`, or `gated`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: Literal["advanced", "unchanged", "gated"]
    sequence_id: str | None = None


class JourneyViewBase(BoundModel):
    experience_id: str
    # The last time the journey heard from the server successfully (None: not yet).
    refreshed_at: datetime | None = None
    # True when the last refresh failed: this is the last known state, re-emitted.
    degraded: bool = False
    stale_after_seconds: float = DEFAULT_STALE_AFTER_SECONDS

    def is_stale(self, now: datetime) -> bool:
        """True when the last refresh failed or the last success is older than the threshold."""
        if self.degraded:
            return True
        if self.refreshed_at is None:
            return False
        return (now - self.refreshed_at).total_seconds() > self.stale_after_seconds

    @property
    def stale(self) -> bool:
        """`is_stale()` at the journey clock's current time."""
        if self._port is None:
            return self.degraded
        return self.is_stale(self._port.now())


class ReadyView(JourneyViewBase):
    journey_stage: Literal["ready"] = "ready"

    async def start(self) -> JourneyView:
        """Route the journey (guest session, route, projection); returns the resulting view."""
        return await self._journey().start(self)


class RoutingView(JourneyViewBase):
    """Fanfare is resolving the public path: show loading; no actions."""

    journey_stage: Literal["routing"] = "routing"


class GatedView(JourneyViewBase):
    journey_stage: Literal["gated"] = "gated"
    gates: list[GateView]
    selected_sequence_id: str | None = None

    async def reroute(self, access_code: str | Unset | None = UNSET) -> JourneyView:
        """Route again: with a new access code, the stored one (omitted), or none (None)."""
        return await self._journey().reroute(self, access_code)

    async def retry(self) -> JourneyView:
        """Route again with the stored access code (after completing a gate elsewhere)."""
        return await self._journey().retry(self)


class RoutedView(JourneyViewBase):
    journey_stage: Literal["routed"] = "routed"
    sequence_id: str | None = None
    sequence: SequenceView
    # Gated, higher-priority sequences the consumer could move into: informational.
    offers: list[RouteSelection] = Field(default_factory=list)

    async def reroute(self) -> JourneyView:
        """Route again with the stored access code."""
        return await self._journey().reroute(self, UNSET)

    async def retry(self) -> JourneyView:
        """Fetch the journey's state again (after an error or while stale)."""
        return await self._journey().retry(self)

    async def submit_access_code(self, access_code: str) -> AccessCodeSubmitResult:
        """Try a code for an offered sequence; only `advanced` keeps the code."""
        return await self._journey().submit_access_code(self, access_code)


JourneyView = ReadyView | RoutingView | GatedView | RoutedView
