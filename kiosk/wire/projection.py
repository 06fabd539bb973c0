"""`GET /consumers/me`: the server-side journey projection behind every `JourneyView`.

The file's schema is strict (`additionalProperties: false`), so the consumer object is a
different model per mechanism and a sequence carries only the keys its phase allows.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from kiosk.wire.base import Money, WireResponse

Phase = Literal[
    "unavailable", "scheduled", "enterable", "participating", "settling", "granted", "ended"
]
Mechanism = Literal["queue", "draw", "auction", "timed_release", "appointment"]
GrantingMechanism = Literal["queue", "draw", "auction", "timed_release"]
Lifecycle = Literal["scheduled", "open", "settling", "closed"]
OutcomeType = Literal[
    "won", "lost", "completed", "denied", "left", "expired", "closed", "cancelled", "no_show"
]


class Distribution(WireResponse):
    type: Mechanism
    id: str
    sequence_id: str
    lifecycle: Lifecycle
    opens_at: str | None = None
    closes_at: str | None = None
    settles_at: str | None = None
    starts_at: str | None = None
    details: dict[str, Any] | None = None


class QueueConsumer(WireResponse):
    status: Literal["not_queued", "queued", "granted", "completed", "denied", "left"]
    position: int | None = None
    admission_grant: str | None = Field(default=None, repr=False)
    granted_at: str | None = None
    entered_at: str | None = None
    denied_reason: str | None = None
    id: str | None = None
    distribution_id: str | None = None


class DrawConsumer(WireResponse):
    status: Literal["not_entered", "entered", "won", "completed", "denied"]
    admission_grant: str | None = Field(default=None, repr=False)
    granted_at: str | None = None
    entered_at: str | None = None
    denied_reason: str | None = None


class AuctionConsumer(WireResponse):
    status: Literal["not_bid", "bidding", "winning", "outbid", "won", "lost"]
    current_bid: Money | None = None
    highest_bid: Money | None = None
    admission_grant: str | None = Field(default=None, repr=False)
    granted_at: str | None = None
    entered_at: str | None = None
    denied_reason: str | None = None


class TimedReleaseConsumer(WireResponse):
    status: Literal["not_entered", "entered", "completed", "denied", "left"]
    admission_grant: str | None = Field(default=None, repr=False)
    granted_at: str | None = None
    entered_at: str | None = None
    denied_reason: str | None = None


class AppointmentConsumer(WireResponse):
    status: Literal["not_booked", "booked", "checked_in", "completed", "cancelled", "no_show"]
    slot_id: str | None = None
    location_id: str | None = None
    booked_at: str | None = None
    checked_in_at: str | None = None
    completed_at: str | None = None
    cancelled_at: str | None = None
    no_show_at: str | None = None


ConsumerState = (
    QueueConsumer | DrawConsumer | AuctionConsumer | TimedReleaseConsumer | AppointmentConsumer
)

CONSUMER_MODELS: dict[str, type[WireResponse]] = {
    "queue": QueueConsumer,
    "draw": DrawConsumer,
    "auction": AuctionConsumer,
    "timed_release": TimedReleaseConsumer,
    "appointment": AppointmentConsumer,
}


class AdmissionGrant(WireResponse):
    """The sensitive handoff credential. Never log it; `__repr__` hides the token."""

    token: str = Field(repr=False)
    distribution_type: GrantingMechanism
    distribution_id: str
    sequence_id: str
    experience_id: str
    issued_at: str | None = None
    expires_at: str | None = None


class Outcome(WireResponse):
    type: OutcomeType
    at: str | None = None
    distribution_id: str | None = None
    distribution_type: Mechanism | None = None
    reason: str | None = None


class SequenceProjection(WireResponse):
    """One routed sequence: `{phase: unavailable, reason?}` or the phase/mechanism shape."""

    phase: Phase
    mechanism: Mechanism | None = None
    reason: str | None = None
    distribution: Distribution | None = None
    consumer: ConsumerState | None = None
    grant: AdmissionGrant | None = None
    outcome: Outcome | None = None

    @model_validator(mode="before")
    @classmethod
    def _consumer_by_mechanism(cls, data: Any) -> Any:
        # The consumer object has no discriminator of its own; the mechanism decides.
        if isinstance(data, dict) and isinstance(data.get("consumer"), dict):
            model = CONSUMER_MODELS.get(str(data.get("mechanism")))
            if model is not None:
                data = {**data, "consumer": model.model_validate(data["consumer"])}
        return data


class SelectedSequenceRef(WireResponse):
    sequence_id: str


class GatedJourney(WireResponse):
    experience_id: str
    journey_stage: Literal["gated"] = "gated"
    gates: list[dict[str, Any]] = Field(default_factory=list)
    selected: SelectedSequenceRef | None = None
    updated_at: str | None = None


class RoutedJourney(WireResponse):
    experience_id: str
    journey_stage: Literal["routed"] = "routed"
    sequence_id: str
    sequence: SequenceProjection
    offers: list[dict[str, Any]] | None = None
    updated_at: str | None = None


class ActiveJourneys(WireResponse):
    journeys: list[GatedJourney | RoutedJourney] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _journey_by_stage(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("journeys"), list):
            parsed: list[Any] = []
            for item in data["journeys"]:
                if isinstance(item, dict):
                    stage = item.get("journeyStage", item.get("journey_stage"))
                    model = GatedJourney if stage == "gated" else RoutedJourney
                    parsed.append(model.model_validate(item))
                else:
                    parsed.append(item)
            data = {**data, "journeys": parsed}
        return data


class WaitlistMembership(WireResponse):
    waitlist_id: str
    sequence_id: str
    experience_id: str
    entered_at: str | None = None
    position: int | None = None


class ConsumerMe(WireResponse):
    active: ActiveJourneys
    waitlists: list[WaitlistMembership] | None = None

    def journey_for(self, experience_id: str) -> GatedJourney | RoutedJourney | None:
        for journey in self.active.journeys:
            if journey.experience_id == experience_id:
                return journey
        return None
