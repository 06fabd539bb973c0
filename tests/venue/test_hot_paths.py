"""What the fast paths of a status poll and an enter keep: the same bytes, the same refusals,
the same places after a restart, a `Date` on the venue's clock, every waitlist notice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
from starlette.responses import JSONResponse

from kiosk.venue.domain.signing import BadSignature, TokenSigner
from kiosk.venue.domain.waitlists import Waitlist, load_waitlists
from kiosk.venue.http.app import create_app
from kiosk.venue.http.responses import wire_response
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from kiosk.wire.distributions import (
    CompletedState,
    DeniedState,
    GrantedState,
    LeftState,
    NotQueuedState,
    QueuedState,
)
from tests.conftest import BASE_URL, QueueSetup, make_queue
from tests.fakes import FakeClock
from tests.venue.clients import GuestClient

MOMENT = datetime(2026, 11, 27, 12, 0, 0, 123456, tzinfo=UTC)


@pytest.fixture
async def http(service: VenueService, clock: FakeClock) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(service, clock=clock))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


@pytest.mark.parametrize(
    "body",
    [
        QueuedState(
            position=3, estimated_wait_time_in_seconds=1e16, position_display_mode="precise"
        ),
        QueuedState(position=1, estimated_wait_time_in_seconds=0.1),
        NotQueuedState(),
        LeftState(dequeued_at=MOMENT),
        GrantedState(admission_grant="fgr1.é.x", expires_at=MOMENT, dequeued_at=MOMENT),
        CompletedState(completed_at=MOMENT),
        DeniedState(reason="EXPIRED", dequeued_at=MOMENT),
    ],
)
def test_a_wire_response_sends_what_json_response_sent(body: object) -> None:
    fast = wire_response(body, headers={"X-Poll-Interval": "2"})  # type: ignore[arg-type]
    slow = JSONResponse(body.to_wire(), headers={"X-Poll-Interval": "2"})  # type: ignore[attr-defined]
    assert fast.body == slow.body
    assert fast.raw_headers == slow.raw_headers


def test_a_remembered_token_does_not_vouch_for_a_forged_one() -> None:
    signer = TokenSigner(b"k" * 32, "fat1")
    token = signer.sign({"c": "consumer", "s": "session", "e": 1})
    assert signer.verify(token) == {"c": "consumer", "s": "session", "e": 1}
    prefix, payload, mac = token.split(".")
    forged = f"{prefix}.{payload}x.{mac}"
    for bad in (forged, f"{prefix}.{payload}.{mac[:-2]}", token + "."):
        with pytest.raises(BadSignature):
            signer.verify(bad)
    assert signer.verify(token)["c"] == "consumer"  # still known, still right


def test_remembered_tokens_are_bounded_and_their_payloads_not_shared() -> None:
    signer = TokenSigner(b"k" * 32, "fat1")
    signer.VERIFIED_CACHE = 3
    tokens = [signer.sign({"c": f"consumer-{n}", "e": n}) for n in range(5)]
    for _ in range(2):  # the second time, the first two were forgotten: verified afresh
        assert [signer.verify(t)["c"] for t in tokens] == [f"consumer-{n}" for n in range(5)]
    signer.verify(tokens[4])["c"] = "someone else"  # a caller changing its copy ...
    assert signer.verify(tokens[4])["c"] == "consumer-4"  # ... changes nothing remembered


async def test_a_polled_token_still_expires(
    http: httpx.AsyncClient, service: VenueService, clock: FakeClock, queue_setup: QueueSetup
) -> None:
    guest = await GuestClient.sign_in(http, service.organization.publishable_key)
    assert (await guest.enter(queue_setup.queue_id)).status_code == 200
    assert (await guest.status(queue_setup.queue_id)).status_code == 200  # verified, remembered
    clock.advance(3601)
    expired = await guest.status(queue_setup.queue_id)
    assert expired.status_code == 401
    assert "expired" in expired.json()["message"]


async def test_places_and_tickets_carry_on_after_a_restart(
    tmp_path: Path, clock: FakeClock
) -> None:
    """An enter writes its entry alone; the ticket counter is read back from the entries."""
    path = tmp_path / "venue.sqlite3"
    first = SqliteStore(path)
    service = VenueService(first, clock)
    queue_id = make_queue(service, admit_rate=0.001).queue_id
    tokens = [service.access.start_guest_session().access_token for _ in range(4)]
    for token in tokens[:3]:
        service.queueing.enter(service.authenticate(token), queue_id)
    first.close()

    again = SqliteStore(path)
    try:
        restarted = VenueService(again, clock)
        last = restarted.queueing.enter(restarted.authenticate(tokens[3]), queue_id)
        assert last.position == 4
        positions = [
            restarted.queueing.status(restarted.authenticate(t), queue_id)[0].position
            for t in tokens
        ]
        assert positions == [1, 2, 3, 4]
    finally:
        again.close()


async def test_date_follows_the_venue_clock_second_by_second(
    http: httpx.AsyncClient, clock: FakeClock
) -> None:
    async def date() -> str:
        return (await http.get("/health")).headers["date"]

    assert await date() == format_datetime(clock.now(), usegmt=True)
    clock.advance(0.4)
    assert await date() == format_datetime(clock.now(), usegmt=True)  # the same second
    clock.advance(1)
    assert await date() == format_datetime(clock.now(), usegmt=True)
    clock.advance(-120)  # a clock set back is followed too
    assert await date() == format_datetime(clock.now(), usegmt=True)


def test_a_waitlist_notifies_each_waiting_consumer_once_then_walks_no_more() -> None:
    waitlist = Waitlist("w", "s", MOMENT)
    for consumer in ("a", "b", "c"):
        waitlist.join(consumer, MOMENT)
    waitlist.leave("b")
    assert sorted(doc["consumerId"] for _, _, doc in waitlist.notify_all(MOMENT)) == ["a", "c"]
    assert waitlist.notify_all(MOMENT) == []
    waitlist.join("b", MOMENT)  # back after leaving: waiting again
    waitlist.join("d", MOMENT)
    assert sorted(doc["consumerId"] for _, _, doc in waitlist.notify_all(MOMENT)) == ["b", "d"]
    waitlist.leave("a")  # a notified consumer leaving changes no count
    assert waitlist.notify_all(MOMENT) == []


def test_a_reloaded_waitlist_notifies_only_who_still_waits() -> None:
    before = Waitlist("w", "s", MOMENT)
    for consumer in ("a", "b", "c"):
        before.join(consumer, MOMENT)
    before.notify_all(MOMENT)
    before.join("d", MOMENT)
    before.join("e", MOMENT)
    before.leave("e")
    entries = [entry.to_doc() for entry in before.entries.values()]
    [loaded] = load_waitlists([before.to_doc()], entries).values()
    assert [doc["consumerId"] for _, _, doc in loaded.notify_all(MOMENT)] == ["d"]
    assert loaded.notify_all(MOMENT) == []
