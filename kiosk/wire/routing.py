"""Experiences and routing: `GET /experiences/{id}`, `POST /experiences/{id}/route`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kiosk.wire.base import Instant, Money, WireRequest, WireResponse

ReasonCode = Literal[
    "NO_SEQUENCES",
    "NO_ACCESS",
    "AUTH_REQUIRED",
    "ACCESS_CODE_REQUIRED",
    "ACCESS_CODE_INVALID",
    "AUDIENCE_NOT_MEMBER",
    "BOT_REQUIRED",
    "BOT_BLOCKED",
]


class Reason(WireResponse):
    code: ReasonCode
    detail: str | None = None


class AuthReason(WireResponse):
    code: Literal["AUTH_REQUIRED"] = "AUTH_REQUIRED"
    detail: str | None = None


class AccessCodeReason(WireResponse):
    code: Literal["ACCESS_CODE_REQUIRED", "ACCESS_CODE_INVALID"]
    detail: str | None = None


class BotReason(WireResponse):
    code: Literal["BOT_REQUIRED", "BOT_BLOCKED"]
    detail: str | None = None


class AuthenticationGate(WireResponse):
    type: Literal["authentication"] = "authentication"
    status: Literal["required"] = "required"
    reason: AuthReason = Field(default_factory=AuthReason)


class AccessCodeGate(WireResponse):
    type: Literal["access_code"] = "access_code"
    status: Literal["missing", "invalid"]
    reason: AccessCodeReason


class BotChallenge(WireResponse):
    id: str
    provider: Literal["turnstile"] = "turnstile"
    type: Literal["turnstile_invisible", "turnstile_managed", "turnstile_interactive"]
    iframe_url: str
    expires_at: str


class BotMitigation(WireResponse):
    attempts_remaining: float | None = None
    blocked_until: str | None = None
    message: str | None = None


class BotCheckGate(WireResponse):
    type: Literal["bot_check"] = "bot_check"
    status: Literal["required", "blocked"]
    reason: BotReason
    challenge: BotChallenge | None = None
    mitigation: BotMitigation | None = None


Gate = Annotated[AuthenticationGate | AccessCodeGate | BotCheckGate, Field(discriminator="type")]


class SequenceSummary(WireResponse):
    id: str
    name: str
    experience_id: str
    priority: float
    color: str | None
    availability: Literal["open", "upcoming", "waitlist", "closed"] | None = None
    # Our extension: with availability `waitlist`, the waitlist to join (`/waitlists/{id}`).
    waitlist_id: str | None = None

    def to_wire(self) -> dict[str, object]:
        # `color` is required by the schema even when it is null.
        body = super().to_wire()
        body["color"] = self.color
        return body


class RouteSelection(WireResponse):
    sequence: SequenceSummary
    status: Literal["admissible", "gated"]
    gates: list[Gate] = Field(default_factory=list)
    reasons: list[Reason] = Field(default_factory=list)
    sequence_capability_grant: str | None = None
    sequence_capability_grant_expires_at: str | None = None

    def to_wire(self) -> dict[str, object]:
        body = super().to_wire()
        body["sequence"] = self.sequence.to_wire()
        return body


class RouteRequest(WireRequest):
    access_code: str | None = Field(default=None, max_length=128)


class RouteResult(WireResponse):
    schema_version: Literal[1] = 1
    experience_id: str
    outcome: Literal["routed", "gated", "no_access"]
    selected: RouteSelection | None = None
    offers: list[RouteSelection] = Field(default_factory=list)
    outcome_reasons: list[Reason] = Field(default_factory=list)

    def to_wire(self) -> dict[str, object]:
        body = super().to_wire()
        if self.selected is not None:
            body["selected"] = self.selected.to_wire()
        body["offers"] = [offer.to_wire() for offer in self.offers]
        return body


class ExperienceSequence(WireResponse):
    id: str
    name: str
    priority: float
    color: str | None = None


class ExperienceMedia(WireResponse):
    hero: str | None = None  # a URL relative to the venue (`/media/...`) or absolute
    thumbnail: str | None = None


LiveState = Literal["scheduled", "open", "sold_out", "closed"]


class LiveStatus(WireResponse):
    """What anyone may know about an experience now, without a consumer session."""

    mechanism: str | None = None
    state: LiveState | str = "open"  # a newer venue may add states
    waiting: int | None = None  # queues: consumers in line
    wait_seconds: float | None = None  # queues: estimated wait for a newcomer
    opens_at: Instant | None = None  # scheduled: when entry opens
    closes_at: Instant | None = None  # draws, auctions: when entries / bids close
    current_price: Money | None = None  # auctions: the live price
    available: int | None = None  # timed releases: units left


class Experience(WireResponse):
    id: str
    name: str
    time_zone: str
    currency_code: str
    open_at: Instant | None = None
    close_at: Instant | None = None
    has_protected_sequences: bool | None = None
    # Spelled out: the camel-case generator would write `i18N`.
    i18n: dict[str, dict[str, str]] | None = Field(default=None, alias="i18n")
    # Our extensions (the venue's OpenAPI document): a short description (per language as
    # i18n's "description"), public images, and a read-only live status for attract screens.
    description: str | None = None
    media: ExperienceMedia | None = None
    live_status: LiveStatus | None = None
    # Our extension: the experience has a draw whose entries resume by reference
    # (`POST /auth/draw-entry`).
    draw_entry_references: bool | None = None
