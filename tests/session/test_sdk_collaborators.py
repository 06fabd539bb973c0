"""The session's default collaborators against the real venue: sign-in through the SDK and
the appointment slot grid from the view."""

from __future__ import annotations

import httpx
import pytest

from kiosk.sdk import EnterableAppointment, Fanfare, GatedView, RoutedView
from kiosk.session import InvalidCodeError, SdkAuthenticator, ViewSlotSource
from kiosk.session.auth import ExpiredCodeError, TooManyCodesError
from kiosk.venue.domain.catalog import ExperienceCreate, QueueCreate, SequenceCreate
from kiosk.venue.domain.otp import StaffOtpSender
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from tests.fakes import FakeClock
from tests.venue.test_appointment_api import make_appointment


def sdk(service: VenueService, http: httpx.AsyncClient, clock: FakeClock) -> Fanfare:
    return Fanfare(
        organization_id=service.organization.id,
        publishable_key=service.organization.publishable_key,
        api_url="http://venue.test",
        http_client=http,
        clock=clock,
    )


async def test_a_gated_customer_signs_in_with_a_code_and_gets_through(store, clock) -> None:
    sender = StaffOtpSender()
    service = VenueService(store, clock, otp_sender=sender)
    experience = service.create_experience(ExperienceCreate(name="Members"))
    members = service.create_sequence(
        SequenceCreate(experience_id=experience.id, name="Members", authentication="otp")
    )
    service.create_queue(QueueCreate(sequence_id=members.id, name="Line", admit_rate=60))
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport) as http, sdk(service, http, clock) as fan:
        gated = await fan.journeys.get(experience.id).view.start()
        assert isinstance(gated, GatedView)
        auth = SdkAuthenticator(fan)
        await auth.request_code("+1 555 0100")
        code = sender.recent(clock.now())[0].code
        with pytest.raises(InvalidCodeError):
            await auth.verify_code("+1 555 0100", "000000" if code != "000000" else "111111")
        await auth.verify_code("+1 555 0100", code)
        assert isinstance(await gated.reroute(), RoutedView)
        with pytest.raises(InvalidCodeError):
            await auth.request_code("not a phone")


async def test_an_expired_code_is_told_apart_from_a_wrong_one(store, clock) -> None:
    """The venue answers `otp_expired` and `otp_invalid` apart; so does the sign-in."""
    sender = StaffOtpSender()
    service = VenueService(store, clock, otp_sender=sender)
    experience = service.create_experience(ExperienceCreate(name="Members"))
    members = service.create_sequence(
        SequenceCreate(experience_id=experience.id, name="Members", authentication="otp")
    )
    service.create_queue(QueueCreate(sequence_id=members.id, name="Line", admit_rate=60))
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport) as http, sdk(service, http, clock) as fan:
        await fan.journeys.get(experience.id).view.start()
        auth, contact = SdkAuthenticator(fan), "+1 555 0100"
        await auth.request_code(contact)
        old = sender.recent(clock.now())[0].code
        clock.advance(5 * 60 + 1)  # past the code's five minutes
        with pytest.raises(ExpiredCodeError):
            await auth.verify_code(contact, old)

        await auth.request_code(contact)
        new = sender.recent(clock.now())[0].code
        with pytest.raises(InvalidCodeError) as wrong:
            await auth.verify_code(contact, "000000" if new != "000000" else "111111")
        assert not isinstance(wrong.value, ExpiredCodeError)
        await auth.verify_code(contact, new)

        await auth.request_code(contact)  # the third code in ten minutes
        with pytest.raises(TooManyCodesError) as wait:
            await auth.request_code(contact)
        assert wait.value.retry_after is not None and wait.value.retry_after > 0


async def test_the_slot_grid_comes_from_the_appointment_view(
    service: VenueService, clock: FakeClock
) -> None:
    fitting = make_appointment(service)
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport) as http, sdk(service, http, clock) as fan:
        view = await fan.journeys.get(fitting.experience_id).view.start()
        assert isinstance(view.sequence, EnterableAppointment)
        slots = await ViewSlotSource(clock).slots(view.sequence)
        assert len(slots) == len([s for s in fitting.engine.slots if s.start > clock.now()])
        assert [slot.start for slot in slots] == sorted(slot.start for slot in slots)
        assert {slot.location_name for slot in slots} == {"Store floor", "VIP lounge"}
