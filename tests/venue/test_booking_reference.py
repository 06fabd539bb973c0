"""An appointment booking's reference: issued at booking, unique per appointment, durable,
kept across a reschedule, gone with a cancel; carried in the consumer's projection as
`distribution.details.bookingReference` and taken by staff as a confirmation code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.core.codes import ALPHABET, spells_a_word
from kiosk.sdk import EndedSequence, Fanfare, ParticipatingAppointment, RoutedView
from kiosk.venue.domain import appointment
from kiosk.venue.domain.appointment import REFERENCE_LENGTH
from kiosk.venue.http.openapi import venue_openapi
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.fakes import FakeClock
from tests.venue.clients import ServerClient
from tests.venue.test_appointment_api import future_slots, make_appointment, staff
from tests.venue.test_appointment_engine import T0, engine_for, rebuilt

pytest_plugins = ["tests.venue.test_appointment_api"]  # its fixtures: connect, server


def test_a_booking_gets_a_reference_unique_in_the_appointment() -> None:
    engine = engine_for(maxCapacityPerSlot=10_000)
    for n in range(2000):
        engine.book(f"c{n}", engine.slots[n % len(engine.slots)].id, None, T0)
    references = [b.reference for b in appointment.bookings(engine)]
    assert len(set(references)) == len(references) == 2000
    for reference in references:
        assert reference is not None and len(reference) == REFERENCE_LENGTH
        assert set(reference) <= set(ALPHABET) and not spells_a_word(reference)


def test_the_reference_is_kept_on_reschedule_stored_and_dropped_on_cancel() -> None:
    engine = engine_for()
    first, later = engine.slots[0], engine.slots[3]
    records = engine.book("ann", first.id, None, T0)
    booking = engine.booking("ann")
    assert booking is not None and booking.reference is not None
    reference = booking.reference
    records += engine.reschedule("ann", later.id, None, T0)
    assert booking.reference == reference
    again = rebuilt(engine, records)  # as after a restart
    assert again.booking("ann").reference == reference  # type: ignore[union-attr]
    assert again.find(None, reference.lower()).consumer_id == "ann"

    records += engine.cancel("ann", later.id, None, None, T0)
    assert booking.reference is None
    assert rebuilt(engine, records).booking("ann").reference is None  # type: ignore[union-attr]
    engine.book("bob", later.id, None, T0)  # the freed place, booked again: a new reference
    bob = engine.booking("bob")
    assert bob is not None and bob.reference not in (None, reference)


def _details(view: Any) -> dict[str, Any]:
    return view.sequence.distribution.details or {}


async def test_the_projection_carries_it_through_book_reschedule_restart_and_cancel(
    connect: Callable[[], Fanfare],
    service: VenueService,
    store: SqliteStore,
    clock: FakeClock,
    server: ServerClient,
) -> None:
    fitting = make_appointment(service)
    first, later = future_slots(fitting, service)[0], future_slots(fitting, service)[4]
    journey = connect().journeys.get(fitting.experience_id)
    view = await journey.view.start()
    view = await view.sequence.book(first.id, first.location.id)
    assert isinstance(view, RoutedView) and isinstance(view.sequence, ParticipatingAppointment)
    reference = view.sequence.display.booking_reference
    assert reference is not None and len(reference) == 6
    assert _details(view)["bookingReference"] == reference

    view = await view.sequence.reschedule(later.id, later.location.id)
    assert isinstance(view.sequence, ParticipatingAppointment)
    assert view.sequence.display.booking_reference == reference

    reopened = VenueService(store, clock)  # a restart: the reference is read back
    engine = reopened.distributions.get(fitting.appointment_id, "appointment")
    assert [b.reference for b in appointment.bookings(engine)] == [reference]

    view = await view.sequence.cancel(reason=None)
    assert isinstance(view, RoutedView) and isinstance(view.sequence, EndedSequence)
    assert "bookingReference" not in _details(view)
    # Staff can no longer find the booking by it.
    refused = await staff(server, fitting, "check-in", confirmation_code=reference)
    assert refused.status_code == 404


async def test_staff_check_in_by_the_reference(
    connect: Callable[[], Fanfare], service: VenueService, server: ServerClient
) -> None:
    fitting = make_appointment(service)
    slot = future_slots(fitting, service)[0]
    view = await connect().journeys.get(fitting.experience_id).view.start()
    view = await view.sequence.book(slot.id, slot.location.id)
    reference = view.sequence.display.booking_reference
    typed = f"{reference[:3].lower()} {reference[3:]}"
    assert (await staff(server, fitting, "check-in", confirmation_code=typed)).status_code == 200
    assert fitting.engine.find(None, reference).status == "checked_in"


def test_the_openapi_documents_the_extension() -> None:
    assert "distribution.details.bookingReference" in venue_openapi()["info"]["description"]
