"""The SDK's appointment reads: the slot grid on an enterable appointment and the booking
(with its confirmation code) once booked, against the real venue app."""

from __future__ import annotations

from datetime import date

import httpx

from kiosk.sdk import EnterableAppointment, Fanfare, ParticipatingAppointment
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from tests.fakes import FakeClock
from tests.venue.test_appointment_api import make_appointment


async def test_a_kiosk_lists_slots_books_one_and_reads_its_confirmation_code(
    service: VenueService, clock: FakeClock
) -> None:
    fitting = make_appointment(service)
    transport = httpx.ASGITransport(app=create_app(service))
    async with (
        httpx.AsyncClient(transport=transport) as http,
        Fanfare(
            organization_id=service.organization.id,
            publishable_key=service.organization.publishable_key,
            api_url="http://venue.test",
            http_client=http,
            clock=clock,
        ) as fanfare,
    ):
        view = await fanfare.journeys.get(fitting.experience_id).view.start()
        assert isinstance(view.sequence, EnterableAppointment)
        today = date(2026, 11, 27)
        slots = await view.sequence.slots(today, today)
        assert slots and all(slot.available == 2 for slot in slots)
        assert await view.sequence.booking() is None

        chosen = slots[3]
        booked = await view.sequence.book(chosen.id, chosen.location_id)
        assert isinstance(booked.sequence, ParticipatingAppointment)
        booking = await booked.sequence.booking()
        assert booking is not None
        assert booking.slot_id == chosen.id
        assert len(booking.confirmation_code) == 6
        after = {slot.id: slot.available for slot in await booked.sequence.slots(today, today)}
        assert after[chosen.id] == 1
