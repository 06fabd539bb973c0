"""Appointments over HTTP: Fanfare's consumer paths and our operator paths.

Consumer paths and shapes follow `fanfare-consumer-api.json` (`/appointments/{appointmentId}`,
`.../slots`, `.../book`, `.../cancel`, `.../reschedule`, `.../me`). The operator paths
(secret key) take Fanfare's admin field names plus our `schedule`, and add what the admin API
lacks: check-in, no-show, complete and cancel by consumer id or confirmation code.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.core.instants import format_optional
from kiosk.venue.domain import appointment
from kiosk.venue.domain.appointment import (
    MAX_REASON_LENGTH,
    MECHANISM,
    AppointmentCreate,
    AppointmentEngine,
    Booking,
    Slot,
)
from kiosk.venue.domain.appointment_schedule import (
    AppointmentUpdate,
    local_instant,
    updated_config,
    zone_of,
)
from kiosk.venue.domain.catalog import AdminBody
from kiosk.venue.domain.engine import TickResult
from kiosk.venue.domain.errors import not_found
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.http.guards import (
    consumer_session,
    page,
    require_publishable_key,
    require_secret_key,
)
from kiosk.venue.http.requests import invalid_request, read_json
from kiosk.venue.venue import Venue
from kiosk.wire.distributions import BookRequest, CancelRequest, RescheduleRequest

OPERATOR_ACTIONS = ("check-in", "no-show", "complete", "cancel")


class BookingRef(AdminBody):
    """Which booking an operator action is about: by consumer id or confirmation code."""

    consumer_id: str | None = Field(default=None, min_length=1, max_length=64)
    confirmation_code: str | None = Field(default=None, min_length=1, max_length=16)
    reason: str | None = Field(default=None, max_length=MAX_REASON_LENGTH)  # cancel only

    @model_validator(mode="after")
    def _one_key(self) -> BookingRef:
        if (self.consumer_id is None) == (self.confirmation_code is None):
            raise ValueError("send exactly one of consumerId and confirmationCode")
        return self


_CAMEL = {"start_date": "startDate", "end_date": "endDate", "timezone": "timezone"}


class SlotsQuery(BaseModel):
    """`?startDate&endDate&timezone`: dates (whole days) or date-times."""

    model_config = ConfigDict(alias_generator=lambda name: _CAMEL[name], extra="ignore")

    start_date: str = Field(min_length=1, max_length=40)
    end_date: str = Field(min_length=1, max_length=40)
    timezone: str | None = Field(default=None, min_length=1, max_length=64)


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _issue(
    key: str, expected: str, received: str, message: str, *, origin: str = "query"
) -> dict[str, Any]:
    # The spec's 400 issue shape; the offending value is not echoed back.
    return {
        "kind": "schema",
        "type": origin,
        "expected": expected,
        "received": received,
        "message": message,
        "path": [{"type": "object", "origin": origin, "input": None, "key": key}],
    }


def _instant(text: str, zone_name: str, *, end: bool, key: str) -> datetime:
    """A query bound: a date is a whole day in the time zone (an end date includes its day);
    a date-time without an offset is read in the time zone."""
    zone = zone_of(zone_name)
    try:
        if len(text) == 10:
            day = datetime.strptime(text, "%Y-%m-%d").date()
            return local_instant(day + timedelta(days=1) if end else day, time(0), zone)
        moment = datetime.fromisoformat(text)
        return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(UTC)
    except (ValueError, OverflowError) as exc:  # not a date, or a date at the calendar's end
        raise invalid_request(
            [_issue(key, "date", "string", f"{key} must be YYYY-MM-DD or an ISO date-time")]
        ) from exc


def slot_range(
    request: Request, default_zone: str, *, required: bool
) -> tuple[datetime, datetime, str] | None:
    """The requested window (start, end, time zone), or None when optional and absent."""
    params = dict(request.query_params)
    if not required and "startDate" not in params and "endDate" not in params:
        return None
    try:
        query = SlotsQuery.model_validate(params)
    except ValidationError as exc:
        raise invalid_request(
            [
                _issue(
                    _CAMEL.get(str(error["loc"][0]), str(error["loc"][0])),
                    "string",
                    "missing" if error["type"] == "missing" else "string",
                    error["msg"],
                )
                for error in exc.errors(include_url=False)
            ]
        ) from exc
    zone_name = query.timezone or default_zone
    try:
        zone_of(zone_name)
    except ValueError as exc:
        raise invalid_request([_issue("timezone", "IANA time zone", "string", str(exc))]) from exc
    start = _instant(query.start_date, zone_name, end=False, key="startDate")
    end = _instant(query.end_date, zone_name, end=True, key="endDate")
    if end <= start:
        raise invalid_request(
            [_issue("endDate", "after startDate", "string", "endDate must be after startDate")]
        )
    return start, end, zone_name


# ---- response bodies -----------------------------------------------------------------------


def appointment_view(engine: AppointmentEngine, now: datetime) -> dict[str, Any]:
    """`GET /appointments/{id}`: public metadata, plus `name` and `locations` (ours)."""
    config = engine.config
    locations = config.schedule.locations
    body: dict[str, Any] = {
        "id": config.id,
        "name": config.name,
        "timeZone": config.time_zone,
        "openAt": format_optional(config.open_at),
        "closeAt": format_optional(engine.closes_at()),
        "slotDurationMinutes": config.slot_duration_minutes,
        "bufferMinutes": config.buffer_minutes,
        "maxCapacityPerSlot": config.max_capacity_per_slot,
        # Fanfare's single-location field; ours may have several, listed in `locations`.
        "locationId": locations[0].id if len(locations) == 1 else None,
        "locations": [location.to_doc() for location in locations],
        "statusOverride": "ended" if engine.lifecycle(now) == "closed" else None,
    }
    return {key: value for key, value in body.items() if value is not None}


def slot_view(engine: AppointmentEngine, slot: Slot, now: datetime, zone: str) -> dict[str, Any]:
    return {
        "id": slot.id,
        "startTime": format_optional(slot.start),
        "endTime": format_optional(slot.end),
        "capacity": engine.config.max_capacity_per_slot,
        "available": appointment.available(engine, slot, now),
        "locationId": slot.location.id,
        "locationName": slot.location.name,
        "timezone": zone,
    }


def booking_view(engine: AppointmentEngine, booking: Booking) -> dict[str, Any]:
    """The consumer's booking, as `book` and `me` answer it."""
    slot = engine.slot(booking.slot_id)
    return {
        "bookingId": booking.id,
        "appointmentId": engine.id,
        "consumerId": booking.consumer_id,
        "slotId": booking.slot_id,
        "startTime": format_optional(slot.start) if slot else None,
        "endTime": format_optional(slot.end) if slot else None,
        "confirmationCode": booking.confirmation_code,
        "status": booking.status,
        "createdAt": format_optional(booking.booked_at),
        "locationId": slot.location.id if slot else None,
        "locationName": slot.location.name if slot else None,
    }


def operator_booking_view(engine: AppointmentEngine, booking: Booking) -> dict[str, Any]:
    return {
        **booking_view(engine, booking),
        "previousSlotId": booking.previous_slot_id,
        "checkedInAt": format_optional(booking.checked_in_at),
        "completedAt": format_optional(booking.completed_at),
        "cancelledAt": format_optional(booking.cancelled_at),
        "noShowAt": format_optional(booking.no_show_at),
        "cancelledBy": booking.cancelled_by,
        "cancelReason": booking.cancel_reason,
    }


def operator_slots_view(
    engine: AppointmentEngine, slots: list[Slot], now: datetime, zone: str
) -> dict[str, Any]:
    """Every slot with its bookings (the admin API's slot shape, with attendees)."""
    held: dict[str, list[Booking]] = {}
    for booking in appointment.bookings(engine):
        held.setdefault(booking.slot_id, []).append(booking)
    capacity = engine.config.max_capacity_per_slot
    return {
        "appointmentId": engine.id,
        "timezone": zone,
        "slots": [
            {
                "id": slot.id,
                "appointmentId": engine.id,
                "locationId": slot.location.id,
                "locationName": slot.location.name,
                "startTime": format_optional(slot.start),
                "endTime": format_optional(slot.end),
                "maxCapacity": capacity,
                "bookedCount": engine.taken(slot.id),
                "available": appointment.available(engine, slot, now),
                "percentageFilled": round(100 * engine.taken(slot.id) / capacity, 1),
                "attendees": [
                    {
                        "bookingId": booking.id,
                        "consumerId": booking.consumer_id,
                        "confirmationCode": booking.confirmation_code,
                        "status": booking.status,
                        "bookedAt": format_optional(booking.booked_at),
                        "checkedInAt": format_optional(booking.checked_in_at),
                    }
                    for booking in held.get(slot.id, [])
                ],
            }
            for slot in slots
        ],
    }


# ---- handlers ------------------------------------------------------------------------------


class AppointmentApi:
    def __init__(self, venue: Venue) -> None:
        self._venue = venue

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/appointments/{id}", self.get, methods=["GET"]),
            Route("/appointments/{id}/slots", self.slots, methods=["GET"]),
            Route("/appointments/{id}/book", self.book, methods=["POST"]),
            Route("/appointments/{id}/cancel", self.cancel, methods=["POST"]),
            Route("/appointments/{id}/reschedule", self.reschedule, methods=["POST"]),
            Route("/appointments/{id}/me", self.me, methods=["GET"]),
            Route("/operator/appointments", self.operator_list, methods=["GET", "POST"]),
            Route("/operator/appointments/{id}", self.operator_one, methods=["GET", "PUT"]),
            Route("/operator/appointments/{id}/slots", self.operator_slots, methods=["GET"]),
            Route("/operator/appointments/{id}/{action}", self.operator_act, methods=["POST"]),
        ]

    # ---- consumer ------------------------------------------------------------------------

    async def get(self, request: Request) -> Response:
        require_publishable_key(self._venue, request)
        appointment_id = request.path_params["id"]
        view = self._venue.distributions.read(appointment_id, MECHANISM, appointment_view)
        return JSONResponse(view)

    async def slots(self, request: Request) -> Response:
        venue = self._venue
        consumer_session(venue, request)

        def read(engine: AppointmentEngine, now: datetime) -> dict[str, Any]:
            window = slot_range(request, engine.config.time_zone, required=True)
            assert window is not None
            start, end, zone = window
            return {
                "slots": [
                    slot_view(engine, slot, now, zone)
                    for slot in engine.slots_between(max(start, now), end)
                    if slot.start > now
                ]
            }

        return JSONResponse(venue.distributions.read(request.path_params["id"], MECHANISM, read))

    async def book(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        body = await read_json(request, BookRequest)
        consumer_id = session.consumer_id

        def action(engine: AppointmentEngine, now: datetime) -> TickResult:
            return TickResult(dirty=engine.book(consumer_id, body.slot_id, body.location_id, now))

        return self._consumer_act(request, session, action, booking_view)

    async def cancel(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        body = await read_json(request, CancelRequest)
        reason = body.reason
        if reason is not None and (len(reason) > MAX_REASON_LENGTH or not _is_text(reason)):
            # The shared wire model sets no limit (and so lets lone surrogates through, which
            # could not be shown to staff again); the reason is kept, so we check it here.
            message = f"reason must be text of at most {MAX_REASON_LENGTH} characters"
            raise invalid_request([_issue("reason", "string", "string", message, origin="value")])
        consumer_id = session.consumer_id

        def action(engine: AppointmentEngine, now: datetime) -> TickResult:
            dirty = engine.cancel(consumer_id, body.slot_id, body.location_id, body.reason, now)
            return TickResult(dirty=dirty)

        def respond(engine: AppointmentEngine, booking: Booking) -> dict[str, Any]:
            slot = engine.slot(booking.slot_id)
            when = f" on {format_optional(slot.start)}" if slot else ""
            return {"bookingId": booking.id, "message": f"Your appointment{when} is cancelled."}

        return self._consumer_act(request, session, action, respond)

    async def reschedule(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        body = await read_json(request, RescheduleRequest)
        consumer_id = session.consumer_id

        def action(engine: AppointmentEngine, now: datetime) -> TickResult:
            dirty = engine.reschedule(consumer_id, body.new_slot_id, body.new_location_id, now)
            return TickResult(dirty=dirty)

        def respond(engine: AppointmentEngine, booking: Booking) -> dict[str, Any]:
            return {
                "bookingId": booking.id,
                "previousSlotId": booking.previous_slot_id or booking.slot_id,
                "newSlotId": booking.slot_id,
                "confirmationCode": booking.confirmation_code,
                "status": booking.status,
                "startTime": (
                    format_optional(slot.start)
                    if (slot := engine.slot(booking.slot_id))
                    else None
                ),
            }

        return self._consumer_act(request, session, action, respond)

    async def me(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        consumer_id = session.consumer_id

        def read(engine: AppointmentEngine, now: datetime) -> dict[str, Any]:
            booking = engine.booking(consumer_id)
            return {"booking": booking_view(engine, booking) if booking else None}

        return JSONResponse(
            self._venue.distributions.read(request.path_params["id"], MECHANISM, read)
        )

    def _consumer_act(
        self,
        request: Request,
        session: ConsumerSession,
        action: Callable[[AppointmentEngine, datetime], TickResult],
        respond: Callable[[AppointmentEngine, Booking], dict[str, Any]],
    ) -> Response:
        """Run a booking action; answer with `respond` on the consumer's booking after it."""

        def answer(engine: AppointmentEngine, now: datetime) -> dict[str, Any]:
            booking = engine.booking(session.consumer_id)
            assert booking is not None  # the action succeeded, so there is a booking
            return _without_nulls(respond(engine, booking))

        body = self._venue.distributions.consumer_action(
            session, request.path_params["id"], MECHANISM, action, answer
        )
        return JSONResponse(body)

    # ---- operator ------------------------------------------------------------------------

    def _describe(self, engine: AppointmentEngine, now: datetime) -> dict[str, Any]:
        return {**engine.describe(now), "organizationId": self._venue.organization.id}

    async def operator_list(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        venue = self._venue
        if request.method == "POST":
            body = await read_json(request, AppointmentCreate)
            created = venue.distributions.create_view(appointment.create, body, self._describe)
            return JSONResponse(created)
        return JSONResponse(page(venue.distributions.read_all(MECHANISM, self._describe)))

    async def operator_one(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        appointment_id = request.path_params["id"]
        if request.method == "GET":
            return JSONResponse(
                self._venue.distributions.read(appointment_id, MECHANISM, self._describe)
            )
        body = await read_json(request, AppointmentUpdate)

        def action(engine: AppointmentEngine, now: datetime) -> TickResult:
            return TickResult(dirty=engine.set_config(updated_config(engine.config, body, now)))

        answer = self._venue.distributions.operator_action(
            appointment_id, MECHANISM, action, self._describe
        )
        return JSONResponse(answer)

    async def operator_slots(self, request: Request) -> Response:
        require_secret_key(self._venue, request)

        def read(engine: AppointmentEngine, now: datetime) -> dict[str, Any]:
            window = slot_range(request, engine.config.time_zone, required=False)
            if window is None:
                slots, zone = engine.slots, engine.config.time_zone
            else:
                start, end, zone = window
                slots = engine.slots_between(start, end)
            return operator_slots_view(engine, slots, now, zone)

        distributions = self._venue.distributions
        return JSONResponse(distributions.read(request.path_params["id"], MECHANISM, read))

    async def operator_act(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        name = request.path_params["action"]
        if name not in OPERATOR_ACTIONS:
            raise not_found(
                f"Unknown appointment action {name!r}; use one of {', '.join(OPERATOR_ACTIONS)}."
            )
        body = await read_json(request, BookingRef)
        found: list[Booking] = []

        def action(engine: AppointmentEngine, now: datetime) -> TickResult:
            booking = engine.find(body.consumer_id, body.confirmation_code)
            found.append(booking)
            if name == "check-in":
                dirty = engine.check_in(booking, now)
            elif name == "no-show":
                dirty = engine.no_show(booking, now)
            elif name == "complete":
                dirty = engine.complete(booking, now)
            else:
                dirty = engine.operator_cancel(booking, body.reason, now)
            return TickResult(dirty=dirty)

        def respond(engine: AppointmentEngine, now: datetime) -> dict[str, Any]:
            return operator_booking_view(engine, found[0])

        result = self._venue.distributions.operator_action(
            request.path_params["id"], MECHANISM, action, respond
        )
        return JSONResponse(result)


def _without_nulls(body: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in body.items() if value is not None}


def routes(venue: Venue) -> list[BaseRoute]:
    return AppointmentApi(venue).routes()


def openapi_paths(op: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """The operator paths above, for the venue server's OpenAPI document (`op` builds one
    secret-key operation: summary, optional body model, `conflict=` codes)."""
    actions = {
        "check-in": ("Check a booking in; it completes when its slot ends", "BOOKING_*"),
        "no-show": ("Mark a booking a no-show (once its slot has started)", "SLOT_NOT_STARTED"),
        "complete": ("Complete a booked or checked-in booking now", "BOOKING_*"),
        "cancel": ("Cancel a booking for the customer (optional `reason`)", "BOOKING_*"),
    }
    slots = op("Slots with bookedCount, available, percentageFilled and attendees")
    slots["parameters"] = [
        {"in": "query", "name": name, "required": False, "schema": {"type": "string"}}
        for name in ("startDate", "endDate", "timezone")
    ]
    paths: dict[str, Any] = {
        "/operator/appointments": {
            "get": op("List appointments with their booking counts"),
            "post": op(
                "Create an appointment. Slots are generated from `schedule`: each day in "
                "`days` x each of the daily `hours` (wall-clock, in `timeZone`) x each of the "
                "`locations`, starting at opening and every slotDurationMinutes + "
                "bufferMinutes after; slot ids are `<locationId>@<UTC start>`",
                AppointmentCreate,
                conflict="SEQUENCE_HAS_DISTRIBUTION",
            ),
        },
        "/operator/appointments/{id}": {
            "get": op("Get an appointment with its booking counts"),
            "put": op(
                "Update an appointment (partial); refused if a booked slot would disappear "
                "or the capacity would drop below a slot's bookings",
                AppointmentUpdate,
                conflict="SLOT_HAS_BOOKINGS, CAPACITY_BELOW_BOOKINGS, INVALID_SCHEDULE",
            ),
        },
        "/operator/appointments/{id}/slots": {"get": slots},
    }
    for action, (summary, conflict) in actions.items():
        paths[f"/operator/appointments/{{id}}/{action}"] = {
            "post": op(
                f"{summary}. The body names the booking by consumerId or confirmationCode "
                "(the booking's confirmation code or its bookingReference)",
                BookingRef,
                conflict=conflict,
            )
        }
    return paths
