"""Nobody's place is lost: across a restart, a killed process, and a failing disk."""

from __future__ import annotations

import os
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.conftest import BASE_URL, QueueSetup, make_queue
from tests.fakes import FakeClock, FakeFailingStore
from tests.processes import HTTP_TIMEOUT, STARTUP_SECONDS, running_venue, venue_info
from tests.venue.clients import GuestClient, ServerClient, store_snapshot


@asynccontextmanager
async def venue_client(service: VenueService) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


async def _views(
    http: httpx.AsyncClient, guests: list[GuestClient], queue_id: str
) -> list[dict[str, Any]]:
    """What each consumer sees: their queue status and their journeys."""
    views = []
    for guest in guests:
        guest.http = http
        status = await guest.status(queue_id)
        me = await guest.me()
        assert status.status_code == me.status_code == 200, (status.text, me.text)
        views.append({"status": status.json(), "me": me.json()})
    return views


# ---- (a) restart ---------------------------------------------------------------------------


async def test_a_restart_changes_no_ones_place_status_or_grant(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "venue.sqlite3"
    store = SqliteStore(path)
    service = VenueService(store, clock)
    setup = make_queue(service, max_active_grants=6, admission_expiration_seconds=600)
    async with venue_client(service) as http:
        key = service.organization.publishable_key
        guests = []
        for _ in range(30):
            guest = await GuestClient.sign_in(http, key)
            await guest.route(setup.experience_id)
            await guest.enter(setup.queue_id)
            guests.append(guest)
        for _ in range(8):  # admit some (the cap stops it at six live grants)
            clock.advance(1)
            await guests[-1].status(setup.queue_id)
        for guest in guests[10:15]:
            await guest.leave(setup.queue_id)
        server = ServerClient(http, service.organization.secret_key)
        redeemed = await guests[0].grant_token(setup.queue_id)
        assert (await server.redeem(redeemed)).status_code == 200
        revoked = await guests[1].grant_token(setup.queue_id)
        assert (await server.revoke(revoked)).status_code == 200
        before = await _views(http, guests, setup.queue_id)
    store.close()

    statuses = [view["status"]["status"] for view in before]
    assert statuses.count("GRANTED") == 6
    assert {"COMPLETED", "DENIED", "LEFT", "QUEUED"} <= set(statuses)

    restarted_store = SqliteStore(path)
    try:
        restarted = VenueService(restarted_store, clock)
        async with venue_client(restarted) as http:
            after = await _views(http, guests, setup.queue_id)
            server = ServerClient(http, restarted.organization.secret_key)
            for view in after:
                if view["status"]["status"] == "GRANTED":
                    validated = await server.validate(view["status"]["admissionGrant"])
                    assert validated.status_code == 200
    finally:
        restarted_store.close()

    assert after == before


async def test_a_restart_before_opening_keeps_the_early_group_and_its_shuffle(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "venue.sqlite3"
    store = SqliteStore(path)
    service = VenueService(store, clock)
    setup = make_queue(service, open_at=clock.now() + timedelta(minutes=5), early_entry_seconds=600)
    async with venue_client(service) as http:
        guests = []
        for _ in range(8):
            guest = await GuestClient.sign_in(http, service.organization.publishable_key)
            await guest.route(setup.experience_id)
            clock.advance(1)
            await guest.enter(setup.queue_id)
            guests.append(guest)
    store.close()

    restarted_store = SqliteStore(path)
    try:
        restarted = VenueService(restarted_store, clock)
        clock.advance(300)
        async with venue_client(restarted) as http:
            views = await _views(http, guests, setup.queue_id)
            record = restarted.queueing.shuffle_record(setup.queue_id)
    finally:
        restarted_store.close()

    positions = {g.consumer_id: v["status"]["position"] for g, v in zip(guests, views, strict=True)}
    assert record["entries"] == [guest.consumer_id for guest in guests]
    assert record["order"] == sorted(positions, key=positions.__getitem__)
    assert sorted(positions.values()) == list(range(1, 9))


# ---- (b) a killed process ------------------------------------------------------------------


@dataclass
class HttpGuest:
    headers: dict[str, str]


def sign_in(client: httpx.Client, publishable_key: str, experience_id: str) -> HttpGuest:
    key = {"X-Publishable-Key": publishable_key}
    session = client.post("/auth/guest", headers=key)
    assert session.status_code == 200, session.text
    guest = HttpGuest({**key, "Authorization": f"Bearer {session.json()['accessToken']}"})
    routed = client.post(f"/experiences/{experience_id}/route", headers=guest.headers, json={})
    assert routed.json()["outcome"] == "routed", routed.text
    return guest


def statuses(client: httpx.Client, guests: list[HttpGuest], queue_id: str) -> list[dict[str, Any]]:
    answers = [client.get(f"/queues/{queue_id}/status", headers=g.headers) for g in guests]
    assert all(answer.status_code == 200 for answer in answers), [a.text for a in answers]
    return [answer.json() for answer in answers]


def _crowded_demo_queue(
    client: httpx.Client, operator: dict[str, str], info: dict[str, Any]
) -> tuple[dict[str, Any], str]:
    """The demo's open, public queue with its simulated crowd already in line."""
    live = client.get("/operator/queues", headers=operator).json()["data"]
    crowded = {q["id"] for q in live if q["lifecycle"] == "open" and q["queued"] > 0}
    for experience in info["experiences"]:
        for sequence in experience["sequences"]:
            for distribution in sequence["distributions"]:
                if distribution["id"] in crowded and sequence["accessCode"] is None:
                    return experience, distribution["id"]
    raise AssertionError(f"no open demo queue with a crowd in {info}")


def test_a_killed_server_loses_no_place_and_no_grant(tmp_path: Path) -> None:
    data_dir = tmp_path / "venue-data"
    with running_venue(data_dir) as first:
        info = venue_info(data_dir)
        publishable, secret = info["publishableKey"], info["secretKey"]
        operator = {"Authorization": f"Bearer {secret}"}
        with httpx.Client(base_url=first.url, timeout=HTTP_TIMEOUT) as client:
            demo, demo_queue = _crowded_demo_queue(client, operator, info)
            # Our own launch: admits at once up to three live grants, then nobody moves.
            experience = client.post(
                "/operator/experiences", headers=operator, json={"name": "Kill test"}
            ).json()
            sequence = client.post(
                "/operator/sequences",
                headers=operator,
                json={"experienceId": experience["id"], "name": "General"},
            ).json()
            capped = client.post(
                "/operator/queues",
                headers=operator,
                json={
                    "sequenceId": sequence["id"],
                    "name": "Capped",
                    "admitRate": 1_000_000,
                    "maxActiveGrants": 3,
                    "admissionExpirationSeconds": 3600,
                },
            ).json()["id"]
            ours = [sign_in(client, publishable, experience["id"]) for _ in range(20)]
            for guest in ours:
                entered = client.post(f"/queues/{capped}/enter", headers=guest.headers)
                assert entered.status_code == 200, entered.text
            # The demo queue: a simulated crowd ahead, admitting 30 a minute in real time.
            shoppers = [sign_in(client, publishable, demo["id"]) for _ in range(5)]
            for guest in shoppers:
                entered = client.post(f"/queues/{demo_queue}/enter", headers=guest.headers)
                assert entered.status_code == 200, entered.text

            ours_before = statuses(client, ours, capped)
            demo_before = statuses(client, shoppers, demo_queue)
        os.kill(first.process.pid, signal.SIGKILL)
        assert first.process.wait(timeout=STARTUP_SECONDS) == -signal.SIGKILL

    assert [s["status"] for s in ours_before] == ["GRANTED"] * 3 + ["QUEUED"] * 17
    assert [s.get("position") for s in ours_before[3:]] == list(range(1, 18))

    with (
        running_venue(data_dir) as second,
        httpx.Client(base_url=second.url, timeout=HTTP_TIMEOUT) as client,
    ):
        ours_after = statuses(client, ours, capped)
        demo_after = statuses(client, shoppers, demo_queue)
        granted_tokens = [
            s["admissionGrant"] for s in ours_after + demo_after if s["status"] == "GRANTED"
        ]
        for token in granted_tokens:
            validated = client.post("/grants/validate", headers=operator, json={"token": token})
            assert validated.status_code == 200, validated.text

    # The capped launch cannot move: everything is exactly as it was answered.
    assert ours_after == ours_before
    # The demo line moves with real time: only forward, in the same order, grants kept.
    for before, after in zip(demo_before, demo_after, strict=True):
        if before["status"] == "GRANTED":
            assert after == before
        else:
            assert before["status"] == "QUEUED"
            assert after["status"] in {"QUEUED", "GRANTED"}
            if after["status"] == "QUEUED":
                assert after["position"] <= before["position"]
    order_before = sorted(range(5), key=lambda i: demo_before[i].get("position", 0))
    still_queued = [i for i in order_before if demo_after[i]["status"] == "QUEUED"]
    assert still_queued == sorted(still_queued, key=lambda i: demo_after[i]["position"])
    # Admission is first come, first served: whoever was granted was ahead of who still waits.
    if still_queued:
        first_waiting = order_before.index(still_queued[0])
        assert all(demo_after[i]["status"] == "QUEUED" for i in order_before[first_waiting:])


# ---- (c) a failing disk --------------------------------------------------------------------


@dataclass
class FailingVenue:
    store: FakeFailingStore
    service: VenueService
    http: httpx.AsyncClient
    setup: QueueSetup
    guests: list[GuestClient]
    newcomer: GuestClient
    token: str

    async def seen(self) -> list[dict[str, Any]]:
        return await _views(self.http, [*self.guests, self.newcomer], self.setup.queue_id)

    def positions(self) -> dict[str, int | None]:
        engine = self.service.queueing.get(self.setup.queue_id)
        places = {}
        for guest in [*self.guests, self.newcomer]:
            entry = engine.entry(guest.consumer_id)
            queued = entry is not None and entry.status == "queued"
            places[guest.consumer_id] = engine.position(entry) if queued else None  # type: ignore[arg-type]
        return places


@asynccontextmanager
async def failing_venue(tmp_path: Path, clock: FakeClock) -> AsyncIterator[FailingVenue]:
    store = FakeFailingStore(SqliteStore(tmp_path / "venue.sqlite3"))
    try:
        service = VenueService(store, clock)
        setup = make_queue(service, max_active_grants=2, admission_expiration_seconds=3600)
        async with venue_client(service) as http:
            key = service.organization.publishable_key
            guests = []
            for _ in range(5):
                guest = await GuestClient.sign_in(http, key)
                await guest.route(setup.experience_id)
                await guest.enter(setup.queue_id)
                guests.append(guest)
            clock.advance(2)
            token = await guests[0].grant_token(setup.queue_id)
            newcomer = await GuestClient.sign_in(http, key)
            await newcomer.route(setup.experience_id)
            yield FailingVenue(store, service, http, setup, guests, newcomer, token)
    finally:
        store.close()


def _unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "storage_unavailable"


async def test_a_failing_disk_refuses_changes_with_503_and_loses_nothing(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with failing_venue(tmp_path, clock) as venue:
        queue_id = venue.setup.queue_id
        seen_before = await venue.seen()
        positions_before = venue.positions()
        records_before = store_snapshot(venue.store)
        server = ServerClient(venue.http, venue.service.organization.secret_key)

        venue.store.failing = True
        _unavailable(await venue.newcomer.enter(queue_id))
        _unavailable(await venue.guests[3].leave(queue_id))
        _unavailable(await server.redeem(venue.token))
        _unavailable(await server.revoke(venue.token))
        _unavailable(await venue.http.post("/auth/guest", headers=venue.guests[0].headers))
        _unavailable(await server.operator("POST", "/experiences", {"name": "Lost"}))
        _unavailable(await server.operator("POST", f"/queues/{queue_id}/close"))
        assert venue.store.failed_writes == 7

        # Reads still work while the disk is failing, and show exactly what was there.
        assert venue.positions() == positions_before
        assert await venue.seen() == seen_before
        assert store_snapshot(venue.store) == records_before
        assert (await server.validate(venue.token)).status_code == 200

        venue.store.failing = False
        entered = await venue.newcomer.enter(queue_id)
        assert (entered.status_code, entered.json()["status"]) == (200, "QUEUED")
        assert entered.json()["position"] == 4
        assert (await venue.guests[3].leave(queue_id)).json()["status"] == "LEFT"
        assert (await server.redeem(venue.token)).status_code == 200
        assert (await venue.guests[4].status(queue_id)).json()["position"] == 2


async def test_time_passing_during_a_failure_catches_up_afterwards(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with failing_venue(tmp_path, clock) as venue:
        queue_id = venue.setup.queue_id
        server = ServerClient(venue.http, venue.service.organization.secret_key)
        assert (await server.redeem(venue.token)).status_code == 200  # frees a slot

        venue.store.failing = True
        clock.advance(5)
        # The admission now due cannot be saved: nobody is told of a grant that is not durable.
        during = await venue.guests[2].status(queue_id)
        if during.status_code == 200:
            assert (during.json()["status"], during.json()["position"]) == ("QUEUED", 1)
        else:
            _unavailable(during)
        assert venue.positions()[venue.guests[2].consumer_id] == 1

        venue.store.failing = False
        status = (await venue.guests[2].status(queue_id)).json()
        assert status["status"] == "GRANTED"
        assert (await server.validate(status["admissionGrant"])).status_code == 200
