"""Live data a sequence view carries for its screen: queue position, bids, bookings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Display(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class QueueDisplay(_Display):
    position: int | None = None
    estimated_wait_seconds: float | None = None
    position_display_mode: Literal["precise", "qualitative"] | None = None


class DrawDisplay(_Display):
    entered_at: datetime | None = None
    # The venue's reference for the entry: typed on any kiosk, it resumes the entry.
    entry_reference: str | None = None


class AuctionDisplay(_Display):
    status: str | None = None
    current_bid: Decimal | None = None
    highest_bid: Decimal | None = None


class TimedReleaseDisplay(_Display):
    entered_at: datetime | None = None


class AppointmentDisplay(_Display):
    status: str | None = None
    slot_id: str | None = None
    location_id: str | None = None
    booked_at: datetime | None = None
    checked_in_at: datetime | None = None
    # The venue's reference for the booking: shown with its QR, for staff to scan or type.
    booking_reference: str | None = None
