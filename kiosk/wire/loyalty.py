"""Loyalty points: `GET /loyalty/balance`, `/loyalty/expirations`, `/loyalty/history`."""

from __future__ import annotations

from kiosk.wire.base import WireResponse


class LoyaltyBalance(WireResponse):
    balance: float
    lifetime_points: float


class LoyaltyExpiration(WireResponse):
    expires_on: str  # a date, YYYY-MM-DD
    points: float


class LoyaltyTransaction(WireResponse):
    id: str
    txn_type: str  # credit, debit, expire
    points_delta: float
    occurred_at: str
    actor_type: str  # operator, system
    bucket_earned_on: str | None = None
    bucket_expires_on: str | None = None
    source_id: str | None = None
    source_type: str | None = None
