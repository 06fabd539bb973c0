"""From the server's journey projection (and the last route result) to a `JourneyView`.

Pure functions: no I/O, no clock. The server computes phase and mechanism; this module only
picks the view class for them, fills in live data and attaches the mechanism's port (from
the context; views built without ports have no actions to run). It never infers private
reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError

from kiosk.core.instants import parse_instant
from kiosk.sdk.displays import (
    AppointmentDisplay,
    AuctionDisplay,
    DrawDisplay,
    QueueDisplay,
    TimedReleaseDisplay,
)
from kiosk.sdk.errors import JourneyError
from kiosk.sdk.ports import MechanismPorts
from kiosk.sdk.views import (
    EndedSequence,
    EnterableAppointment,
    EnterableAuction,
    EnterableDraw,
    EnterableQueue,
    EnterableTimedRelease,
    GatedView,
    GateView,
    GrantedSequence,
    NotWaitlisted,
    ParticipatingAppointment,
    ParticipatingAuction,
    ParticipatingDraw,
    ParticipatingQueue,
    ParticipatingTimedRelease,
    RoutedView,
    ScheduledSequence,
    SequenceView,
    SettlingSequence,
    UnavailableSequence,
    UnknownGate,
    WaitlistAttachmentView,
    Waitlisted,
    WaitlistNotified,
)
from kiosk.wire.base import wire_adapter
from kiosk.wire.distributions import QueueConsumerState, QueuedState
from kiosk.wire.projection import (
    AdmissionGrant,
    AppointmentConsumer,
    AuctionConsumer,
    ConsumerState,
    Distribution,
    DrawConsumer,
    GatedJourney,
    Outcome,
    QueueConsumer,
    RoutedJourney,
    SequenceProjection,
    TimedReleaseConsumer,
    WaitlistMembership,
)
from kiosk.wire.routing import Gate, RouteResult, RouteSelection

_GATE: TypeAdapter[Any] = wire_adapter(Gate)

_Consumer = ConsumerState | None

# Not in the OpenAPI file: the waitlist's status lives in the distribution's free-form details.
WAITLIST_ID_DETAIL = "waitlistId"
WAITLIST_STATUS_DETAIL = "waitlistStatus"


@dataclass(frozen=True)
class ViewContext:
    """What the journey knows besides the projection."""

    experience_id: str
    refreshed_at: datetime | None
    stale_after_seconds: float
    # The latest `GET /queues/{id}/status`, as (queue id, state): fresher position and ETA.
    queue_status: tuple[str, QueueConsumerState] | None = None
    waitlists: tuple[WaitlistMembership, ...] = ()
    # Offers from the last route result, used when the projection carries none.
    offers: tuple[RouteSelection, ...] = ()
    claimed: frozenset[str] = field(default_factory=frozenset)
    lapsed: frozenset[str] = field(default_factory=frozenset)
    # The ports the built views act through (None: views without actions, for tests).
    ports: MechanismPorts | None = None

    def common(self) -> dict[str, Any]:
        return {
            "experience_id": self.experience_id,
            "refreshed_at": self.refreshed_at,
            "stale_after_seconds": self.stale_after_seconds,
        }


def grant_key(grant: AdmissionGrant) -> str:
    """Identifies one grant without holding its token."""
    return f"{grant.distribution_type}:{grant.distribution_id}:{grant.issued_at}:{grant.expires_at}"


def view_from_projection(
    ctx: ViewContext, journey: GatedJourney | RoutedJourney
) -> GatedView | RoutedView:
    if isinstance(journey, GatedJourney):
        return GatedView(
            **ctx.common(),
            gates=[_gate(item) for item in journey.gates if isinstance(item, dict)],
            selected_sequence_id=journey.selected.sequence_id if journey.selected else None,
        )
    offers = (
        [offer for item in journey.offers if (offer := _offer(item)) is not None]
        if journey.offers is not None
        else list(ctx.offers)
    )
    return RoutedView(
        **ctx.common(),
        sequence_id=journey.sequence_id,
        sequence=sequence_view(ctx, journey.sequence_id, journey.sequence),
        offers=offers,
    )


def gated_view_from_route(ctx: ViewContext, route: RouteResult) -> GatedView:
    selected = route.selected
    return GatedView(
        **ctx.common(),
        gates=list(selected.gates) if selected else [],
        selected_sequence_id=selected.sequence.id if selected else None,
    )


def unavailable_view(ctx: ViewContext, reason: str | None) -> RoutedView:
    return RoutedView(
        **ctx.common(),
        sequence=UnavailableSequence(reason=reason),
        offers=list(ctx.offers),
    )


def sequence_view(
    ctx: ViewContext, sequence_id: str, projection: SequenceProjection
) -> SequenceView:
    phase, mechanism, distribution = projection.phase, projection.mechanism, projection.distribution
    if phase == "unavailable":
        return UnavailableSequence(sequence_id=sequence_id, reason=projection.reason)
    if mechanism is None or distribution is None:
        raise JourneyError(
            f"The server sent a '{phase}' sequence without a mechanism or distribution; "
            "the journey keeps its last view. Check the server's /consumers/me response."
        )
    base: dict[str, Any] = {"sequence_id": sequence_id, "distribution": distribution}
    consumer = projection.consumer
    if phase == "scheduled":
        return ScheduledSequence(**base, mechanism=mechanism, waitlist=_waitlist(ctx, distribution))
    if phase == "enterable":
        return _enterable(ctx.ports, base, mechanism)
    if phase == "participating":
        return _participating(ctx, base, mechanism, consumer)
    if phase == "settling":
        if mechanism not in ("draw", "auction"):
            raise JourneyError(
                f"The server sent a settling {mechanism}; only draws and auctions settle."
            )
        display = _settling_display(mechanism, consumer, base["distribution"].details)
        return SettlingSequence(**base, mechanism=mechanism, display=display)
    if phase == "granted":
        grant = projection.grant
        if grant is None or mechanism == "appointment":
            raise JourneyError("The server sent a granted sequence without a usable grant.")
        key = grant_key(grant)
        if key in ctx.lapsed and key not in ctx.claimed:
            # The grant lapsed on this device before it was claimed: ended, expired.
            outcome = Outcome(
                type="expired",
                at=grant.expires_at,
                distribution_id=distribution.id,
                distribution_type=mechanism,
            )
            return EndedSequence(**base, mechanism=mechanism, outcome=outcome)
        return GrantedSequence(**base, mechanism=mechanism, grant=grant, claimed=key in ctx.claimed)
    # phase == "ended"
    if projection.outcome is None:
        raise JourneyError("The server sent an ended sequence without an outcome.")
    return EndedSequence(**base, mechanism=mechanism, outcome=projection.outcome)


def _enterable(ports: MechanismPorts | None, base: dict[str, Any], mechanism: str) -> SequenceView:
    if mechanism == "queue":
        return EnterableQueue(**base).use_port(ports.queue if ports else None)
    if mechanism == "draw":
        return EnterableDraw(**base).use_port(ports.draw if ports else None)
    if mechanism == "timed_release":
        return EnterableTimedRelease(**base).use_port(ports.timed_release if ports else None)
    if mechanism == "auction":
        return EnterableAuction(**base).use_port(ports.auction if ports else None)
    return EnterableAppointment(**base).use_port(ports.appointment if ports else None)


def _participating(
    ctx: ViewContext, base: dict[str, Any], mechanism: str, consumer: _Consumer
) -> SequenceView:
    ports = ctx.ports
    if mechanism == "queue":
        queue = ParticipatingQueue(
            **base, display=_queue_display(ctx, base["distribution"], consumer)
        )
        return queue.use_port(ports.queue if ports else None)
    if mechanism == "draw":
        details = base["distribution"].details
        draw = ParticipatingDraw(**base, display=_draw_display(consumer, details))
        return draw.use_port(ports.draw if ports else None)
    if mechanism == "timed_release":
        release = ParticipatingTimedRelease(**base, display=_timed_release_display(consumer))
        return release.use_port(ports.timed_release if ports else None)
    if mechanism == "auction":
        auction = ParticipatingAuction(**base, display=_auction_display(consumer))
        return auction.use_port(ports.auction if ports else None)
    display = _appointment_display(consumer, base["distribution"].details)
    appointment = ParticipatingAppointment(**base, display=display)
    return appointment.use_port(ports.appointment if ports else None)


def _queue_display(
    ctx: ViewContext, distribution: Distribution, consumer: _Consumer
) -> QueueDisplay:
    position = consumer.position if isinstance(consumer, QueueConsumer) else None
    status = ctx.queue_status
    if status is not None and status[0] == distribution.id and isinstance(status[1], QueuedState):
        queued = status[1]
        return QueueDisplay(
            position=queued.position,
            estimated_wait_seconds=queued.estimated_wait_time_in_seconds,
            position_display_mode=queued.position_display_mode,
        )
    return QueueDisplay(position=position)


def _settling_display(
    mechanism: str, consumer: _Consumer, details: dict[str, Any] | None
) -> DrawDisplay | AuctionDisplay:
    if mechanism == "draw":
        return _draw_display(consumer, details)
    return _auction_display(consumer)


def _draw_display(consumer: _Consumer, details: dict[str, Any] | None = None) -> DrawDisplay:
    entered = consumer.entered_at if isinstance(consumer, DrawConsumer) else None
    # The venue's extension: the entry's reference rides in the distribution's details.
    reference = details.get("entryReference") if details else None
    return DrawDisplay(
        entered_at=parse_instant(entered),
        entry_reference=reference if isinstance(reference, str) else None,
    )


def _timed_release_display(consumer: _Consumer) -> TimedReleaseDisplay:
    entered = consumer.entered_at if isinstance(consumer, TimedReleaseConsumer) else None
    return TimedReleaseDisplay(entered_at=parse_instant(entered))


def _auction_display(consumer: _Consumer) -> AuctionDisplay:
    if not isinstance(consumer, AuctionConsumer):
        return AuctionDisplay()
    return AuctionDisplay(
        status=consumer.status,
        current_bid=consumer.current_bid,
        highest_bid=consumer.highest_bid,
    )


def _appointment_display(
    consumer: _Consumer, details: dict[str, Any] | None = None
) -> AppointmentDisplay:
    if not isinstance(consumer, AppointmentConsumer):
        return AppointmentDisplay()
    # The venue's extension: the booking's reference rides in the distribution's details.
    reference = details.get("bookingReference") if details else None
    return AppointmentDisplay(
        status=consumer.status,
        slot_id=consumer.slot_id,
        location_id=consumer.location_id,
        booked_at=parse_instant(consumer.booked_at),
        checked_in_at=parse_instant(consumer.checked_in_at),
        booking_reference=reference if isinstance(reference, str) else None,
    )


def _waitlist(ctx: ViewContext, distribution: Distribution) -> WaitlistAttachmentView | None:
    details = distribution.details or {}
    waitlist_id = details.get(WAITLIST_ID_DETAIL)
    if not isinstance(waitlist_id, str) or not waitlist_id:
        return None
    port = ctx.ports.waitlist if ctx.ports else None
    membership = next((m for m in ctx.waitlists if m.waitlist_id == waitlist_id), None)
    if details.get(WAITLIST_STATUS_DETAIL) == "notified":
        return WaitlistNotified(waitlist_id=waitlist_id).use_port(port)
    if membership is not None:
        return Waitlisted(
            waitlist_id=waitlist_id,
            position=membership.position,
            entered_at=parse_instant(membership.entered_at),
        ).use_port(port)
    return NotWaitlisted(waitlist_id=waitlist_id).use_port(port)


def _gate(item: dict[str, Any]) -> GateView:
    try:
        return _GATE.validate_python(item)
    except ValidationError:
        status = item.get("status")
        return UnknownGate(
            type=str(item.get("type", "unknown")),
            status=status if isinstance(status, str) else None,
        )


def _offer(item: Any) -> RouteSelection | None:
    try:
        return RouteSelection.model_validate(item)
    except ValidationError:
        return None
