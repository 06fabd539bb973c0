"""Per-mechanism distribution bodies: details and the consumer's status endpoints."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kiosk.wire.base import Instant, Money, WireRequest, WireResponse


class Queue(WireResponse):
    """`GET /queues/{queueId}`."""

    id: str
    organization_id: str
    sequence_id: str
    name: str
    time_zone: str
    admit_rate: float
    supports_guest: bool
    archived: bool = False
    created_at: Instant
    created_by: str
    capacity: float | None = None
    max_admissions: float | None = None
    admission_expiration_seconds: float | None = None
    loyalty_bias_enabled: bool | None = None
    open_at: Instant | None = None
    close_at: Instant | None = None
    status_override: Literal["ended"] | None = None
    updated_at: Instant | None = None


class QueuedState(WireResponse):
    status: Literal["QUEUED"] = "QUEUED"
    position: int
    estimated_wait_time_in_seconds: float
    position_display_mode: Literal["precise", "qualitative"] | None = None


class NotQueuedState(WireResponse):
    status: Literal["NOT_QUEUED"] = "NOT_QUEUED"
    position: int | None = None
    dequeued_at: Instant | None = None


class LeftState(WireResponse):
    status: Literal["LEFT"] = "LEFT"
    position: int | None = None
    dequeued_at: Instant | None = None


class GrantedState(WireResponse):
    status: Literal["GRANTED"] = "GRANTED"
    admission_grant: str = Field(repr=False)
    expires_at: Instant | None = None
    dequeued_at: Instant | None = None
    position: int | None = None


class CompletedState(WireResponse):
    status: Literal["COMPLETED"] = "COMPLETED"
    completed_at: Instant | None = None
    position: int | None = None


class DeniedState(WireResponse):
    status: Literal["DENIED"] = "DENIED"
    reason: str
    dequeued_at: Instant | None = None
    position: int | None = None


QueueConsumerState = Annotated[
    QueuedState | NotQueuedState | LeftState | GrantedState | CompletedState | DeniedState,
    Field(discriminator="status"),
]


class DrawEnteredState(WireResponse):
    status: Literal["ENTERED"] = "ENTERED"


class DrawNotEnteredState(WireResponse):
    status: Literal["NOT_ENTERED"] = "NOT_ENTERED"


class DrawWonState(WireResponse):
    status: Literal["WON"] = "WON"
    admission_grant: str = Field(repr=False)
    expires_at: Instant | None = None
    selected_product_id: str | None = None
    won_at: Instant | None = None


class DrawCompletedState(WireResponse):
    status: Literal["COMPLETED"] = "COMPLETED"
    completed_at: Instant | None = None


class DrawDeniedState(WireResponse):
    status: Literal["DENIED"] = "DENIED"
    reason: str
    denied_at: Instant


DrawConsumerState = Annotated[
    DrawEnteredState | DrawNotEnteredState | DrawWonState | DrawCompletedState | DrawDeniedState,
    Field(discriminator="status"),
]


class AuctionConsumerState(WireResponse):
    status: Literal["NOT_BID", "BIDDING", "WINNING", "OUTBID", "WON", "LOST"]
    bid_count: int | None = None
    last_bid_amount: Money | None = None
    winning_bid_amount: Money | None = None
    admission_grant: str | None = Field(default=None, repr=False)


class BidRequest(WireRequest):
    # Optional in the spec: a Dutch auction's accept takes the live price, so needs none.
    amount: Money | None = None


class TimedReleaseConsumerState(WireResponse):
    status: str
    admission_grant: str | None = Field(default=None, repr=False)
    entered_at: str | None = None
    expires_at: str | None = None
    completed_at: str | None = None
    left_at: str | None = None
    selected_variant_id: str | None = None


class TimedReleaseEnterRequest(WireRequest):
    variant_id: str | None = None


class BookRequest(WireRequest):
    slot_id: str
    location_id: str | None = None


class AppointmentSlot(WireResponse):
    id: str
    start_time: str
    end_time: str
    capacity: int
    available: int
    location_id: str | None = None
    location_name: str | None = None
    timezone: str | None = None


class AppointmentSlots(WireResponse):
    slots: list[AppointmentSlot]


class AppointmentBooking(WireResponse):
    booking_id: str
    appointment_id: str
    consumer_id: str
    status: str
    confirmation_code: str
    slot_id: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    location_id: str | None = None
    location_name: str | None = None


class AppointmentMe(WireResponse):
    booking: AppointmentBooking | None = None


class CancelRequest(WireRequest):
    slot_id: str
    location_id: str | None = None
    reason: str | None = None


class RescheduleRequest(WireRequest):
    new_slot_id: str
    new_location_id: str | None = None


class WaitlistEntry(WireResponse):
    id: str
    waitlist_id: str
    sequence_id: str
    consumer_id: str
    entered_at: str


class WaitlistStatus(WireResponse):
    waitlist_id: str
    is_entered: bool
    entered_at: str | None = None
    sequence_id: str | None = None


# ---- servers (secret key): admit and deny one consumer --------------------------------------

ConsumerId = Annotated[str, Field(min_length=1, max_length=64)]
QueueDenyReason = Literal[
    "QUEUE_CLOSED",
    "BOT_DETECTED",
    "VALIDATION_LIMIT_REACHED",
    "ORDER_LIMIT_EXCEEDED",
    "ADMISSION_EXPIRED",
]


class AdmitRequest(WireRequest):
    """`POST /queues/{queueId}/admit`."""

    consumer_id: ConsumerId


class QueueDenyRequest(WireRequest):
    """`POST /queues/{queueId}/deny`: the spec's reasons only."""

    consumer_id: ConsumerId
    reason: QueueDenyReason


class DrawDenyRequest(WireRequest):
    """`POST /draws/{drawId}/deny`: any reason, as a code such as `FRAUD_DETECTED`."""

    consumer_id: ConsumerId
    reason: str = Field(pattern=r"^[A-Z][A-Z0-9_]{0,63}$")
