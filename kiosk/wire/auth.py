"""Consumer sessions: `POST /auth/guest`, `/auth/refresh`, `/auth/logout`, OTP."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kiosk.wire.base import WireRequest, WireResponse


class ConsumerSession(WireResponse):
    type: Literal["guest", "authenticated"]
    consumer_id: str
    expires_at: str
    email: str | None = None
    phone: str | None = None


class SessionResponse(WireResponse):
    """`POST /auth/guest` and `POST /auth/otp/verify`."""

    session: ConsumerSession
    access_token: str
    refresh_token: str
    refresh_token_ttl_seconds: float
    beacon_token: str


class DrawEntryRequest(WireRequest):
    """`POST /auth/draw-entry` (our extension): come back to a draw entry by its reference."""

    experience_id: str = Field(min_length=1, max_length=64)
    reference: str = Field(min_length=1, max_length=32)


class RefreshRequest(WireRequest):
    refresh_token: str


class RefreshResponse(WireResponse):
    access_token: str
    access_token_expires_at: str
    refresh_token: str
    refresh_token_ttl_seconds: float
    beacon_token: str


class OtpRequest(WireRequest):
    email: str | None = None
    phone: str | None = None
    default_country: str | None = None
    name: str | None = None


class OtpVerifyRequest(WireRequest):
    email: str | None = None
    phone: str | None = None
    code: str
    default_country: str | None = None


class ExternalClaims(WireRequest):
    """What the member system says about its member (all optional)."""

    email: str | None = Field(default=None, max_length=320)
    full_name: str | None = Field(default=None, max_length=200)
    name: str | None = Field(default=None, max_length=200)


class ExternalAuthorizeRequest(WireRequest):
    """`POST /auth/external/authorize` (secret key): the store's server vouches for a member."""

    provider: str = Field(min_length=1, max_length=100)
    issuer: str = Field(min_length=1, max_length=500)
    subject: str = Field(min_length=1, max_length=500)
    canonical_subject: str | None = Field(default=None, min_length=1, max_length=500)
    claims: ExternalClaims | None = None


class ExternalAuthorizeResponse(WireResponse):
    exchange_code: str = Field(repr=False)
    expires_at: str
    resolution: Literal["existing", "linked", "created"]


class ExternalExchangeRequest(WireRequest):
    """`POST /auth/external/exchange`: the one-time code for a consumer session."""

    exchange_code: str = Field(min_length=1, max_length=200, repr=False)
