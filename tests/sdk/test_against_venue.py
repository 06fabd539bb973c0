"""The SDK against the real venue app, in one process over `httpx.ASGITransport`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from kiosk.sdk import (
    EnterableQueue,
    Fanfare,
    GrantedSequence,
    MemorySessionStore,
    ParticipatingQueue,
    RoutedView,
)
from tests.sdk.fakes import RecordingClock, settle

venue_app = pytest.importorskip("kiosk.venue.http.app")
conftest = pytest.importorskip("tests.conftest")


@pytest.fixture
async def venue_client(service) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=venue_app.create_app(service))
    async with httpx.AsyncClient(transport=transport) as client:
        yield client


@pytest.fixture
def connect(
    service, publishable_key: str, venue_client: httpx.AsyncClient, clock: RecordingClock
) -> Callable[..., Fanfare]:
    def factory(**overrides) -> Fanfare:
        return Fanfare(
            organization_id=service.organization.id,
            publishable_key=publishable_key,
            api_url="http://127.0.0.1:4802",
            http_client=venue_client,
            clock=clock,
            random=lambda: 0.5,
            **overrides,
        )

    return factory


async def wait_for_grant(fanfare: Fanfare, experience_id: str, clock: RecordingClock) -> None:
    journey = fanfare.journeys.get(experience_id)
    for _ in range(300):  # polls every second near the front; admission takes a minute
        view = journey.view
        if isinstance(view, RoutedView) and isinstance(view.sequence, GrantedSequence):
            return
        await settle()
        clock.advance(clock.next_deadline() or 1.0)
        await settle()
    raise AssertionError(f"no grant; the journey is at {journey.view}")


async def test_the_sdk_walks_a_venue_queue_to_a_grant(connect, service, clock) -> None:
    setup = conftest.make_queue(service, admit_rate=1)
    async with connect() as fanfare:
        journey = fanfare.journeys.get(setup.experience_id)

        routed = await journey.view.start()
        assert isinstance(routed, RoutedView)
        assert isinstance(routed.sequence, EnterableQueue)
        entered = await routed.sequence.enter()
        assert entered.sequence.phase in ("participating", "granted")
        await wait_for_grant(fanfare, setup.experience_id, clock)

        grant = journey.view.sequence.claim()
        assert grant.distribution_id == setup.queue_id
        assert grant.experience_id == setup.experience_id
        service.validate_grant(grant.token)  # raises if the venue does not know it


async def test_a_restarted_kiosk_resumes_its_place_on_the_venue_server(
    connect, service, clock
) -> None:
    setup = conftest.make_queue(service, admit_rate=1)
    store = MemorySessionStore()
    # Someone else is ahead, so our consumer waits in line.
    async with connect() as other:
        ahead = await other.journeys.get(setup.experience_id).view.start()
        await ahead.sequence.enter()
    async with connect(session_store=store) as first:
        view = await first.journeys.get(setup.experience_id).view.start()
        view = await view.sequence.enter()
        before = first.journeys.get(setup.experience_id).view

    async with connect(session_store=store) as second:
        journey = await second.journeys.resume(setup.experience_id)

        view = journey.view
        assert isinstance(view, RoutedView)
        assert view.sequence.phase == before.sequence.phase
        assert isinstance(before.sequence, ParticipatingQueue)
        assert isinstance(view.sequence, ParticipatingQueue)
        assert view.sequence.display.position == before.sequence.display.position
