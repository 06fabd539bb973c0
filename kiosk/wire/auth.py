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
