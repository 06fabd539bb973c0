"""Live push in the SDK: the stream when the server offers it, polling when it does not,
a resync after every (re)connect, and staleness from whichever path brings news."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest

from kiosk.sdk import Fanfare, GrantedSequence, ParticipatingQueue, RoutedView
from kiosk.sdk.push import EVENTS_PATH
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from tests.conftest import make_queue
from tests.fakes import FakeClock
from tests.sdk.fakes import (
    EXPERIENCE_ID,
    FakeConsumerApi,
    FakeEventStream,
    RecordingClock,
    Scripted,
    settle,
)
from tests.served import served

ME = "/consumers/me"


def streams(api: FakeConsumerApi, count: int) -> list[FakeEventStream]:
    opened = [FakeEventStream() for _ in range(count)]
    api.event_streams.extend(opened)
    return opened


async def started(fanfare: Fanfare) -> RoutedView:
    view = await fanfare.journeys.get(EXPERIENCE_ID).view.start()
    await settle()
    assert isinstance(view, RoutedView)
    return view


def position(fanfare: Fanfare) -> int | None:
    view = fanfare.journeys.get(EXPERIENCE_ID).view
    assert isinstance(view, RoutedView) and isinstance(view.sequence, ParticipatingQueue)
    return view.sequence.display.position


async def test_a_pushed_state_updates_the_view_without_a_poll(
    fanfare: Fanfare, api: FakeConsumerApi
) -> None:
    (stream,) = streams(api, 1)
    await started(fanfare)
    # The route's read, then one resync when the stream opened.
    assert len(api.calls("GET", ME)) == 2
    status_reads = len(api.calls("GET", f"/queues/{api.dist_id}/status"))

    api.set_queue_position(7, eta=420)
    stream.me(api, "s1")
    await settle()

    assert position(fanfare) == 7
    assert len(api.calls("GET", ME)) == 2
    # One status read per pushed change, for what the projection lacks: the wait estimate.
    assert len(api.calls("GET", f"/queues/{api.dist_id}/status")) == status_reads + 1
    view = fanfare.journeys.get(EXPERIENCE_ID).view
    assert isinstance(view, RoutedView) and isinstance(view.sequence, ParticipatingQueue)
    assert view.sequence.display.estimated_wait_seconds == 420
    events = api.calls("GET", EVENTS_PATH)
    assert len(events) == 1
    assert events[0].headers["Accept"] == "text/event-stream"
    assert events[0].headers["Authorization"].startswith("Bearer at-secret-")
    assert "at-secret" not in str(events[0].url)  # the token never rides in the URL


async def test_a_server_without_a_stream_is_polled_and_asked_only_once(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    await started(fanfare)  # no stream scripted: 404, as from Fanfare's cloud
    for _ in range(2):
        clock.advance(clock.next_deadline() or 0)
        await settle()

    assert fanfare.client.events.unavailable
    assert len(api.calls("GET", EVENTS_PATH)) == 1
    assert len(api.calls("GET", ME)) >= 3  # the route's read, then polls


@pytest.mark.parametrize(
    "answer",
    [
        Scripted(200, body={"not": "a stream"}),  # JSON, not text/event-stream
        Scripted(405, body={"error": "method_not_allowed"}),
    ],
)
async def test_an_answer_that_is_not_an_event_stream_means_polling(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock, answer: Scripted
) -> None:
    api.script("GET", EVENTS_PATH, answer)
    await started(fanfare)
    before = len(api.calls("GET", ME))
    clock.advance(clock.next_deadline() or 0)
    await settle()

    assert fanfare.client.events.unavailable
    assert len(api.calls("GET", ME)) == before + 1  # polled


async def test_a_broken_stream_reconnects_with_its_last_id_and_resyncs_with_one_poll(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    first, _second = streams(api, 2)
    await started(fanfare)
    api.set_queue_position(9)
    first.me(api, "state-9")
    await settle()

    first.fail()  # the server vanished mid-stream
    await settle()
    api.set_queue_position(4)  # moved while nobody was listening
    reads = len(api.calls("GET", ME))
    clock.advance(clock.next_deadline() or 0)  # the reconnect backoff
    await settle()

    reconnect = api.calls("GET", EVENTS_PATH)[1]
    assert reconnect.headers["Last-Event-ID"] == "state-9"
    assert len(api.calls("GET", ME)) == reads + 1  # one resync ...
    assert position(fanfare) == 4  # ... which brought what was missed


async def test_a_malformed_event_is_dropped_and_the_stream_reopened_with_backoff(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    first, second = streams(api, 2)
    await started(fanfare)
    api.set_queue_position(6)
    first.me(api, "ok")
    await settle()

    first.send('id: bad\nevent: me\ndata: {"active": "not a journey list"}\n\n')
    await settle()

    assert position(fanfare) == 6  # nothing was guessed from the unreadable event
    delay = clock.next_deadline()
    assert delay is not None and delay > 0  # backing off, not reconnecting in a loop
    clock.advance(delay)
    await settle()
    assert len(api.calls("GET", EVENTS_PATH)) == 2
    api.set_queue_position(2)
    second.me(api, "ok-2")
    await settle()
    assert position(fanfare) == 2


async def test_while_streaming_the_heartbeat_is_the_cadence_and_keeps_the_view_fresh(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    (stream,) = streams(api, 1)
    await started(fanfare)
    api.set_queue_position(5)
    stream.me(api, "s")
    await settle()
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    # Two heartbeats (15 s) missed plus the margin, by the same rule as polling.
    assert journey.view.stale_after_seconds == 35.0
    assert not journey.view.stale

    clock.advance(36)  # nothing from either path for longer than the cadence
    assert journey.view.stale
    stream.send(": ping\n\n")
    await settle()

    assert not journey.view.stale


async def test_when_the_stream_drops_staleness_follows_the_poll_cadence_again(
    fanfare: Fanfare, api: FakeConsumerApi
) -> None:
    (stream,) = streams(api, 1)
    await started(fanfare)
    api.set_queue_position(5)
    stream.me(api, "s")
    await settle()
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    assert journey.view.stale_after_seconds == 35.0

    stream.fail()
    await settle()

    assert journey.view.stale_after_seconds == 15.0  # polled every 2 s while queued: the floor


# -- against the real venue, over 127.0.0.1 ----------------------------------------------------


def granted(view: object) -> bool:
    return isinstance(view, RoutedView) and isinstance(view.sequence, GrantedSequence)


@pytest.fixture
async def venue_url(service: VenueService, clock: FakeClock) -> AsyncIterator[str]:
    # `Date` on the venue's (fake) clock, as `kiosk venue serve` writes it; no ticker runs
    # (the test ticks), since the served app's lifespan is off.
    async with served(create_app(service, clock=clock)) as (url, _):
        yield url


async def test_an_admission_on_the_venue_reaches_the_journey_by_push_alone(
    service: VenueService, clock: FakeClock, venue_url: str
) -> None:
    setup = make_queue(service, admit_rate=60)
    sdk_clock = RecordingClock()  # never advanced: no poll ever falls due
    requests: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        requests.append(request)

    async with (
        httpx.AsyncClient(event_hooks={"request": [record]}, timeout=10) as http,
        Fanfare(
            organization_id=service.organization.id,
            publishable_key=service.organization.publishable_key,
            api_url=venue_url,
            http_client=http,
            clock=sdk_clock,
            random=lambda: 0.5,
        ) as fanfare,
    ):
        others = Fanfare(
            organization_id=service.organization.id,
            publishable_key=service.organization.publishable_key,
            api_url=venue_url,
            clock=RecordingClock(),
        )
        async with others:
            ahead = await others.journeys.get(setup.experience_id).view.start()
            await ahead.sequence.enter()  # type: ignore[union-attr]
            journey = fanfare.journeys.get(setup.experience_id)
            view = await journey.view.start()
            view = await view.sequence.enter()  # type: ignore[union-attr]
            for _ in range(20):  # bounded: one admission a second at this rate
                if granted(journey.view):
                    break
                clock.advance(1)
                service.tick()  # the venue's ticker
                # A bound in real time (the SDK's clock never moves), not a measured timing.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(journey.next_view(), 5)
            final = journey.view
    paths = [request.url.path for request in requests]
    assert granted(final)
    assert EVENTS_PATH in paths
    status = f"/queues/{setup.queue_id}/status"
    opened = paths.index(EVENTS_PATH)
    # No status polls: the only status reads follow the stream (its resync and each pushed
    # change, for the wait estimate), never a poll before it.
    assert status not in paths[:opened]
    assert paths.count(status) <= paths[opened:].count(ME) + 1
