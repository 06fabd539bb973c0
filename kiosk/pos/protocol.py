"""The handoff protocol between a kiosk and the POS bridge: bodies and refusal codes.

    POST /handoffs
    Authorization: Bearer <this kiosk's token>
    Idempotency-Key: <the handoff's idempotency key>
    {"idempotencyKey", "reference", "kioskId", "createdAt", "grant": {"token", ...}}

    200 HandoffAccepted              the grant was redeemed; here is where to go
    409 {code, message, retryable}   refused for good (one of `REFUSAL_CODES`)
    503 {code, message, retryable}   not now (venue server down, ...): retry, `Retry-After`
    401 {code: KIOSK_UNAUTHORIZED}   unknown kiosk token

The same idempotency key always gets the same answer; the grant is redeemed at most once.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kiosk.wire.base import WireRequest, WireResponse

# Refusals (409): each says why the grant cannot be sold against.
GRANT_FORGED = "GRANT_FORGED"  # not issued by this venue (bad signature, unknown grant)
GRANT_EXPIRED = "GRANT_EXPIRED"
GRANT_REPLAYED = "GRANT_REPLAYED"  # already redeemed (by another handoff or another till)
GRANT_REVOKED = "GRANT_REVOKED"
GRANT_WRONG_EXPERIENCE = "GRANT_WRONG_EXPERIENCE"
# An earlier attempt of this bridge may have redeemed it, but its answer was lost.
GRANT_REDEMPTION_UNCERTAIN = "GRANT_REDEMPTION_UNCERTAIN"
CHECKOUT_REJECTED = "CHECKOUT_REJECTED"  # the Fanfare checkout API refused the request
IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"  # same key, different grant (422)

REFUSAL_CODES = frozenset(
    {
        GRANT_FORGED,
        GRANT_EXPIRED,
        GRANT_REPLAYED,
        GRANT_REVOKED,
        GRANT_WRONG_EXPERIENCE,
        GRANT_REDEMPTION_UNCERTAIN,
        CHECKOUT_REJECTED,
        IDEMPOTENCY_KEY_REUSED,
    }
)

# Retryable (503): the handoff was not accepted yet; the kiosk keeps trying.
VENUE_UNAVAILABLE = "VENUE_UNAVAILABLE"
BRIDGE_NOT_AUTHORISED = "BRIDGE_NOT_AUTHORISED"  # the venue refused the bridge's secret key
STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE"

# Authentication (401 / 403).
KIOSK_UNAUTHORIZED = "KIOSK_UNAUTHORIZED"
KIOSK_MISMATCH = "KIOSK_MISMATCH"


class HandoffGrant(WireRequest):
    token: str = Field(min_length=1, max_length=4096, repr=False)
    experience_id: str = Field(min_length=1, max_length=128)
    sequence_id: str = Field(min_length=1, max_length=128)
    distribution_type: str = Field(min_length=1, max_length=32)
    distribution_id: str = Field(min_length=1, max_length=128)
    expires_at: str | None = Field(default=None, max_length=64)


class HandoffRequest(WireRequest):
    idempotency_key: str = Field(min_length=8, max_length=128)
    reference: str = Field(min_length=3, max_length=32)
    kiosk_id: str = Field(min_length=1, max_length=64)
    created_at: str | None = Field(default=None, max_length=64)
    grant: HandoffGrant


class HandoffAccepted(WireResponse):
    status: Literal["accepted"] = "accepted"
    handoff_id: str
    reference: str
    # "register" would shadow pydantic's `BaseModel.register`; the wire name is "register".
    register_name: str | None = Field(default=None, alias="register")
    order_number: str | None = None
    message: str = ""
    accepted_at: str | None = None


class BridgeErrorBody(WireResponse):
    code: str
    message: str = ""
    retryable: bool = False
