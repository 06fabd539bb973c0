"""Appointments end to end: the SDK against the venue app over ASGITransport, the consumer
and operator paths, abuse, concurrency and durability."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.sdk import (
    ActionUnavailableError,
    ConflictError,
    EndedSequence,
    EnterableAppointment,
    Fanfare,
    ParticipatingAppointment,
    RoutedView,
    ScheduledSequence,
)
from kiosk.venue.domain import appointment
from kiosk.venue.domain.appointment import (
    APPOINTMENT_KIND,
    BOOKING_KIND,
    AppointmentCreate,
    AppointmentEngine,
)
from kiosk.venue.domain.catalog import ExperienceCreate, SequenceCreate
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore, VenueStore
from tests.conftest import BASE_URL
from tests.fakes import FakeClock, FakeFailingStore
from tests.venue.clients import GuestClient, ServerClient, store_snapshot

# ---- helpers shared with the contract test -------------------------------------------------


@dataclass
class Fitting:
    experience_id: str
    sequence_id: str
    appointment_id: str
    engine: AppointmentEngine

    def path(self, action: str = "") -> str:
        return f"/appointments/{self.appointment_id}" + (f"/{action}" if action else "")


def appointment_body(service: VenueService, sequence_id: str, **fields: Any) -> dict[str, Any]:
    """Today and tomorrow, 10:00-18:00 UTC, two locations, 20-minute slots every 30."""
    today = service.now().date()
    return {
        "sequenceId": sequence_id,
        "name": "Aurora 1 fitting",
        "timeZone": "UTC",
        "slotDurationMinutes": 20,
        "bufferMinutes": 10,
        "maxCapacityPerSlot": 2,
        "schedule": {
            "days": [today.isoformat(), (today + timedelta(days=1)).isoformat()],
            "hours": [{"start": "10:00", "end": "18:00"}],
            "locations": [{"name": "Store floor"}, {"name": "VIP lounge"}],
        },
        **fields,
    }


def make_appointment(
    service: VenueService, *, access_code: str | None = None, **fields: Any
) -> Fitting:
    experience = service.create_experience(ExperienceCreate(name="Appointments: fitting"))
    sequence = service.create_sequence(
        SequenceCreate(experience_id=experience.id, name="Fittings", access_code=access_code)
    )
    body = AppointmentCreate.model_validate(appointment_body(service, sequence.id, **fields))
    engine = service.distributions.create(appointment.create, body)
    return Fitting(experience.id, sequence.id, engine.id, engine)


def future_slots(fitting: Fitting, service: VenueService) -> list[Any]:
    return [slot for slot in fitting.engine.slots if slot.start > service.now()]


async def book(
    guest: GuestClient, fitting: Fitting, slot_id: str, location_id: str | None = None
) -> httpx.Response:
    body = {"slotId": slot_id} | ({"locationId": location_id} if location_id else {})
    return await guest.http.post(fitting.path("book"), headers=guest.headers, json=body)


async def cancel(
    guest: GuestClient, fitting: Fitting, slot_id: str, reason: str | None = None
) -> httpx.Response:
    body = {"slotId": slot_id} | ({"reason": reason} if reason is not None else {})
    return await guest.http.post(fitting.path("cancel"), headers=guest.headers, json=body)


async def reschedule(guest: GuestClient, fitting: Fitting, slot_id: str) -> httpx.Response:
    body = {"newSlotId": slot_id}
    return await guest.http.post(fitting.path("reschedule"), headers=guest.headers, json=body)


async def slots(guest: GuestClient, fitting: Fitting, **query: str) -> httpx.Response:
    """The slots of a day (by default the FakeClock's day)."""
    params = {"startDate": "2026-11-27", "endDate": "2026-11-27", **query}
    return await guest.http.get(fitting.path("slots"), headers=guest.headers, params=params)


async def my_booking(guest: GuestClient, fitting: Fitting) -> dict[str, Any] | None:
    response = await guest.http.get(fitting.path("me"), headers=guest.headers)
    assert response.status_code == 200, response.text
    booking: dict[str, Any] | None = response.json().get("booking")
    return booking


async def staff(server: ServerClient, fitting: Fitting, action: str, **ref: str) -> httpx.Response:
    path = f"/appointments/{fitting.appointment_id}/{action}"
    return await server.operator("POST", path, {_camel(k): v for k, v in ref.items()})


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def appointment_records(store: VenueStore) -> dict[str, Any]:
    """Every durable record, the appointment's own included: equal means nothing changed."""
    snapshot: dict[str, Any] = dict(store_snapshot(store))
    snapshot[APPOINTMENT_KIND] = store.load(APPOINTMENT_KIND)
    snapshot[BOOKING_KIND] = store.load(BOOKING_KIND)
    return snapshot


# ---- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def server(venue_http: httpx.AsyncClient, secret_key: str) -> ServerClient:
    return ServerClient(venue_http, secret_key)


@pytest.fixture
def guest_factory(venue_http: httpx.AsyncClient, publishable_key: str) -> Callable[[], Any]:
    async def sign_in() -> GuestClient:
        return await GuestClient.sign_in(venue_http, publishable_key)

    return sign_in


@pytest.fixture
async def connect(
    service: VenueService, publishable_key: str, venue_http: httpx.AsyncClient, clock: FakeClock
) -> AsyncIterator[Callable[[], Fanfare]]:
    made: list[Fanfare] = []

    def factory() -> Fanfare:
        fanfare = Fanfare(
            organization_id=service.organization.id,
            publishable_key=publishable_key,
            api_url="http://127.0.0.1:4802",
            http_client=venue_http,
            clock=clock,
            random=lambda: 0.5,
        )
        made.append(fanfare)
        return fanfare

    yield factory
    for fanfare in made:
        await fanfare.aclose()


# ---- the SDK, end to end -------------------------------------------------------------------


async def test_the_sdk_books_reschedules_and_cancels(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock, guest_factory: Any
) -> None:
    fitting = make_appointment(service, openAt=(clock.now() + timedelta(hours=1)).isoformat())
    journey = connect().journeys.get(fitting.experience_id)

    view = await journey.view.start()
    assert isinstance(view, RoutedView) and isinstance(view.sequence, ScheduledSequence)
    assert view.sequence.mechanism == "appointment"
    clock.advance(3600)
    view = await journey.refresh()
    assert isinstance(view, RoutedView) and isinstance(view.sequence, EnterableAppointment)

    offered = (await slots(await guest_factory(), fitting)).json()["slots"]
    first, later = offered[0], offered[5]
    view = await view.sequence.book(first["id"], first["locationId"])
    assert isinstance(view, RoutedView) and isinstance(view.sequence, ParticipatingAppointment)
    assert view.sequence.display.status == "booked"
    assert view.sequence.display.slot_id == first["id"]
    assert view.sequence.display.location_id == first["locationId"]

    view = await view.sequence.reschedule(later["id"], later["locationId"])
    assert isinstance(view, RoutedView) and isinstance(view.sequence, ParticipatingAppointment)
    assert view.sequence.display.slot_id == later["id"]
    assert fitting.engine.taken(first["id"]) == 0 and fitting.engine.taken(later["id"]) == 1

    view = await view.sequence.cancel(reason="Cannot make it")
    assert isinstance(view, RoutedView) and isinstance(view.sequence, EndedSequence)
    assert view.sequence.outcome.type == "cancelled"
    assert fitting.engine.taken(later["id"]) == 0


async def test_the_sdk_sees_a_check_in_then_completion(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock, server: ServerClient
) -> None:
    fitting = make_appointment(service)
    slot = future_slots(fitting, service)[0]
    fanfare = connect()
    journey = fanfare.journeys.get(fitting.experience_id)
    view = await journey.view.start()
    assert isinstance(view, RoutedView) and isinstance(view.sequence, EnterableAppointment)
    await view.sequence.book(slot.id)

    # Staff look the customer up on the slot's attendee list and check them in by code.
    listing = (await server.operator("GET", f"/appointments/{fitting.appointment_id}/slots")).json()
    attendees = next(s for s in listing["slots"] if s["id"] == slot.id)["attendees"]
    assert [a["consumerId"] for a in attendees] == [fanfare.session.consumer_id]  # type: ignore[union-attr]
    code = attendees[0]["confirmationCode"]
    clock.advance((slot.start - clock.now()).total_seconds() - 120)
    checked = await staff(server, fitting, "check-in", confirmation_code=code.lower())
    assert checked.status_code == 200 and checked.json()["status"] == "checked_in"

    view = await journey.refresh()
    assert isinstance(view, RoutedView) and isinstance(view.sequence, ParticipatingAppointment)
    assert view.sequence.display.status == "checked_in"
    assert view.sequence.display.checked_in_at == clock.now()
    assert not hasattr(view.sequence, "book")

    clock.advance((slot.end - clock.now()).total_seconds())
    view = await journey.refresh()
    assert isinstance(view, RoutedView) and isinstance(view.sequence, EndedSequence)
    assert view.sequence.outcome.type == "completed"
    assert view.sequence.outcome.at == slot.end.isoformat().replace("+00:00", "Z")


async def test_the_sdk_sees_a_no_show(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock, server: ServerClient
) -> None:
    fitting = make_appointment(service)
    slot = future_slots(fitting, service)[0]
    fanfare = connect()
    journey = fanfare.journeys.get(fitting.experience_id)
    view = await journey.view.start()
    await view.sequence.book(slot.id)  # type: ignore[union-attr]
    consumer_id = fanfare.session.consumer_id  # type: ignore[union-attr]

    early = await staff(server, fitting, "no-show", consumer_id=consumer_id)
    assert early.status_code == 409 and early.json()["code"] == "SLOT_NOT_STARTED"
    clock.advance((slot.start - clock.now()).total_seconds() + 600)
    marked = await staff(server, fitting, "no-show", consumer_id=consumer_id)
    assert marked.status_code == 200 and marked.json()["status"] == "no_show"

    view = await journey.refresh()
    assert isinstance(view, RoutedView) and isinstance(view.sequence, EndedSequence)
    assert view.sequence.outcome.type == "no_show"


async def test_the_sdk_reports_a_full_slot_and_keeps_the_view(
    connect: Callable[[], Fanfare], service: VenueService, guest_factory: Any
) -> None:
    fitting = make_appointment(service, maxCapacityPerSlot=1)
    slot = future_slots(fitting, service)[0]
    assert (await book(await guest_factory(), fitting, slot.id)).status_code == 200
    journey = connect().journeys.get(fitting.experience_id)
    view = await journey.view.start()
    assert isinstance(view, RoutedView) and isinstance(view.sequence, EnterableAppointment)

    with pytest.raises(ConflictError) as refused:
        await view.sequence.book(slot.id)

    assert refused.value.code == "SLOT_FULL"
    assert isinstance(journey.view, RoutedView)
    assert isinstance(journey.view.sequence, EnterableAppointment)
    assert fitting.engine.taken(slot.id) == 1


async def test_a_stale_enterable_view_cannot_book_again(
    connect: Callable[[], Fanfare], service: VenueService
) -> None:
    fitting = make_appointment(service)
    first, second = future_slots(fitting, service)[:2]
    journey = connect().journeys.get(fitting.experience_id)
    view = await journey.view.start()
    stale = view.sequence
    assert isinstance(stale, EnterableAppointment)
    await stale.book(first.id)

    with pytest.raises(ActionUnavailableError):
        await stale.book(second.id)
    assert fitting.engine.taken(second.id) == 0


# ---- abuse and bad input -------------------------------------------------------------------


async def test_nobody_can_cancel_someone_elses_booking(
    service: VenueService, store: SqliteStore, guest_factory: Any
) -> None:
    fitting = make_appointment(service)
    slot = future_slots(fitting, service)[0]
    ann, bob = await guest_factory(), await guest_factory()
    booked = (await book(ann, fitting, slot.id)).json()
    before = appointment_records(store)

    refused = await cancel(bob, fitting, slot.id)
    # A body naming Ann's consumer is not even readable: the consumer is the session's.
    forged = await bob.http.post(
        fitting.path("cancel"),
        headers=bob.headers,
        json={"slotId": slot.id, "consumerId": ann.consumer_id},
    )

    assert (refused.status_code, refused.json()["code"]) == (409, "NOT_BOOKED")
    assert forged.status_code == 400
    assert appointment_records(store) == before
    assert (await my_booking(ann, fitting))["bookingId"] == booked["bookingId"]  # type: ignore[index]
    assert (await my_booking(ann, fitting))["status"] == "booked"  # type: ignore[index]


async def test_booking_twice(service: VenueService, store: SqliteStore, guest_factory: Any) -> None:
    fitting = make_appointment(service)
    first, other = future_slots(fitting, service)[:2]
    ann = await guest_factory()
    booked = (await book(ann, fitting, first.id)).json()

    again = await book(ann, fitting, first.id)
    before = appointment_records(store)
    elsewhere = await book(ann, fitting, other.id)

    assert again.status_code == 200 and again.json() == booked  # a retry: the same booking
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (409, "ALREADY_BOOKED")
    assert appointment_records(store) == before


async def test_a_full_slot_a_past_slot_an_unknown_slot_and_a_wrong_location(
    service: VenueService, store: SqliteStore, guest_factory: Any
) -> None:
    fitting = make_appointment(service, maxCapacityPerSlot=1)
    slot = future_slots(fitting, service)[0]
    past = fitting.engine.slots[0]
    later = future_slots(fitting, service)[2]  # the store floor, half an hour later
    lounge = next(s.location for s in fitting.engine.slots if s.location != later.location)
    await book(await guest_factory(), fitting, slot.id)
    cat = await guest_factory()
    before = appointment_records(store)

    answers = [
        await book(cat, fitting, slot.id),
        await book(cat, fitting, past.id),
        await book(cat, fitting, "no-such-slot"),
        await book(cat, fitting, later.id, lounge.id),
    ]

    assert [(a.status_code, a.json()["code"]) for a in answers] == [
        (409, "SLOT_FULL"),
        (409, "SLOT_UNAVAILABLE"),
        (409, "SLOT_NOT_FOUND"),
        (409, "LOCATION_MISMATCH"),
    ]
    assert appointment_records(store) == before


async def test_reschedule_into_a_full_slot_leaves_the_old_booking(
    service: VenueService, store: SqliteStore, guest_factory: Any
) -> None:
    fitting = make_appointment(service, maxCapacityPerSlot=1)
    mine, full = future_slots(fitting, service)[:2]
    ann, bob = await guest_factory(), await guest_factory()
    booked = (await book(ann, fitting, mine.id)).json()
    await book(bob, fitting, full.id)
    before = appointment_records(store)

    refused = await reschedule(ann, fitting, full.id)

    assert (refused.status_code, refused.json()["code"]) == (409, "SLOT_FULL")
    assert appointment_records(store) == before
    kept = await my_booking(ann, fitting)
    assert kept is not None and (kept["slotId"], kept["status"]) == (mine.id, "booked")
    assert kept["confirmationCode"] == booked["confirmationCode"]


@pytest.mark.parametrize(
    ("action", "payload"),
    [
        ("book", {}),
        ("book", {"slotId": 7}),
        ("book", {"slotId": "x", "extra": True}),
        ("cancel", {"slotId": "x", "reason": "r" * 501}),
        ("reschedule", {"slotId": "x"}),
        ("reschedule", []),
    ],
)
async def test_malformed_bodies_are_refused_and_change_nothing(
    service: VenueService, store: SqliteStore, guest_factory: Any, action: str, payload: Any
) -> None:
    fitting = make_appointment(service)
    ann = await guest_factory()
    await book(ann, fitting, future_slots(fitting, service)[0].id)
    before = appointment_records(store)

    response = await ann.http.post(fitting.path(action), headers=ann.headers, json=payload)

    assert response.status_code == 400 and response.json()["error"] == "validation_error"
    assert appointment_records(store) == before


async def test_a_reason_that_cannot_be_stored_as_text_is_refused(
    service: VenueService, store: SqliteStore, guest_factory: Any, server: ServerClient
) -> None:
    fitting = make_appointment(service)
    ann = await guest_factory()
    slot_id = future_slots(fitting, service)[0].id
    await book(ann, fitting, slot_id)
    before = appointment_records(store)
    # json.dumps writes a lone surrogate as the escape `\\ud800`, which JSON allows.
    lone_surrogate = json.dumps({"slotId": slot_id, "reason": "\ud800"}).encode()

    mine = await ann.http.post(fitting.path("cancel"), headers=ann.headers, content=lone_surrogate)
    staffs = await server.http.post(
        f"/operator/appointments/{fitting.appointment_id}/cancel",
        headers=server.headers,
        content=json.dumps({"consumerId": ann.consumer_id, "reason": "\udfff"}).encode(),
    )

    assert mine.status_code == staffs.status_code == 400
    assert appointment_records(store) == before


async def test_booking_before_opening_says_when_to_come_back(
    service: VenueService, clock: FakeClock, guest_factory: Any
) -> None:
    fitting = make_appointment(service, openAt=(clock.now() + timedelta(minutes=30)).isoformat())

    response = await book(await guest_factory(), fitting, future_slots(fitting, service)[2].id)

    assert response.status_code == 423
    assert response.json()["code"] == "APPOINTMENT_NOT_OPEN"
    assert response.headers["Retry-After"] == "1800"


async def test_a_protected_appointment_needs_routing_first(
    service: VenueService, guest_factory: Any
) -> None:
    fitting = make_appointment(service, access_code="FITME")
    ann = await guest_factory()
    slot = future_slots(fitting, service)[0]

    refused = await book(ann, fitting, slot.id)
    assert refused.status_code == 403
    assert (await ann.route(fitting.experience_id, "fitme")).json()["outcome"] == "routed"
    assert (await book(ann, fitting, slot.id)).status_code == 200


# ---- slot listings -------------------------------------------------------------------------


async def test_slots_list_future_slots_with_availability(
    service: VenueService, guest_factory: Any
) -> None:
    fitting = make_appointment(service)
    ann = await guest_factory()
    first = future_slots(fitting, service)[0]
    await book(ann, fitting, first.id)

    listed = (await slots(ann, fitting)).json()["slots"]

    # 12:00 now: the 12:30 slot is the first still to come; the day ends at 17:30.
    assert len(listed) == 2 * 11
    assert listed[0] == {
        "id": first.id,
        "startTime": "2026-11-27T12:30:00Z",
        "endTime": "2026-11-27T12:50:00Z",
        "capacity": 2,
        "available": 1,
        "locationId": first.location.id,
        "locationName": "Store floor",
        "timezone": "UTC",
    }
    tomorrow = (await slots(ann, fitting, startDate="2026-11-28", endDate="2026-11-28")).json()
    assert len(tomorrow["slots"]) == 2 * 16


async def test_slot_days_are_read_in_the_requested_time_zone(
    service: VenueService, guest_factory: Any
) -> None:
    fitting = make_appointment(service)
    ann = await guest_factory()

    # 28 November in Los Angeles runs from 08:00Z on the 28th to 08:00Z on the 29th.
    listed = (
        await slots(
            ann,
            fitting,
            startDate="2026-11-28",
            endDate="2026-11-28",
            timezone="America/Los_Angeles",
        )
    ).json()["slots"]
    narrow = (
        await slots(ann, fitting, startDate="2026-11-28T10:00:00Z", endDate="2026-11-28T11:00:00Z")
    ).json()["slots"]

    assert len(listed) == 2 * 16 and {s["timezone"] for s in listed} == {"America/Los_Angeles"}
    assert [s["startTime"] for s in narrow] == ["2026-11-28T10:00:00Z"] * 2 + [
        "2026-11-28T10:30:00Z"
    ] * 2


@pytest.mark.parametrize(
    "query",
    [
        {"startDate": "2026-11-27"},
        {"endDate": "2026-11-27"},
        {"startDate": "27/11/2026", "endDate": "2026-11-27"},
        {"startDate": "2026-11-28", "endDate": "2026-11-27"},
        {"startDate": "2026-11-27", "endDate": "2026-11-27", "timezone": "Nowhere/Special"},
        {"startDate": "2026-11-27", "endDate": "2026-11-27", "timezone": "../../etc/passwd"},
        {"startDate": "0001-01-01", "endDate": "9999-12-31", "timezone": "Asia/Tokyo"},
    ],
)
async def test_bad_slot_queries_get_a_validation_error(
    service: VenueService, guest_factory: Any, query: dict[str, str]
) -> None:
    fitting = make_appointment(service)
    ann = await guest_factory()

    response = await ann.http.get(fitting.path("slots"), headers=ann.headers, params=query)

    assert response.status_code == 400
    issues = response.json()["issues"]
    assert issues and all(issue["path"][0]["origin"] == "query" for issue in issues)


# ---- concurrency ---------------------------------------------------------------------------


async def test_fifty_concurrent_bookings_for_five_places(
    service: VenueService, guest_factory: Any, server: ServerClient
) -> None:
    fitting = make_appointment(service, maxCapacityPerSlot=5)
    slot = future_slots(fitting, service)[0]
    guests = [await guest_factory() for _ in range(50)]

    answers = await asyncio.gather(*(book(guest, fitting, slot.id) for guest in guests))

    assert Counter(a.status_code for a in answers) == {200: 5, 409: 45}
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"SLOT_FULL"}
    codes = {a.json()["confirmationCode"] for a in answers if a.status_code == 200}
    assert len(codes) == 5
    listing = (await server.operator("GET", f"/appointments/{fitting.appointment_id}/slots")).json()
    held = next(s for s in listing["slots"] if s["id"] == slot.id)
    assert held["bookedCount"] == 5 and held["available"] == 0 and len(held["attendees"]) == 5


async def test_concurrent_reschedules_into_one_place_move_exactly_one(
    service: VenueService, guest_factory: Any
) -> None:
    fitting = make_appointment(service, maxCapacityPerSlot=1)
    target, *others = future_slots(fitting, service)[:11]
    guests = [await guest_factory() for _ in range(10)]
    for guest, slot in zip(guests, others, strict=True):
        await book(guest, fitting, slot.id)

    answers = await asyncio.gather(*(reschedule(guest, fitting, target.id) for guest in guests))

    assert Counter(a.status_code for a in answers) == {200: 1, 409: 9}
    held = [b.slot_id for b in appointment.bookings(fitting.engine) if b.active]
    assert len(held) == 10 and held.count(target.id) == 1  # nobody lost, nobody doubled


# ---- operator API --------------------------------------------------------------------------


async def test_operators_create_read_update_and_list_appointments(
    service: VenueService, server: ServerClient
) -> None:
    experience = service.create_experience(ExperienceCreate(name="Fittings"))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="All"))
    body = appointment_body(service, sequence.id)

    created = await server.operator("POST", "/appointments", body)
    assert created.status_code == 200, created.text
    described = created.json()
    appointment_id = described["id"]
    assert described["slotCount"] == 2 * 2 * 16 and described["lifecycle"] == "open"
    assert [loc["name"] for loc in described["schedule"]["locations"]] == [
        "Store floor",
        "VIP lounge",
    ]

    again = await server.operator("POST", "/appointments", body)
    assert (again.status_code, again.json()["code"]) == (409, "SEQUENCE_HAS_DISTRIBUTION")
    listed = (await server.operator("GET", "/appointments")).json()["data"]
    assert [a["id"] for a in listed] == [appointment_id]

    updated = await server.operator(
        "PUT", f"/appointments/{appointment_id}", {"maxCapacityPerSlot": 4, "name": "Fitting"}
    )
    assert updated.status_code == 200 and updated.json()["maxCapacityPerSlot"] == 4
    fetched = (await server.operator("GET", f"/appointments/{appointment_id}")).json()
    assert fetched["name"] == "Fitting" and fetched["updatedAt"] is not None
    # The same schedule sent again keeps every location id, so every slot id.
    resent = await server.operator(
        "PUT", f"/appointments/{appointment_id}", {"schedule": body["schedule"]}
    )
    assert resent.json()["schedule"]["locations"] == described["schedule"]["locations"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timeZone": "Atlantis/Lost"}, "timeZone"),
        ({"slotDurationMinutes": -5}, "slotDurationMinutes"),
        ({"schedule": {"days": [], "hours": [], "locations": []}}, "schedule"),
        ({"sequenceId": None}, "sequenceId"),
    ],
)
async def test_bad_create_bodies_say_which_field(
    service: VenueService, server: ServerClient, change: dict[str, Any], field: str
) -> None:
    experience = service.create_experience(ExperienceCreate(name="Fittings"))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="All"))

    response = await server.operator(
        "POST", "/appointments", {**appointment_body(service, sequence.id), **change}
    )

    assert response.status_code == 400
    assert response.json()["issues"][0]["path"][0]["key"] == field
    assert not service.distributions.of_mechanism("appointment")


async def test_an_update_that_would_strand_a_booking_is_refused(
    service: VenueService, store: SqliteStore, server: ServerClient, guest_factory: Any
) -> None:
    fitting = make_appointment(service)
    await book(await guest_factory(), fitting, future_slots(fitting, service)[0].id)
    before = appointment_records(store)
    path = f"/appointments/{fitting.appointment_id}"

    moved = await server.operator("PUT", path, {"timeZone": "Asia/Kathmandu"})
    narrowed = await server.operator(
        "PUT", path, {"closeAt": None, "openAt": "2026-11-27T13:00:00Z", "slotDurationMinutes": 600}
    )

    assert (moved.status_code, moved.json()["code"]) == (409, "SLOT_HAS_BOOKINGS")
    assert (narrowed.status_code, narrowed.json()["code"]) == (409, "INVALID_SCHEDULE")
    assert appointment_records(store) == before


async def test_staff_actions_need_one_known_booking_and_the_secret_key(
    service: VenueService, server: ServerClient, guest_factory: Any, publishable_key: str
) -> None:
    fitting = make_appointment(service)
    ann = await guest_factory()
    code = (await book(ann, fitting, future_slots(fitting, service)[0].id)).json()[
        "confirmationCode"
    ]
    path = f"/appointments/{fitting.appointment_id}"

    assert (await staff(server, fitting, "check-in", confirmation_code="ZZZZZZ")).status_code == 404
    both = await staff(
        server, fitting, "check-in", consumer_id=ann.consumer_id, confirmation_code=code
    )
    assert both.status_code == 400
    assert (
        await staff(server, fitting, "teleport", consumer_id=ann.consumer_id)
    ).status_code == 404
    unknown = await server.operator(
        "POST", "/appointments/nope/check-in", {"confirmationCode": code}
    )
    assert unknown.status_code == 404
    keyless = await server.http.post(f"/operator{path}/check-in", json={"confirmationCode": code})
    assert keyless.status_code == 401
    kiosk_key = await server.http.post(
        f"/operator{path}/check-in",
        headers={"Authorization": f"Bearer {publishable_key}"},
        json={"confirmationCode": code},
    )
    assert kiosk_key.status_code == 403
    assert (await my_booking(ann, fitting))["status"] == "booked"  # type: ignore[index]


async def test_staff_cancel_ends_the_customers_journey(
    service: VenueService, server: ServerClient, guest_factory: Any
) -> None:
    fitting = make_appointment(service)
    ann = await guest_factory()
    await ann.route(fitting.experience_id)
    slot = future_slots(fitting, service)[0]
    await book(ann, fitting, slot.id)

    response = await staff(server, fitting, "cancel", consumer_id=ann.consumer_id, reason="Flooded")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["cancelledBy"]) == ("cancelled", "operator")
    sequence = (await ann.journey(fitting.experience_id))["sequence"]
    assert sequence["phase"] == "ended"
    assert sequence["outcome"] == {
        "type": "cancelled",
        "at": "2026-11-27T12:00:00Z",
        "distributionId": fitting.appointment_id,
        "distributionType": "appointment",
        "reason": "CANCELLED_BY_STAFF",
    }
    assert fitting.engine.taken(slot.id) == 0


# ---- durability ----------------------------------------------------------------------------


async def test_a_restart_keeps_every_booking(
    tmp_path: Path, clock: FakeClock, publishable_key: str
) -> None:
    store = SqliteStore(tmp_path / "venue.sqlite3")
    service = VenueService(store, clock)
    fitting = make_appointment(service)
    first, second = future_slots(fitting, service)[:2]
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        key = service.organization.publishable_key
        ann, bob = await GuestClient.sign_in(http, key), await GuestClient.sign_in(http, key)
        await book(ann, fitting, first.id)
        await reschedule(ann, fitting, second.id)
        await book(bob, fitting, first.id)
        views = [await my_booking(ann, fitting), await my_booking(bob, fitting)]

    restarted = VenueService(store, clock)
    transport = httpx.ASGITransport(app=create_app(restarted))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        ann.http = bob.http = http
        assert [await my_booking(ann, fitting), await my_booking(bob, fitting)] == views
    engine = restarted.distributions.get(fitting.appointment_id, "appointment")
    assert (engine.taken(first.id), engine.taken(second.id)) == (1, 1)
    store.close()


async def test_a_failed_write_loses_no_booking(tmp_path: Path, clock: FakeClock) -> None:
    disk = FakeFailingStore(SqliteStore(tmp_path / "venue.sqlite3"))
    service = VenueService(disk, clock)
    fitting = make_appointment(service)
    first, second = future_slots(fitting, service)[:2]
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        ann = await GuestClient.sign_in(http, service.organization.publishable_key)
        await book(ann, fitting, first.id)
        disk.failing = True

        failed = await reschedule(ann, fitting, second.id)
        assert failed.status_code == 503
        disk.failing = False

        kept = await my_booking(ann, fitting)
        assert kept is not None and kept["slotId"] == first.id
        engine = service.distributions.get(fitting.appointment_id, "appointment")
        assert (engine.taken(first.id), engine.taken(second.id)) == (1, 0)
        assert (await reschedule(ann, fitting, second.id)).status_code == 200
    disk.close()
