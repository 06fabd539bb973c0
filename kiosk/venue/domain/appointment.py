"""Appointments: slots by day and location, with a capacity, a duration and a buffer.

An appointment's `schedule` (our extension of Fanfare's admin fields) lists the days, the
daily opening hours and the locations; slots are generated from it deterministically, so a
slot's id (`<locationId>@<UTC start>`) is the same on every load and after every restart.
A consumer holds at most one booking per appointment: book it, cancel it, or move it to
another slot (one record changes, so a reschedule is all or nothing). Staff check a booking
in or mark it a no-show through the operator API. Appointments never grant: a booking ends
`completed` (checked in and the slot is over, or staff completed it), `cancelled` or
`no_show`.

Like every engine, this one is pure bookkeeping over an injected `now`: mutating methods
validate everything first, then change memory and return the records they changed.
"""

from __future__ import annotations

import secrets
import uuid
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Literal

from kiosk.core.codes import normalized_code, random_code
from kiosk.core.instants import format_optional, parse_instant, require_instant
from kiosk.venue.domain.appointment_schedule import (
    AppointmentConfig,
    AppointmentCreate,
    Slot,
    build_slots,
    new_config,
)
from kiosk.venue.domain.catalog import Experience
from kiosk.venue.domain.engine import (
    ConfiguredEngine,
    Dirty,
    Lifecycle,
    RecordSource,
    StoredRecord,
    TickResult,
    TokenFor,
    member_key,
    members_by_engine,
)
from kiosk.venue.domain.errors import RefusalKind, RefusedError, not_open
from kiosk.venue.domain.granting import Deadlines
from kiosk.venue.domain.phases import ended, in_phase
from kiosk.wire.projection import AppointmentConsumer, Distribution, SequenceProjection

MECHANISM = "appointment"
APPOINTMENT_KIND = "appointment"
BOOKING_KIND = "appointment_booking"

# Confirmation codes are read aloud and typed by staff: no 0/O, 1/I/L look-alikes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_REASON_LENGTH = 500
# A booking's reference (our extension): shown on the kiosk with its QR, for staff to scan or
# type; unique per appointment, kept across a reschedule, dropped when the booking is cancelled.
REFERENCE_LENGTH = 6
BOOKING_REFERENCE_DETAIL = "bookingReference"

BookingStatus = Literal["booked", "checked_in", "completed", "cancelled", "no_show"]
STATUSES: tuple[BookingStatus, ...] = ("booked", "checked_in", "completed", "cancelled", "no_show")
ACTIVE: tuple[BookingStatus, ...] = ("booked", "checked_in")


# ---- bookings ------------------------------------------------------------------------------


@dataclass(slots=True)
class Booking:
    id: str
    consumer_id: str
    slot_id: str
    confirmation_code: str
    booked_at: datetime
    status: BookingStatus = "booked"
    previous_slot_id: str | None = None
    checked_in_at: datetime | None = None
    completed_at: datetime | None = None
    cancelled_at: datetime | None = None
    no_show_at: datetime | None = None
    cancelled_by: Literal["consumer", "operator"] | None = None
    cancel_reason: str | None = None
    reference: str | None = None  # the booking reference (bookings from before it have none)

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def ended_at(self) -> datetime | None:
        return {
            "completed": self.completed_at,
            "cancelled": self.cancelled_at,
            "no_show": self.no_show_at,
        }.get(self.status)

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "consumerId": self.consumer_id,
            "slotId": self.slot_id,
            "confirmationCode": self.confirmation_code,
            "bookedAt": format_optional(self.booked_at),
            "status": self.status,
            "previousSlotId": self.previous_slot_id,
            "checkedInAt": format_optional(self.checked_in_at),
            "completedAt": format_optional(self.completed_at),
            "cancelledAt": format_optional(self.cancelled_at),
            "noShowAt": format_optional(self.no_show_at),
            "cancelledBy": self.cancelled_by,
            "cancelReason": self.cancel_reason,
            "reference": self.reference,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Booking:
        return cls(
            id=doc["id"],
            consumer_id=doc["consumerId"],
            slot_id=doc["slotId"],
            confirmation_code=doc["confirmationCode"],
            booked_at=require_instant(doc["bookedAt"]),
            status=doc["status"],
            previous_slot_id=doc["previousSlotId"],
            checked_in_at=parse_instant(doc["checkedInAt"]),
            completed_at=parse_instant(doc["completedAt"]),
            cancelled_at=parse_instant(doc["cancelledAt"]),
            no_show_at=parse_instant(doc["noShowAt"]),
            cancelled_by=doc["cancelledBy"],
            cancel_reason=doc["cancelReason"],
            reference=doc.get("reference"),
        )


# ---- the engine ----------------------------------------------------------------------------


class AppointmentEngine(ConfiguredEngine[AppointmentConfig]):
    mechanism: ClassVar[str] = MECHANISM

    def __init__(self, config: AppointmentConfig, bookings: list[Booking] | None = None) -> None:
        self.config = config
        self._set_slots(build_slots(config))
        self._bookings: dict[str, Booking] = {}  # one per consumer, whatever its status
        self._codes: dict[str, str] = {}  # confirmation code -> consumer id
        self._references: dict[str, str] = {}  # booking reference -> consumer id
        self._taken: Counter[str] = Counter()  # slot id -> bookings holding a place
        self._to_complete = Deadlines()  # checked in, by slot end
        for booking in bookings or []:
            self._index(booking)

    def _set_slots(self, slots: list[Slot]) -> None:
        self._slots = slots
        self._by_id = {slot.id: slot for slot in slots}
        self._starts = [slot.start for slot in slots]

    def _index(self, booking: Booking) -> None:
        self._bookings[booking.consumer_id] = booking
        self._codes[booking.confirmation_code] = booking.consumer_id
        if booking.reference is not None:
            self._references[booking.reference] = booking.consumer_id
        if booking.status != "cancelled":
            self._taken[booking.slot_id] += 1
        if booking.status == "checked_in":
            self._schedule_completion(booking)

    def _schedule_completion(self, booking: Booking) -> None:
        slot = self._by_id.get(booking.slot_id)
        if slot is not None:
            self._to_complete.add(slot.end, booking.consumer_id)

    # ---- reads ---------------------------------------------------------------------------

    @property
    def slots(self) -> list[Slot]:
        return self._slots

    def slot(self, slot_id: str) -> Slot | None:
        return self._by_id.get(slot_id)

    def slots_between(self, start: datetime, end: datetime) -> list[Slot]:
        """Slots starting at or after `start` and before `end`."""
        low = bisect_left(self._starts, start)
        high = bisect_left(self._starts, end)
        return self._slots[low:high]

    def booking(self, consumer_id: str) -> Booking | None:
        return self._bookings.get(consumer_id)

    def taken(self, slot_id: str) -> int:
        """Bookings holding a place in the slot (every status but cancelled)."""
        return self._taken[slot_id]

    def closes_at(self) -> datetime | None:
        """When booking ends: closeAt, or the last slot's start, whichever comes first."""
        last = self._slots[-1].start if self._slots else None
        close_at = self.config.close_at
        if close_at is None or last is None:
            return close_at or last
        return min(close_at, last)

    def lifecycle(self, now: datetime) -> Lifecycle:
        closes = self.closes_at()
        if closes is not None and now >= closes:
            return "closed"
        open_at = self.config.open_at
        if open_at is not None and now < open_at:
            return "scheduled"
        return "open"

    def accepts_entries(self, now: datetime) -> bool:
        return self.lifecycle(now) == "open"

    def describe(self, now: datetime) -> dict[str, Any]:
        statuses = Counter(booking.status for booking in self._bookings.values())
        return {
            **self.config.to_doc(),
            "mechanism": self.mechanism,
            "lifecycle": self.lifecycle(now),
            "closesAt": format_optional(self.closes_at()),
            "slotCount": len(self._slots),
            "bookings": {status: statuses[status] for status in STATUSES},
        }

    # ---- consumer actions ----------------------------------------------------------------

    def book(self, consumer_id: str, slot_id: str, location_id: str | None, now: datetime) -> Dirty:
        existing = self._bookings.get(consumer_id)
        if existing is not None:
            if existing.active and existing.slot_id == slot_id:
                self._resolve(slot_id, location_id)
                return []  # a retried request: the same booking answers again
            if existing.active:
                raise RefusedError(
                    "ALREADY_BOOKED",
                    "You already have a booking for this appointment; reschedule it instead.",
                )
            raise RefusedError(
                "BOOKING_ENDED",
                f"Your booking for this appointment has ended ({existing.status}); "
                "it cannot be booked again.",
            )
        self._require_open(now)
        slot = self._bookable(slot_id, location_id, now)
        booking = Booking(
            id=str(uuid.uuid4()),
            consumer_id=consumer_id,
            slot_id=slot.id,
            confirmation_code=self._new_code(),
            booked_at=now,
            reference=self._new_reference(),
        )
        self._index(booking)
        return [self._record(booking)]

    def cancel(
        self,
        consumer_id: str,
        slot_id: str,
        location_id: str | None,
        reason: str | None,
        now: datetime,
    ) -> Dirty:
        """Cancel the consumer's own booking, named by its slot (a stale screen names the
        wrong one and is refused). Cancelling again answers the same, changing nothing."""
        booking = self._bookings.get(consumer_id)
        if booking is None or booking.slot_id != slot_id:
            raise RefusedError("NOT_BOOKED", "You have no booking in this slot.")
        self._resolve(slot_id, location_id)
        if booking.status == "cancelled":
            return []
        self._require_cancellable(booking)
        return self._cancel(booking, "consumer", reason, now)

    def reschedule(
        self, consumer_id: str, new_slot_id: str, new_location_id: str | None, now: datetime
    ) -> Dirty:
        """Move the booking to another slot in one step: if the new slot cannot be had, the
        booking stays where it was. Moving to the slot it is in already changes nothing."""
        booking = self._bookings.get(consumer_id)
        if booking is None or booking.status == "cancelled":
            raise RefusedError(
                "NOT_BOOKED", "You have no booking to reschedule; book a slot first."
            )
        if booking.status != "booked":
            raise RefusedError(_status_code(booking), f"This booking is {_said(booking)}.")
        if booking.slot_id == new_slot_id:
            self._resolve(new_slot_id, new_location_id)
            return []
        self._require_open(now)
        slot = self._bookable(new_slot_id, new_location_id, now)
        self._taken[booking.slot_id] -= 1
        self._taken[slot.id] += 1
        booking.previous_slot_id, booking.slot_id = booking.slot_id, slot.id
        return [self._record(booking)]

    # ---- operator actions ----------------------------------------------------------------

    def find(self, consumer_id: str | None, confirmation_code: str | None) -> Booking:
        if confirmation_code is not None:
            # The confirmation code, or the booking reference the kiosk shows (and its QR).
            consumer_id = self._codes.get(confirmation_code.strip().upper())
            if consumer_id is None:
                consumer_id = self._references.get(normalized_code(confirmation_code))
        booking = self._bookings.get(consumer_id or "")
        if booking is None:
            raise RefusedError(
                "BOOKING_NOT_FOUND",
                "No booking with that consumer or code.",
                kind=RefusalKind.NOT_FOUND
            )
        return booking

    def check_in(self, booking: Booking, now: datetime) -> Dirty:
        if booking.status == "checked_in":
            return []
        if booking.status != "booked":
            raise RefusedError(_status_code(booking), f"This booking is {_said(booking)}.")
        booking.status, booking.checked_in_at = "checked_in", now
        self._schedule_completion(booking)
        return [self._record(booking)]

    def no_show(self, booking: Booking, now: datetime) -> Dirty:
        if booking.status == "no_show":
            return []
        if booking.status != "booked":
            raise RefusedError(_status_code(booking), f"This booking is {_said(booking)}.")
        slot = self._by_id.get(booking.slot_id)
        if slot is not None and now < slot.start:
            raise RefusedError(
                "SLOT_NOT_STARTED", "A booking can be marked a no-show once its slot has started."
            )
        booking.status, booking.no_show_at = "no_show", now
        return [self._record(booking)]

    def complete(self, booking: Booking, now: datetime) -> Dirty:
        if booking.status == "completed":
            return []
        if not booking.active:
            raise RefusedError(_status_code(booking), f"This booking is {_said(booking)}.")
        booking.status, booking.completed_at = "completed", now
        return [self._record(booking)]

    def operator_cancel(self, booking: Booking, reason: str | None, now: datetime) -> Dirty:
        if booking.status == "cancelled":
            return []
        self._require_cancellable(booking)
        return self._cancel(booking, "operator", reason, now)

    def set_config(self, config: AppointmentConfig) -> Dirty:
        """Take a changed configuration, unless it would strand a live booking: every active
        booking's slot must still exist and no slot may hold more than its new capacity."""
        slots = build_slots(config)
        by_id = {slot.id: slot for slot in slots}
        live = Counter(b.slot_id for b in self._bookings.values() if b.active)
        for held in live:
            if held not in by_id:
                raise RefusedError(
                    "SLOT_HAS_BOOKINGS",
                    f"Slot {held} has bookings and would no longer exist; "
                    "cancel or move them first.",
                )
        fullest = max(live.values(), default=0)
        if fullest > config.max_capacity_per_slot:
            raise RefusedError(
                "CAPACITY_BELOW_BOOKINGS",
                f"A slot already holds {fullest} bookings; the capacity cannot go below that.",
            )
        self.config = config
        self._set_slots(slots)
        # A new duration moves slot ends: plan the completions again.
        self._to_complete = Deadlines()
        for booking in self._bookings.values():
            if booking.status == "checked_in":
                self._schedule_completion(booking)
        return [self.config_record()]

    # ---- time passing --------------------------------------------------------------------

    def tick(self, now: datetime) -> TickResult:
        """A checked-in booking completes when its slot ends."""
        result = TickResult()
        for ends, consumer_id in self._to_complete.due(now):
            booking = self._bookings[consumer_id]
            if booking.status == "checked_in":
                assert booking.checked_in_at is not None
                booking.status = "completed"
                booking.completed_at = max(ends, booking.checked_in_at)  # late check-ins too
                result.dirty.append(self._record(booking))
        return result

    # Appointments never grant, so the grant API never reports back to them.
    def grant_used(self, consumer_id: str, now: datetime) -> Dirty:
        return []

    def grant_withdrawn(self, consumer_id: str, reason: str, now: datetime) -> Dirty:
        return []

    # ---- projection (`GET /consumers/me`) ------------------------------------------------

    def project(
        self, consumer_id: str, experience_id: str, now: datetime, token_for: TokenFor
    ) -> SequenceProjection:
        distribution = self._distribution(now)
        booking = self._bookings.get(consumer_id)
        if booking is None:
            consumer = AppointmentConsumer(status="not_booked")
            if distribution.lifecycle == "scheduled":
                return in_phase("scheduled", distribution)
            if distribution.lifecycle == "closed":
                return ended(distribution, consumer, "closed")
            return in_phase("enterable", distribution, consumer)
        consumer = AppointmentConsumer(
            status=booking.status,
            slot_id=booking.slot_id,
            location_id=self._location_id(booking),
            booked_at=format_optional(booking.booked_at),
            checked_in_at=format_optional(booking.checked_in_at),
            completed_at=format_optional(booking.completed_at),
            cancelled_at=format_optional(booking.cancelled_at),
            no_show_at=format_optional(booking.no_show_at),
        )
        if booking.active:
            if booking.reference is not None:
                # Our extension, in the free-form details (the consumer object is closed):
                # the booking's reference, for this consumer only.
                distribution.details[BOOKING_REFERENCE_DETAIL] = booking.reference
            return in_phase("participating", distribution, consumer)
        reason = None
        if booking.status == "cancelled":
            reason = "CANCELLED_BY_STAFF" if booking.cancelled_by == "operator" else None
        # completed, cancelled or no_show
        return ended(distribution, consumer, booking.status, booking.ended_at, reason)

    def _distribution(self, now: datetime) -> Distribution:
        config = self.config
        return Distribution(
            type=MECHANISM,
            id=config.id,
            sequence_id=config.sequence_id,
            lifecycle=self.lifecycle(now),
            opens_at=format_optional(config.open_at),
            closes_at=format_optional(self.closes_at()),
            details={
                "timeZone": config.time_zone,
                "slotDurationMinutes": config.slot_duration_minutes,
                "bufferMinutes": config.buffer_minutes,
                "maxCapacityPerSlot": config.max_capacity_per_slot,
                "locations": [loc.to_doc() for loc in config.schedule.locations],
            },
        )

    # ---- helpers -------------------------------------------------------------------------

    def _require_open(self, now: datetime) -> None:
        lifecycle = self.lifecycle(now)
        if lifecycle == "scheduled":
            open_at = self.config.open_at
            assert open_at is not None
            message = "Booking for this appointment has not opened yet."
            raise not_open("APPOINTMENT_NOT_OPEN", message, open_at, now)
        if lifecycle == "closed":
            raise RefusedError("APPOINTMENT_CLOSED", "Booking for this appointment has closed.")

    def _resolve(self, slot_id: str, location_id: str | None) -> Slot:
        slot = self._by_id.get(slot_id)
        if slot is None:
            raise RefusedError("SLOT_NOT_FOUND", "This appointment has no such slot.")
        if location_id is not None and location_id != slot.location.id:
            raise RefusedError("LOCATION_MISMATCH", "That slot is not at that location.")
        return slot

    def _bookable(self, slot_id: str, location_id: str | None, now: datetime) -> Slot:
        slot = self._resolve(slot_id, location_id)
        if slot.start <= now:
            raise RefusedError(
                "SLOT_UNAVAILABLE", "That slot has already started; pick a later one."
            )
        if self._taken[slot.id] >= self.config.max_capacity_per_slot:
            raise RefusedError("SLOT_FULL", "That slot is fully booked; pick another one.")
        return slot

    def _require_cancellable(self, booking: Booking) -> None:
        if booking.status != "booked":
            raise RefusedError(_status_code(booking), f"This booking is {_said(booking)}.")

    def _cancel(
        self,
        booking: Booking,
        by: Literal["consumer", "operator"],
        reason: str | None,
        now: datetime,
    ) -> Dirty:
        booking.status, booking.cancelled_at = "cancelled", now
        booking.cancelled_by, booking.cancel_reason = by, reason
        if booking.reference is not None:  # a cancelled booking's reference opens nothing
            self._references.pop(booking.reference, None)
            booking.reference = None
        self._taken[booking.slot_id] -= 1
        return [self._record(booking)]

    def _new_code(self) -> str:
        while True:  # 31^6 codes: a clash is rare, and each retry is a fresh draw
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self._codes:
                return code

    def _new_reference(self) -> str:
        """A reference no other booking of this appointment has."""
        while True:
            reference = random_code(REFERENCE_LENGTH)
            if reference not in self._references:
                return reference

    def _location_id(self, booking: Booking) -> str | None:
        slot = self._by_id.get(booking.slot_id)
        return slot.location.id if slot else None

    def _record(self, booking: Booking) -> StoredRecord:
        return (BOOKING_KIND, member_key(self.id, booking.consumer_id), booking.to_doc())

    def config_record(self) -> StoredRecord:
        return (APPOINTMENT_KIND, self.id, self.config.to_doc())


def _status_code(booking: Booking) -> str:
    return {
        "checked_in": "ALREADY_CHECKED_IN",
        "completed": "BOOKING_COMPLETED",
        "cancelled": "BOOKING_CANCELLED",
        "no_show": "BOOKING_NO_SHOW",
    }.get(booking.status, "BOOKING_ACTIVE")


def _said(booking: Booking) -> str:
    return {"checked_in": "checked in", "no_show": "marked a no-show"}.get(
        booking.status, booking.status
    )


# ---- what the venue service calls ----------------------------------------------------------


def bookings(engine: AppointmentEngine) -> list[Booking]:
    """Every booking, one per consumer, in the order they were first made."""
    return list(engine._bookings.values())


def available(engine: AppointmentEngine, slot: Slot, now: datetime) -> int:
    """Places a consumer could book in `slot` now: none once the slot has started."""
    if slot.start <= now:
        return 0
    return max(0, engine.config.max_capacity_per_slot - engine.taken(slot.id))


def leave_experience(
    engine: AppointmentEngine, consumer_id: str, now: datetime
) -> tuple[TickResult, bool]:
    """`DELETE /experiences/{id}/leave` on an appointment: cancel the live booking, as the
    consumer's own cancel would (a checked-in or past booking is refused the same way)."""
    booking = engine.booking(consumer_id)
    if booking is None:
        return TickResult(), False
    dirty = engine.cancel(consumer_id, booking.slot_id, None, "left the experience", now)
    return TickResult(dirty=dirty), booking.status == "cancelled"


def load(store: RecordSource) -> list[AppointmentEngine]:
    """Rebuild every appointment, with its bookings, from the store."""
    bookings = members_by_engine(store, BOOKING_KIND, Booking.from_doc)
    return [
        AppointmentEngine(AppointmentConfig.model_validate(doc), bookings.get(key, []))
        for key, doc in store.load(APPOINTMENT_KIND)
    ]


def create(
    body: AppointmentCreate, now: datetime, experience: Experience
) -> tuple[AppointmentEngine, Dirty]:
    """A new appointment from the operator's body, with the records that store it."""
    engine = AppointmentEngine(new_config(body, now))
    return engine, [engine.config_record()]
