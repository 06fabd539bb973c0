"""`GET /consumers/me/events` over a real socket on 127.0.0.1 (ASGITransport cannot stream):
the current state first, each change with a new id, Last-Event-ID resume, heartbeat, a
goodbye with a retry hint, and one slow reader holding up nobody."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
import pytest

from kiosk.venue.http.app import create_app
from kiosk.venue.http.events_api import EVENTS_PATH, StreamSettings
from kiosk.venue.service import VenueService
from tests.conftest import QueueSetup, make_queue
from tests.fakes import FakeClock
from tests.served import served
from tests.venue.clients import GuestClient

READ_BOUND = 10.0  # seconds: a bound on a hung test, never a measured timing


@dataclass
class Block:
    """One SSE block: its fields as written on the wire, comments included."""

    lines: list[str] = field(default_factory=list)

    def field(self, name: str) -> str | None:
        for line in self.lines:
            key, _, value = line.partition(": ")
            if key == name:
                return value
        return None

    @property
    def comment(self) -> str | None:
        return next((line[2:] for line in self.lines if line.startswith(": ")), None)

    def me(self) -> dict:
        data = self.field("data")
        assert data is not None, self.lines
        return json.loads(data)


class RawStream:
    """Reads a response as SSE blocks, as a generic client (curl) would see them."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._lines = response.aiter_lines()

    async def block(self) -> Block | None:
        """The next block, or None when the server ended the stream."""
        block = Block()
        while True:
            try:
                line = await asyncio.wait_for(anext(self._lines), READ_BOUND)
            except StopAsyncIteration:
                return block if block.lines else None
            if line == "":
                if block.lines:
                    return block
                continue
            block.lines.append(line)

    async def event(self) -> Block:
        """The next block that carries data (skipping heartbeats)."""
        for _ in range(50):
            block = await self.block()
            assert block is not None, "the stream ended"
            if block.field("data") is not None:
                return block
        raise AssertionError("no event in 50 blocks")


@dataclass
class Venue:
    url: str
    http: httpx.AsyncClient
    service: VenueService
    key: str

    async def guest(self) -> GuestClient:
        return await GuestClient.sign_in(self.http, self.key)

    @asynccontextmanager
    async def stream(
        self, guest: GuestClient, last_event_id: str | None = None
    ) -> AsyncIterator[RawStream]:
        headers = {**guest.headers, "Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        async with self.http.stream("GET", EVENTS_PATH, headers=headers) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            yield RawStream(response)


async def open_venue(
    service: VenueService, settings: StreamSettings | None = None
) -> AsyncIterator[Venue]:
    app = create_app(service, stream_settings=settings or StreamSettings(heartbeat_seconds=60))
    async with (
        served(app) as (url, _),
        httpx.AsyncClient(base_url=url, timeout=READ_BOUND) as http,
    ):
        yield Venue(url, http, service, service.organization.publishable_key)


@pytest.fixture
async def venue(service: VenueService) -> AsyncIterator[Venue]:
    async for opened in open_venue(service):
        yield opened


async def routed_guest(venue: Venue, setup: QueueSetup) -> GuestClient:
    guest = await venue.guest()
    assert (await guest.route(setup.experience_id)).status_code == 200
    return guest


def phase(me: dict) -> str:
    return me["active"]["journeys"][0]["sequence"]["phase"]


async def test_the_stream_starts_with_the_consumers_me_body_an_id_and_a_retry_hint(
    venue: Venue, queue_setup: QueueSetup
) -> None:
    guest = await routed_guest(venue, queue_setup)
    polled = (await venue.http.get("/consumers/me", headers=guest.headers)).json()

    async with venue.stream(guest) as stream:
        first = await stream.event()

    assert first.field("event") == "me"
    assert first.me() == polled  # exactly what a poll returns: the SDK reads it the same way
    assert first.field("id")
    assert first.field("retry") == "2000"


async def test_an_action_and_an_admission_on_the_ticker_are_pushed_with_new_ids(
    venue: Venue, service: VenueService, clock: FakeClock
) -> None:
    setup = make_queue(service, admit_rate=60)
    ahead = await routed_guest(venue, setup)
    assert (await ahead.enter(setup.queue_id)).status_code == 200
    guest = await routed_guest(venue, setup)

    async with venue.stream(guest) as stream:
        first = await stream.event()
        assert phase(first.me()) == "enterable"
        assert (await guest.enter(setup.queue_id)).status_code == 200
        entered = await stream.event()
        assert phase(entered.me()) in {"participating", "granted"}

        seen = [first.field("id"), entered.field("id")]
        latest = entered
        for _ in range(10):  # bounded: the ticker admits one a second at this rate
            if phase(latest.me()) == "granted":
                break
            clock.advance(1)
            service.tick()  # what the venue's ticker does, with nobody asking
            latest = await stream.event()
            seen.append(latest.field("id"))

    assert phase(latest.me()) == "granted"
    assert len(set(seen)) == len(seen)  # every state its own id


async def test_resuming_at_the_current_id_sends_nothing_new_until_something_changes(
    venue: Venue, queue_setup: QueueSetup
) -> None:
    guest = await routed_guest(venue, queue_setup)
    async with venue.stream(guest) as stream:
        current = (await stream.event()).field("id")

    async with venue.stream(guest, last_event_id=current) as stream:
        hello = await stream.block()
        assert hello is not None
        assert hello.field("data") is None  # nothing new ...
        assert hello.field("retry") == "2000"  # ... but the reconnect hint
        assert (await guest.enter(queue_setup.queue_id)).status_code == 200
        changed = await stream.event()

    assert changed.field("id") != current
    assert phase(changed.me()) in {"participating", "granted"}


@pytest.mark.parametrize("last_event_id", ["stale-or-unknown", ""])
async def test_resuming_with_a_stale_or_unknown_id_sends_the_full_current_state(
    venue: Venue, queue_setup: QueueSetup, last_event_id: str
) -> None:
    guest = await routed_guest(venue, queue_setup)
    polled = (await venue.http.get("/consumers/me", headers=guest.headers)).json()

    async with venue.stream(guest, last_event_id=last_event_id) as stream:
        first = await stream.event()

    assert first.me() == polled


async def test_a_heartbeat_comment_keeps_a_quiet_stream_talking(
    service: VenueService, queue_setup: QueueSetup
) -> None:
    async for venue in open_venue(service, StreamSettings(heartbeat_seconds=0.05)):
        guest = await routed_guest(venue, queue_setup)
        async with venue.stream(guest) as stream:
            await stream.event()
            block = await stream.block()

    assert block is not None
    assert block.comment == "ping"
    assert block.field("data") is None


async def test_shutdown_ends_every_stream_with_a_retry_hint(
    venue: Venue, queue_setup: QueueSetup
) -> None:
    guest = await routed_guest(venue, queue_setup)
    async with venue.stream(guest) as stream:
        await stream.event()
        venue.service.changes.close()  # what the app's shutdown does
        goodbye = await stream.block()
        end = await stream.block()

    assert goodbye is not None
    assert goodbye.field("retry") == "2000"
    assert goodbye.comment == "venue server stopping"
    assert end is None  # the server closed the stream cleanly


async def test_a_stream_ends_when_its_session_does(venue: Venue, queue_setup: QueueSetup) -> None:
    guest = await routed_guest(venue, queue_setup)
    async with venue.stream(guest) as stream:
        await stream.event()
        assert (await venue.http.post("/auth/logout", headers=guest.headers)).status_code == 204
        venue.service.changes.bump()  # any change wakes the stream, which checks the token
        last = await stream.block()
        end = await stream.block()

    assert last is not None and last.comment == "session expired"
    assert end is None


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),  # no token
        ({"Authorization": "Bearer not-a-token"}, 401),
    ],
)
async def test_the_stream_is_refused_like_consumers_me_without_a_valid_token(
    venue: Venue, headers: dict[str, str], status: int
) -> None:
    response = await venue.http.get(
        EVENTS_PATH, headers={"X-Publishable-Key": venue.key, **headers}
    )

    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")


async def test_a_token_in_the_url_is_not_accepted(venue: Venue, queue_setup: QueueSetup) -> None:
    guest = await routed_guest(venue, queue_setup)
    response = await venue.http.get(
        EVENTS_PATH,
        params={"access_token": guest.access_token},
        headers={"X-Publishable-Key": venue.key},
    )

    assert response.status_code == 401


async def test_a_reader_that_never_reads_holds_up_no_other_stream(
    venue: Venue, service: VenueService
) -> None:
    setup = make_queue(service, admit_rate=60)
    stalled, watcher = await routed_guest(venue, setup), await routed_guest(venue, setup)
    address = urlsplit(venue.url)
    sock = socket.create_connection((address.hostname, address.port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
    request = (
        f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: {address.netloc}\r\n"
        f"X-Publishable-Key: {venue.key}\r\nAuthorization: Bearer {stalled.access_token}\r\n\r\n"
    )
    sock.sendall(request.encode())
    try:
        async with venue.stream(watcher) as stream:
            await stream.event()
            for _ in range(30):  # every change is another body for the stalled reader too
                others = await venue.guest()
                assert (await others.route(setup.experience_id)).status_code == 200
                assert (await others.enter(setup.queue_id)).status_code == 200
            assert (await watcher.enter(setup.queue_id)).status_code == 200
            latest = await stream.event()
            for _ in range(40):
                if phase(latest.me()) != "enterable":
                    break
                latest = await stream.event()
    finally:
        sock.close()

    assert phase(latest.me()) in {"participating", "granted"}


async def test_the_venue_openapi_documents_the_stream(venue: Venue) -> None:
    document = (await venue.http.get("/openapi.json")).json()

    operation = document["paths"][EVENTS_PATH]["get"]
    assert "text/event-stream" in operation["responses"]["200"]["content"]
    assert {"ConsumerBearer", "PublishableKey"} <= set(document["components"]["securitySchemes"])


async def test_a_venue_without_push_answers_404_so_clients_poll(service: VenueService) -> None:
    transport = httpx.ASGITransport(app=create_app(service, push=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://venue.test") as http:
        response = await http.get(EVENTS_PATH)

    assert response.status_code == 404
