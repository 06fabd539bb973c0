"""Consumer sessions: `POST /auth/guest`, `/auth/refresh`, `/auth/logout`, OTP."""

from __future__ import annotations

from typing import Literal

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
