"""Every appointment path the venue server implements, in every status it answers with (and
`/consumers/me` in every appointment phase), validated against Fanfare's OpenAPI file.

Same method as `test_consumer_contract.py`, on `harness.py`'s table: each `@CASES.case` drives
the server into a status with real requests, checks what the customer would see, and the
body is validated against the spec's schema for that path, method and status.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from tests.contract.harness import (
    ME,
    OVERSIZED,
    SPEC,
    WRONG_KEY,
    Case,
    CaseTable,
    Venue,
    assert_sequence,
    assert_valid,
    response_schema,
)
from tests.venue.clients import GuestClient
from tests.venue.test_appointment_api import (
    Fitting,
    book,
    future_slots,
    make_appointment,
    reschedule,
    staff,
)

APPOINTMENT = "/appointments/{appointmentId}"
SLOTS = "/appointments/{appointmentId}/slots"
BOOK = "/appointments/{appointmentId}/book"
CANCEL = "/appointments/{appointmentId}/cancel"
RESCHEDULE = "/appointments/{appointmentId}/reschedule"
MY_BOOKING = "/appointments/{appointmentId}/me"

IMPLEMENTED: dict[tuple[str, str], set[int]] = {
    (APPOINTMENT, "get"): {200, 401, 403, 404},
    (SLOTS, "get"): {200, 400, 401, 403, 404},
    (BOOK, "post"): {200, 400, 401, 403, 404, 409, 413, 423},
    (CANCEL, "post"): {200, 400, 401, 403, 404, 409, 413},
    (RESCHEDULE, "post"): {200, 400, 401, 403, 404, 409, 413, 423},
    (MY_BOOKING, "get"): {200, 401, 403, 404},
    (ME, "get"): {200},
}
CASES: CaseTable[Venue] = CaseTable(IMPLEMENTED)
UNKNOWN = f"/appointments/{uuid.uuid4()}"


async def _booked(venue: Venue, **fields: Any) -> tuple[GuestClient, Fitting, str]:
    """A routed guest with a booking in the first slot still to come."""
    fitting = make_appointment(venue.service, **fields)
    guest = await venue.guest()
    await guest.route(fitting.experience_id)
    slot = future_slots(fitting, venue.service)[0]
    assert (await book(guest, fitting, slot.id)).status_code == 200
    return guest, fitting, slot.id


def _slots_query() -> dict[str, str]:
    return {"startDate": "2026-11-27", "endDate": "2026-11-28"}


# ---- GET /appointments/{appointmentId} -----------------------------------------------------


@CASES.case(APPOINTMENT, "get", 200)
async def appointment_is_described(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    response = await venue.http.get(fitting.path(), headers=venue.key)
    body = response.json()
    assert (body["slotDurationMinutes"], body["bufferMinutes"]) == (20, 10)
    assert [loc["name"] for loc in body["locations"]] == ["Store floor", "VIP lounge"]
    return response


@CASES.case(APPOINTMENT, "get", 200)
async def single_location_appointment_after_closing(venue: Venue) -> httpx.Response:
    fitting = make_appointment(
        venue.service,
        schedule={
            "days": ["2026-11-27"],
            "hours": [{"start": "10:00", "end": "13:00"}],
            "locations": [{"name": "Store floor"}],
        },
    )
    venue.clock.advance(3600)
    response = await venue.http.get(fitting.path(), headers=venue.key)
    body = response.json()
    assert body["statusOverride"] == "ended"
    assert body["locationId"] == fitting.engine.slots[0].location.id
    return response


@CASES.case(APPOINTMENT, "get", 401)
async def appointment_without_key(venue: Venue) -> httpx.Response:
    return await venue.http.get(make_appointment(venue.service).path())


@CASES.case(APPOINTMENT, "get", 403)
async def appointment_with_wrong_key(venue: Venue) -> httpx.Response:
    path = make_appointment(venue.service).path()
    return await venue.http.get(path, headers={"X-Publishable-Key": WRONG_KEY})


@CASES.case(APPOINTMENT, "get", 404)
async def unknown_appointment(venue: Venue) -> httpx.Response:
    return await venue.http.get(UNKNOWN, headers=venue.key)


# ---- GET /appointments/{appointmentId}/slots -----------------------------------------------


@CASES.case(SLOTS, "get", 200)
async def slots_are_listed(venue: Venue) -> httpx.Response:
    guest, fitting, slot_id = await _booked(venue)
    response = await venue.http.get(
        fitting.path("slots"), headers=guest.headers, params=_slots_query()
    )
    listed = response.json()["slots"]
    assert next(s for s in listed if s["id"] == slot_id)["available"] == 1
    return response


@CASES.case(SLOTS, "get", 200)
async def no_slots_in_the_range(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    guest = await venue.guest()
    params = {"startDate": "2026-12-25", "endDate": "2026-12-26", "timezone": "Europe/Oslo"}
    response = await venue.http.get(fitting.path("slots"), headers=guest.headers, params=params)
    assert response.json() == {"slots": []}
    return response


@CASES.case(SLOTS, "get", 400)
async def slots_without_a_range(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    guest = await venue.guest()
    return await venue.http.get(fitting.path("slots"), headers=guest.headers)


@CASES.case(SLOTS, "get", 400)
async def slots_in_an_unknown_time_zone(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    guest = await venue.guest()
    params = {**_slots_query(), "timezone": "Moon/Tranquility"}
    return await venue.http.get(fitting.path("slots"), headers=guest.headers, params=params)


@CASES.case(SLOTS, "get", 401)
async def slots_without_bearer(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    return await venue.http.get(fitting.path("slots"), headers=venue.key, params=_slots_query())


@CASES.case(SLOTS, "get", 403)
async def slots_with_wrong_key(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    guest = await venue.guest()
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.get(fitting.path("slots"), headers=headers, params=_slots_query())


@CASES.case(SLOTS, "get", 404)
async def slots_of_unknown_appointment(venue: Venue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.get(f"{UNKNOWN}/slots", headers=guest.headers, params=_slots_query())


# ---- POST /appointments/{appointmentId}/book -----------------------------------------------


@CASES.case(BOOK, "post", 200)
async def booking_is_made(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    slot = future_slots(fitting, venue.service)[1]
    response = await book(await venue.guest(), fitting, slot.id, slot.location.id)
    body = response.json()
    assert (body["slotId"], body["locationName"], body["status"]) == (
        slot.id,
        "VIP lounge",
        "booked",
    )
    return response


@CASES.case(BOOK, "post", 200)
async def booking_again_answers_the_same(venue: Venue) -> httpx.Response:
    guest, fitting, slot_id = await _booked(venue)
    return await book(guest, fitting, slot_id)


@CASES.case(BOOK, "post", 400)
async def booking_without_a_slot(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    guest = await venue.guest()
    return await venue.http.post(fitting.path("book"), headers=guest.headers, json={})


@CASES.case(BOOK, "post", 401)
async def booking_without_bearer(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    return await venue.http.post(fitting.path("book"), headers=venue.key, json={"slotId": "x"})


@CASES.case(BOOK, "post", 403)
async def booking_with_wrong_key(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    guest = await venue.guest()
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.post(fitting.path("book"), headers=headers, json={"slotId": "x"})


@CASES.case(BOOK, "post", 403)
async def booking_a_protected_appointment_without_routing(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service, access_code="FITME")
    slot = future_slots(fitting, venue.service)[0]
    return await book(await venue.guest(), fitting, slot.id)


@CASES.case(BOOK, "post", 404)
async def booking_unknown_appointment(venue: Venue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.post(f"{UNKNOWN}/book", headers=guest.headers, json={"slotId": "x"})


@CASES.case(BOOK, "post", 409)
async def booking_a_full_slot(venue: Venue) -> httpx.Response:
    _, fitting, slot_id = await _booked(venue, maxCapacityPerSlot=1)
    response = await book(await venue.guest(), fitting, slot_id)
    assert response.json()["code"] == "SLOT_FULL"
    return response


@CASES.case(BOOK, "post", 409)
async def booking_a_past_slot(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    response = await book(await venue.guest(), fitting, fitting.engine.slots[0].id)
    assert response.json()["code"] == "SLOT_UNAVAILABLE"
    return response


@CASES.case(BOOK, "post", 409)
async def booking_a_second_slot(venue: Venue) -> httpx.Response:
    guest, fitting, _ = await _booked(venue)
    response = await book(guest, fitting, future_slots(fitting, venue.service)[3].id)
    assert response.json()["code"] == "ALREADY_BOOKED"
    return response


@CASES.case(BOOK, "post", 413)
async def booking_with_oversized_body(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    guest = await venue.guest()
    return await venue.http.post(fitting.path("book"), headers=guest.headers, content=OVERSIZED)


@CASES.case(BOOK, "post", 423)
async def booking_before_opening(venue: Venue) -> httpx.Response:
    opens = venue.clock.now() + timedelta(minutes=10)
    fitting = make_appointment(venue.service, openAt=opens.isoformat())
    response = await book(await venue.guest(), fitting, future_slots(fitting, venue.service)[4].id)
    assert response.headers["Retry-After"] == "600"
    return response


# ---- POST /appointments/{appointmentId}/cancel ---------------------------------------------


@CASES.case(CANCEL, "post", 200)
async def cancelling(venue: Venue) -> httpx.Response:
    guest, fitting, slot_id = await _booked(venue)
    body = {"slotId": slot_id, "reason": "Cannot make it"}
    response = await venue.http.post(fitting.path("cancel"), headers=guest.headers, json=body)
    assert "cancelled" in response.json()["message"]
    return response


@CASES.case(CANCEL, "post", 400)
async def cancelling_with_a_number_for_the_slot(venue: Venue) -> httpx.Response:
    guest, fitting, _ = await _booked(venue)
    body = {"slotId": 12}
    return await venue.http.post(fitting.path("cancel"), headers=guest.headers, json=body)


@CASES.case(CANCEL, "post", 401)
async def cancelling_without_bearer(venue: Venue) -> httpx.Response:
    _, fitting, slot_id = await _booked(venue)
    body = {"slotId": slot_id}
    return await venue.http.post(fitting.path("cancel"), headers=venue.key, json=body)


@CASES.case(CANCEL, "post", 403)
async def cancelling_with_wrong_key(venue: Venue) -> httpx.Response:
    guest, fitting, slot_id = await _booked(venue)
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.post(fitting.path("cancel"), headers=headers, json={"slotId": slot_id})


@CASES.case(CANCEL, "post", 404)
async def cancelling_at_unknown_appointment(venue: Venue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.post(f"{UNKNOWN}/cancel", headers=guest.headers, json={"slotId": "x"})


@CASES.case(CANCEL, "post", 409)
async def cancelling_someone_elses_booking(venue: Venue) -> httpx.Response:
    _, fitting, slot_id = await _booked(venue)
    other = await venue.guest()
    body = {"slotId": slot_id}
    response = await venue.http.post(fitting.path("cancel"), headers=other.headers, json=body)
    assert response.json()["code"] == "NOT_BOOKED"
    return response


@CASES.case(CANCEL, "post", 409)
async def cancelling_after_check_in(venue: Venue) -> httpx.Response:
    guest, fitting, slot_id = await _booked(venue)
    await staff(venue.server, fitting, "check-in", consumer_id=guest.consumer_id)
    body = {"slotId": slot_id}
    response = await venue.http.post(fitting.path("cancel"), headers=guest.headers, json=body)
    assert response.json()["code"] == "ALREADY_CHECKED_IN"
    return response


@CASES.case(CANCEL, "post", 413)
async def cancelling_with_oversized_body(venue: Venue) -> httpx.Response:
    guest, fitting, _ = await _booked(venue)
    return await venue.http.post(fitting.path("cancel"), headers=guest.headers, content=OVERSIZED)


# ---- POST /appointments/{appointmentId}/reschedule -----------------------------------------


@CASES.case(RESCHEDULE, "post", 200)
async def rescheduling(venue: Venue) -> httpx.Response:
    guest, fitting, slot_id = await _booked(venue)
    new = future_slots(fitting, venue.service)[6]
    response = await reschedule(guest, fitting, new.id)
    assert (response.json()["previousSlotId"], response.json()["newSlotId"]) == (slot_id, new.id)
    return response


@CASES.case(RESCHEDULE, "post", 400)
async def rescheduling_without_a_slot(venue: Venue) -> httpx.Response:
    guest, fitting, _ = await _booked(venue)
    return await venue.http.post(fitting.path("reschedule"), headers=guest.headers, json={})


@CASES.case(RESCHEDULE, "post", 401)
async def rescheduling_without_bearer(venue: Venue) -> httpx.Response:
    _, fitting, _ = await _booked(venue)
    body = {"newSlotId": "x"}
    return await venue.http.post(fitting.path("reschedule"), headers=venue.key, json=body)


@CASES.case(RESCHEDULE, "post", 403)
async def rescheduling_with_wrong_key(venue: Venue) -> httpx.Response:
    guest, fitting, _ = await _booked(venue)
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    body = {"newSlotId": "x"}
    return await venue.http.post(fitting.path("reschedule"), headers=headers, json=body)


@CASES.case(RESCHEDULE, "post", 404)
async def rescheduling_at_unknown_appointment(venue: Venue) -> httpx.Response:
    guest = await venue.guest()
    body = {"newSlotId": "x"}
    return await venue.http.post(f"{UNKNOWN}/reschedule", headers=guest.headers, json=body)


@CASES.case(RESCHEDULE, "post", 409)
async def rescheduling_into_a_full_slot(venue: Venue) -> httpx.Response:
    guest, fitting, _ = await _booked(venue, maxCapacityPerSlot=1)
    full = future_slots(fitting, venue.service)[1]
    await book(await venue.guest(), fitting, full.id)
    response = await reschedule(guest, fitting, full.id)
    assert response.json()["code"] == "SLOT_FULL"
    return response


@CASES.case(RESCHEDULE, "post", 409)
async def rescheduling_without_a_booking(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    response = await reschedule(await venue.guest(), fitting, fitting.engine.slots[-1].id)
    assert response.json()["code"] == "NOT_BOOKED"
    return response


@CASES.case(RESCHEDULE, "post", 413)
async def rescheduling_with_oversized_body(venue: Venue) -> httpx.Response:
    guest, fitting, _ = await _booked(venue)
    path = fitting.path("reschedule")
    return await venue.http.post(path, headers=guest.headers, content=OVERSIZED)


@CASES.case(RESCHEDULE, "post", 423)
async def rescheduling_while_booking_is_paused(venue: Venue) -> httpx.Response:
    guest, fitting, _ = await _booked(venue)
    # Staff move the opening back: existing bookings stay, changes wait for the new opening.
    opens = (venue.clock.now() + timedelta(minutes=5)).isoformat()
    path = f"/appointments/{fitting.appointment_id}"
    assert (await venue.server.operator("PUT", path, {"openAt": opens})).status_code == 200
    response = await reschedule(guest, fitting, future_slots(fitting, venue.service)[5].id)
    assert response.json()["code"] == "APPOINTMENT_NOT_OPEN"
    return response


# ---- GET /appointments/{appointmentId}/me --------------------------------------------------


@CASES.case(MY_BOOKING, "get", 200)
async def my_booking_is_shown(venue: Venue) -> httpx.Response:
    guest, fitting, slot_id = await _booked(venue)
    response = await venue.http.get(fitting.path("me"), headers=guest.headers)
    assert response.json()["booking"]["slotId"] == slot_id
    return response


@CASES.case(MY_BOOKING, "get", 200)
async def no_booking_is_null(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    response = await venue.http.get(fitting.path("me"), headers=(await venue.guest()).headers)
    assert response.json() == {"booking": None}
    return response


@CASES.case(MY_BOOKING, "get", 401)
async def my_booking_without_bearer(venue: Venue) -> httpx.Response:
    return await venue.http.get(make_appointment(venue.service).path("me"), headers=venue.key)


@CASES.case(MY_BOOKING, "get", 403)
async def my_booking_with_wrong_key(venue: Venue) -> httpx.Response:
    guest, fitting, _ = await _booked(venue)
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.get(fitting.path("me"), headers=headers)


@CASES.case(MY_BOOKING, "get", 404)
async def my_booking_at_unknown_appointment(venue: Venue) -> httpx.Response:
    return await venue.http.get(f"{UNKNOWN}/me", headers=(await venue.guest()).headers)


# ---- GET /consumers/me in every appointment phase ------------------------------------------


async def _me(
    venue: Venue, guest: GuestClient, phase: str, outcome: str | None = None
) -> httpx.Response:
    response = await guest.me()
    (journey,) = response.json()["active"]["journeys"]
    sequence = journey["sequence"]
    assert_sequence(sequence, phase, "appointment", outcome)
    assert "grant" not in sequence  # appointments never grant
    return response


@CASES.case(ME, "get", 200)
async def me_scheduled(venue: Venue) -> httpx.Response:
    opens = venue.clock.now() + timedelta(hours=1)
    fitting = make_appointment(venue.service, openAt=opens.isoformat())
    guest = await venue.guest()
    await guest.route(fitting.experience_id)
    return await _me(venue, guest, "scheduled")


@CASES.case(ME, "get", 200)
async def me_enterable(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service)
    guest = await venue.guest()
    await guest.route(fitting.experience_id)
    return await _me(venue, guest, "enterable")


@CASES.case(ME, "get", 200)
async def me_booked(venue: Venue) -> httpx.Response:
    guest, _, _ = await _booked(venue)
    return await _me(venue, guest, "participating")


@CASES.case(ME, "get", 200)
async def me_checked_in(venue: Venue) -> httpx.Response:
    guest, fitting, _ = await _booked(venue)
    await staff(venue.server, fitting, "check-in", consumer_id=guest.consumer_id)
    return await _me(venue, guest, "participating")


@CASES.case(ME, "get", 200)
async def me_completed(venue: Venue) -> httpx.Response:
    guest, fitting, _ = await _booked(venue)
    await staff(venue.server, fitting, "check-in", consumer_id=guest.consumer_id)
    venue.clock.advance(50 * 60)  # 12:50, when the 12:30 slot ends
    return await _me(venue, guest, "ended", "completed")


@CASES.case(ME, "get", 200)
async def me_cancelled(venue: Venue) -> httpx.Response:
    guest, fitting, slot_id = await _booked(venue)
    await venue.http.post(fitting.path("cancel"), headers=guest.headers, json={"slotId": slot_id})
    return await _me(venue, guest, "ended", "cancelled")


@CASES.case(ME, "get", 200)
async def me_no_show(venue: Venue) -> httpx.Response:
    guest, fitting, _ = await _booked(venue)
    venue.clock.advance(40 * 60)  # ten minutes into the 12:30 slot
    await staff(venue.server, fitting, "no-show", consumer_id=guest.consumer_id)
    return await _me(venue, guest, "ended", "no_show")


@CASES.case(ME, "get", 200)
async def me_closed_without_a_booking(venue: Venue) -> httpx.Response:
    fitting = make_appointment(venue.service, closeAt="2026-11-27T12:30:00Z")
    guest = await venue.guest()
    await guest.route(fitting.experience_id)
    venue.clock.advance(1800)
    return await _me(venue, guest, "ended", "closed")


# ---- the tests -----------------------------------------------------------------------------


@CASES.parametrize
async def test_response_matches_the_contract(venue: Venue, case: Case[Venue]) -> None:
    await case.check(venue)


def test_every_implemented_path_and_status_is_exercised() -> None:
    CASES.assert_every_status_is_exercised()


@pytest.mark.parametrize(("path", "method"), list(IMPLEMENTED), ids=lambda v: str(v))
def test_implemented_paths_are_in_the_spec(path: str, method: str) -> None:
    assert method in SPEC["paths"][path]
    for status in IMPLEMENTED[(path, method)]:
        Draft202012Validator.check_schema(response_schema(path, method, status))


@pytest.mark.parametrize(
    ("path", "method", "body"),
    [
        (BOOK, "post", {"bookingId": "b", "slotId": "s"}),
        (SLOTS, "get", {"slots": [{"id": "s", "startTime": "t"}]}),
        (RESCHEDULE, "post", {"bookingId": "b", "newSlotId": "n"}),
        (APPOINTMENT, "get", {"id": "not-a-uuid", "timeZone": "UTC"}),
    ],
)
def test_the_checks_reject_what_the_spec_forbids(path: str, method: str, body: Any) -> None:
    with pytest.raises(AssertionError, match="does not match the spec"):
        assert_valid(body, response_schema(path, method, 200), "a forbidden body")


def test_an_appointment_consumer_with_a_foreign_key_is_rejected() -> None:
    me = {
        "active": {
            "journeys": [
                {
                    "experienceId": "e",
                    "journeyStage": "routed",
                    "sequenceId": "s",
                    "sequence": {
                        "phase": "participating",
                        "mechanism": "appointment",
                        "distribution": {
                            "type": "appointment",
                            "id": "a",
                            "sequenceId": "s",
                            "lifecycle": "open",
                        },
                        "consumer": {"status": "booked", "confirmationCode": "ABC234"},
                    },
                }
            ]
        }
    }
    with pytest.raises(AssertionError, match="does not match the spec"):
        assert_valid(me, response_schema(ME, "get", 200), "a foreign consumer key")
