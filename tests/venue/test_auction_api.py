"""Auctions over HTTP: the consumer paths' refusals and abuse cases (clear errors, nothing
changed), leaving through `DELETE /experiences/{id}/leave`, and the operator API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.venue.domain import auction
from kiosk.venue.domain.auction import (
    AUCTION_KIND,
    BID_KIND,
    BIDDER_KIND,
    STATE_KIND,
    AuctionCreate,
)
from kiosk.venue.domain.catalog import ExperienceCreate, SequenceCreate
from kiosk.venue.http.app import create_app
from kiosk.venue.http.auction_api import AuctionApi
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore, VenueStore
from tests.conftest import BASE_URL, make_queue
from tests.fakes import FakeClock, FakeFailingStore
from tests.venue.clients import RECORD_KINDS, GuestClient, ServerClient

AUCTION_KINDS = (AUCTION_KIND, STATE_KIND, BID_KIND, BIDDER_KIND)


@dataclass
class AuctionSetup:
    experience_id: str
    sequence_id: str
    auction_id: str


def make_auction(
    service: VenueService, *, access_code: str | None = None, **fields: Any
) -> AuctionSetup:
    """An experience with one sequence and one auction: English, open now, closing in 15
    minutes and settling a minute later, from 100.00 USD in steps of 5.00 (fields override)."""
    now = service.now()
    experience = service.create_experience(ExperienceCreate(name="Auction"))
    sequence = service.create_sequence(
        SequenceCreate(experience_id=experience.id, name="General", access_code=access_code)
    )
    defaults: dict[str, Any] = {
        "sequence_id": sequence.id,
        "name": "Lot 1",
        "open_at": now,
        "close_at": now + timedelta(minutes=15),
        "settle_at": now + timedelta(minutes=16),
        "start_price": "100.00",
        "min_bid_increment": "5.00",
    }
    if fields.get("auction_type") == "dutch":
        defaults["min_bid_increment"] = None
    body = AuctionCreate.model_validate({**defaults, **fields})
    engine = service.distributions.create(auction.create, body)
    return AuctionSetup(experience.id, sequence.id, engine.id)


def dutch_fields(**overrides: Any) -> dict[str, Any]:
    return {
        "auction_type": "dutch",
        "start_price": "400.00",
        "price_drop_amount": "10.00",
        "price_drop_interval_seconds": 30,
        "floor_price": "200.00",
        "quantity": 2,
        **overrides,
    }


def snapshot(store: VenueStore) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Every durable record, auctions included: equal snapshots mean nothing changed."""
    return {kind: store.load(kind) for kind in (*RECORD_KINDS, *AUCTION_KINDS)}


@dataclass
class Bidder:
    """One consumer on the auction paths, over HTTP."""

    guest: GuestClient

    @property
    def http(self) -> httpx.AsyncClient:
        return self.guest.http

    @property
    def headers(self) -> dict[str, str]:
        return self.guest.headers

    @property
    def consumer_id(self) -> str:
        return self.guest.consumer_id

    async def route(self, experience_id: str, access_code: str | None = None) -> httpx.Response:
        return await self.guest.route(experience_id, access_code)

    async def enter(self, auction_id: str) -> httpx.Response:
        return await self.http.post(f"/auctions/{auction_id}/enter", headers=self.headers)

    async def bid(self, auction_id: str, amount: Any) -> httpx.Response:
        body = amount if isinstance(amount, dict) else {"amount": amount}
        return await self.http.post(f"/auctions/{auction_id}/bid", headers=self.headers, json=body)

    async def bid_raw(self, auction_id: str, content: bytes) -> httpx.Response:
        headers = {**self.headers, "content-type": "application/json"}
        return await self.http.post(f"/auctions/{auction_id}/bid", headers=headers, content=content)

    async def get(self, auction_id: str, tail: str, **params: Any) -> httpx.Response:
        path = f"/auctions/{auction_id}/{tail}"
        return await self.http.get(path, headers=self.headers, params=params)

    async def status(self, auction_id: str) -> httpx.Response:
        return await self.get(auction_id, "status")

    async def leave(self, experience_id: str) -> httpx.Response:
        return await self.http.delete(f"/experiences/{experience_id}/leave", headers=self.headers)

    async def sequence(self, experience_id: str) -> dict[str, Any]:
        return (await self.guest.journey(experience_id))["sequence"]


@dataclass
class AuctionVenue:
    service: VenueService
    store: VenueStore
    clock: FakeClock
    http: httpx.AsyncClient

    @property
    def key(self) -> dict[str, str]:
        return {"X-Publishable-Key": self.service.organization.publishable_key}

    @property
    def server(self) -> ServerClient:
        return ServerClient(self.http, self.service.organization.secret_key)

    def auction(self, **fields: Any) -> AuctionSetup:
        return make_auction(self.service, **fields)

    async def bidder(self, setup: AuctionSetup | None = None) -> Bidder:
        guest = await GuestClient.sign_in(self.http, self.service.organization.publishable_key)
        bidder = Bidder(guest)
        if setup is not None:
            assert (await bidder.route(setup.experience_id)).json()["outcome"] == "routed"
        return bidder


@pytest.fixture
def auctions(
    service: VenueService, store: SqliteStore, clock: FakeClock, venue_http: httpx.AsyncClient
) -> AuctionVenue:
    return AuctionVenue(service, store, clock, venue_http)


# ---- bidding: refusals change nothing ------------------------------------------------------


async def test_a_bid_below_the_minimum_is_refused_with_the_minimum(auctions: AuctionVenue) -> None:
    setup = auctions.auction()
    ann, bob = await auctions.bidder(setup), await auctions.bidder(setup)
    assert (await ann.bid(setup.auction_id, "100.00")).status_code == 200
    before = snapshot(auctions.store)

    response = await bob.bid(setup.auction_id, "104.99")

    assert response.status_code == 409
    assert response.json() == {
        "code": "BID_TOO_LOW",
        "message": "Bid at least 105.00 USD.",
        "details": {"minBid": "105.00", "currentHighest": "100.00"},
    }
    assert snapshot(auctions.store) == before
    status = (await bob.status(setup.auction_id)).json()
    assert status == {"status": "NOT_BID", "bidCount": 0, "winningBidAmount": "100.00"}


async def test_bids_after_the_close_are_refused(auctions: AuctionVenue) -> None:
    setup = auctions.auction()
    ann = await auctions.bidder(setup)
    auctions.clock.advance(15 * 60)
    before = snapshot(auctions.store)
    response = await ann.bid(setup.auction_id, "500.00")
    assert response.status_code == 409
    assert response.json()["code"] == "AUCTION_CLOSED"
    assert snapshot(auctions.store) == before


async def test_bids_before_opening_get_423_with_retry_after(auctions: AuctionVenue) -> None:
    setup = auctions.auction(open_at=auctions.clock.now() + timedelta(seconds=90))
    ann = await auctions.bidder(setup)
    before = snapshot(auctions.store)
    response = await ann.bid(setup.auction_id, "100.00")
    assert response.status_code == 423
    assert response.headers["Retry-After"] == "90"
    assert response.json()["code"] == "AUCTION_NOT_STARTED"
    entered = await ann.enter(setup.auction_id)
    assert (entered.status_code, entered.headers["Retry-After"]) == (423, "90")
    assert snapshot(auctions.store) == before


@pytest.mark.parametrize(
    "body",
    [
        {"amount": "NaN"},
        {"amount": "-5.00"},
        {"amount": "100.001"},  # finer than a cent
        {"amount": "100.000000001"},  # more decimals than money ever has
        {"amount": "0"},
        {"amount": "0.00"},
        {"amount": "1e3"},
        {"amount": " 100"},
        {"amount": ""},
        {"amount": 150.5},  # a JSON number: not exact, refused
        {"amount": True},
        {"amount": None},
        {"amount": "1234567890123.00"},  # more than twelve digits
        {},
        {"amount": "150.00", "consumerId": "someone-else"},  # no bidding on another's behalf
        {"amount": "150.00", "bidder": "someone-else"},
    ],
    ids=repr,
)
async def test_malformed_amounts_are_a_validation_error(
    auctions: AuctionVenue, body: dict[str, Any]
) -> None:
    setup = auctions.auction()
    ann = await auctions.bidder(setup)
    before = snapshot(auctions.store)
    response = await ann.bid(setup.auction_id, body)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "validation_error"
    assert response.json()["issues"]
    assert snapshot(auctions.store) == before


@pytest.mark.parametrize("content", [b'{"amount": "100', b"[]", b'"100.00"', b"", b"null"])
async def test_bodies_that_are_not_a_json_object_are_refused(
    auctions: AuctionVenue, content: bytes
) -> None:
    setup = auctions.auction()
    ann = await auctions.bidder(setup)
    before = snapshot(auctions.store)
    response = await ann.bid_raw(setup.auction_id, content)
    assert response.status_code == 400
    assert snapshot(auctions.store) == before


async def test_a_bid_is_always_the_signed_in_consumers_own(auctions: AuctionVenue) -> None:
    setup = auctions.auction()
    ann, bob = await auctions.bidder(setup), await auctions.bidder(setup)
    await ann.bid(setup.auction_id, "100.00")
    await bob.bid(setup.auction_id, "105.00")
    engine = auctions.service.distributions.get(setup.auction_id, "auction")
    assert [b.consumer_id for b in engine.bids] == [ann.consumer_id, bob.consumer_id]
    # Each sees their own consumer id and nobody else's.
    for me, other in ((ann, bob), (bob, ann)):
        rows = (await me.get(setup.auction_id, "bids", organizationId=_org(auctions))).json()
        assert me.consumer_id in str(rows)
        assert other.consumer_id not in str(rows)
        assert {row["bidderHandle"] for row in rows} == {"Bidder 1", "Bidder 2"}
    # Without a valid token nobody bids at all.
    anonymous = await auctions.http.post(
        f"/auctions/{setup.auction_id}/bid", headers=auctions.key, json={"amount": "500.00"}
    )
    assert anonymous.status_code == 401
    forged = await auctions.http.post(
        f"/auctions/{setup.auction_id}/bid",
        headers={**auctions.key, "Authorization": f"Bearer {ann.guest.access_token[:-4]}AAAA"},
        json={"amount": "500.00"},
    )
    assert forged.status_code == 401
    assert len(engine.bids) == 2


async def test_a_protected_auction_needs_routing_with_its_code(auctions: AuctionVenue) -> None:
    setup = auctions.auction(access_code="VIP")
    ann = await auctions.bidder()
    before = snapshot(auctions.store)
    response = await ann.bid(setup.auction_id, "100.00")
    assert response.status_code == 403
    assert snapshot(auctions.store) == before
    assert (await ann.route(setup.experience_id, "vip")).json()["outcome"] == "routed"
    assert (await ann.bid(setup.auction_id, "100.00")).status_code == 200


async def test_unknown_auctions_and_other_distributions_are_404(auctions: AuctionVenue) -> None:
    queue = make_queue(auctions.service)
    ann = await auctions.bidder()
    for auction_id in (str(uuid.uuid4()), queue.queue_id):
        assert (await ann.bid(auction_id, "100.00")).status_code == 404
        assert (await ann.enter(auction_id)).status_code == 404
        assert (await ann.status(auction_id)).status_code == 404
        response = await auctions.http.get(f"/auctions/{auction_id}", headers=auctions.key)
        assert response.status_code == 404


# ---- entering ------------------------------------------------------------------------------


async def test_entering_twice_is_harmless_and_does_not_bid(auctions: AuctionVenue) -> None:
    setup = auctions.auction()
    ann = await auctions.bidder(setup)
    assert (await ann.enter(setup.auction_id)).json() == {"success": True}
    before = snapshot(auctions.store)
    assert (await ann.enter(setup.auction_id)).json() == {"success": True}
    assert snapshot(auctions.store) == before
    sequence = await ann.sequence(setup.experience_id)
    assert (sequence["phase"], sequence["consumer"]["status"]) == ("enterable", "not_bid")


async def test_a_dutch_buyer_may_not_buy_or_enter_again(auctions: AuctionVenue) -> None:
    setup = auctions.auction(**dutch_fields())
    ann = await auctions.bidder(setup)
    assert (await ann.bid(setup.auction_id, "400.00")).json()["status"] == "WINNING"
    before = snapshot(auctions.store)
    for response in (await ann.enter(setup.auction_id), await ann.bid(setup.auction_id, "400.00")):
        assert response.status_code == 409
        assert response.json()["code"] == "DISTRIBUTION_ORDER_LIMIT"
    assert snapshot(auctions.store) == before


# ---- leaving -------------------------------------------------------------------------------


async def test_an_outbid_bidder_may_leave_and_not_come_back(auctions: AuctionVenue) -> None:
    setup = auctions.auction()
    ann, bob = await auctions.bidder(setup), await auctions.bidder(setup)
    await ann.bid(setup.auction_id, "100.00")
    await bob.bid(setup.auction_id, "105.00")

    response = await ann.leave(setup.experience_id)

    assert response.json() == {"left": True}
    sequence = await ann.sequence(setup.experience_id)
    assert (sequence["phase"], sequence["outcome"]["type"]) == ("ended", "left")
    assert (await ann.leave(setup.experience_id)).json() == {"left": True}
    again = await ann.bid(setup.auction_id, "500.00")
    assert (again.status_code, again.json()["code"]) == (409, "ALREADY_LEFT")


async def test_the_highest_bidder_cannot_leave(auctions: AuctionVenue) -> None:
    setup = auctions.auction()
    ann = await auctions.bidder(setup)
    await ann.bid(setup.auction_id, "100.00")
    before = snapshot(auctions.store)
    response = await ann.leave(setup.experience_id)
    assert (response.status_code, response.json()["code"]) == (409, "HIGHEST_BIDDER_CANNOT_LEAVE")
    assert snapshot(auctions.store) == before


async def test_leaving_answers_false_when_there_was_nothing_to_leave(
    auctions: AuctionVenue,
) -> None:
    setup = auctions.auction()
    ann = await auctions.bidder(setup)
    assert (await ann.leave(setup.experience_id)).json() == {"left": False}


async def test_leaving_an_experience_leaves_whatever_it_routed_to(auctions: AuctionVenue) -> None:
    """The same path leaves a queue as it leaves an auction (it used to refuse 409)."""
    queue = make_queue(auctions.service)
    ann = await auctions.bidder()
    assert (await ann.leave(queue.experience_id)).status_code == 404  # not routed yet
    await ann.route(queue.experience_id)
    assert (await ann.leave(queue.experience_id)).json() == {"left": False}  # not in line
    await ann.http.post(f"/queues/{queue.queue_id}/enter", headers=ann.headers)
    response = await ann.leave(queue.experience_id)
    assert response.json() == {"left": True}
    status = await ann.http.get(f"/queues/{queue.queue_id}/status", headers=ann.headers)
    assert status.json()["status"] == "LEFT"
    assert (await ann.leave(str(uuid.uuid4()))).status_code == 404


# ---- reads ---------------------------------------------------------------------------------


async def test_the_bid_lists_are_newest_first_and_limited(auctions: AuctionVenue) -> None:
    setup = auctions.auction()
    ann, bob = await auctions.bidder(setup), await auctions.bidder(setup)
    for who, amount in ((ann, "100.00"), (bob, "110.00"), (ann, "120.00"), (bob, "130.00")):
        assert (await who.bid(setup.auction_id, amount)).status_code == 200
    org = _org(auctions)
    rows = (await ann.get(setup.auction_id, "bids", organizationId=org, limit="3")).json()
    assert [(r["amount"], r["isHighest"]) for r in rows] == [
        ("130.00", True),
        ("120.00", False),
        ("110.00", False),
    ]
    history = (await ann.get(setup.auction_id, "bids/history")).json()
    assert [r["amount"] for r in history] == ["120.00", "100.00"]
    assert all(r["consumerId"] == ann.consumer_id for r in history)
    highest = await ann.get(setup.auction_id, "highest-bid")
    assert highest.json() == {"amount": "130.00"}
    price = await ann.get(setup.auction_id, "current-price")
    assert price.json() == {"currentPrice": "130.00", "remainingQuantity": 1, "auctionEnded": False}


@pytest.mark.parametrize(
    ("params", "status"),
    [({}, 400), ({"limit": "0"}, 400), ({"limit": "abc"}, 400), ({"limit": "501"}, 400)],
)
async def test_bad_bid_list_queries_are_refused(
    auctions: AuctionVenue, params: dict[str, str], status: int
) -> None:
    setup = auctions.auction()
    ann = await auctions.bidder(setup)
    query = {"organizationId": _org(auctions), **params} if params else {}
    assert (await ann.get(setup.auction_id, "bids", **query)).status_code == status
    assert (await ann.get(setup.auction_id, "bids", organizationId="other")).status_code == 404


async def test_no_highest_bid_before_the_first_bid(auctions: AuctionVenue) -> None:
    setup = auctions.auction()
    ann = await auctions.bidder(setup)
    response = await ann.get(setup.auction_id, "highest-bid")
    assert response.status_code == 404
    assert "No bids" in response.json()["message"]


async def test_the_dutch_price_is_published_as_it_falls(auctions: AuctionVenue) -> None:
    setup = auctions.auction(**dutch_fields())
    ann = await auctions.bidder(setup)
    auctions.clock.advance(95)
    price = (await ann.get(setup.auction_id, "current-price")).json()
    assert price == {"currentPrice": "370.00", "remainingQuantity": 2, "auctionEnded": False}
    details = (await ann.sequence(setup.experience_id))["distribution"]["details"]
    assert details["currentPrice"] == "370.00"
    assert details["nextPriceDropAt"] == "2026-11-27T12:02:00Z"
    public = await auctions.http.get(f"/auctions/{setup.auction_id}", headers=auctions.key)
    assert public.json()["priceDropAmount"] == "10.00"
    assert public.json()["quantity"] == 2


# ---- the operator API ----------------------------------------------------------------------


async def _operator_setup(auctions: AuctionVenue) -> str:
    experience = auctions.service.create_experience(ExperienceCreate(name="Op"))
    sequence = auctions.service.create_sequence(
        SequenceCreate(experience_id=experience.id, name="General")
    )
    return sequence.id


def _times(auctions: AuctionVenue) -> dict[str, str]:
    now = auctions.clock.now()
    return {
        "openAt": now.isoformat(),
        "closeAt": (now + timedelta(minutes=15)).isoformat(),
        "settleAt": (now + timedelta(minutes=16)).isoformat(),
    }


async def test_the_operator_creates_reads_updates_and_settles(auctions: AuctionVenue) -> None:
    sequence_id = await _operator_setup(auctions)
    server = auctions.server
    body = {
        "sequenceId": sequence_id,
        "name": "Lot 7",
        **_times(auctions),
        "startPrice": "100.00",
        "minBidIncrement": "5.00",
        "reservePrice": "150.00",
        "autoExtendSeconds": 30,
    }
    created = await server.operator("POST", "/auctions", body)
    assert created.status_code == 200, created.text
    auction = created.json()
    assert (auction["auctionType"], auction["currencyCode"], auction["lifecycle"]) == (
        "english",
        "USD",
        "open",
    )
    auction_id = auction["id"]
    again = await server.operator("POST", "/auctions", body)
    assert (again.status_code, again.json()["code"]) == (409, "SEQUENCE_HAS_DISTRIBUTION")

    experience_id = auctions.service.catalog.sequence(sequence_id).experience_id
    ann = await auctions.bidder(AuctionSetup(experience_id, sequence_id, auction_id))
    await ann.bid(auction_id, "150.00")
    changed = await server.operator("PUT", f"/auctions/{auction_id}", {"startPrice": "1.00"})
    assert (changed.status_code, changed.json()["code"]) == (409, "AUCTION_HAS_BIDS")
    renamed = await server.operator("PUT", f"/auctions/{auction_id}", {"name": "Lot 7b"})
    assert renamed.json()["name"] == "Lot 7b"

    settled = await server.operator("POST", f"/auctions/{auction_id}/settle")
    assert settled.status_code == 200
    assert settled.json()["lifecycle"] == "closed"
    assert [w["consumerId"] for w in settled.json()["winners"]] == [ann.consumer_id]
    assert (await ann.status(auction_id)).json()["status"] == "WON"
    twice = await server.operator("POST", f"/auctions/{auction_id}/settle")
    assert (twice.status_code, twice.json()["code"]) == (409, "AUCTION_SETTLED")

    listed = (await server.operator("GET", "/auctions")).json()["data"]
    assert [a["id"] for a in listed] == [auction_id]
    one = (await server.operator("GET", f"/auctions/{auction_id}")).json()
    assert one["reserveMet"] is True
    audit = (await server.operator("GET", f"/auctions/{auction_id}/bids")).json()
    assert audit[0]["consumerId"] == ann.consumer_id


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"startPrice": 100.5}, "startPrice"),  # a float: money is a decimal string
        ({"startPrice": "100.001"}, "startPrice"),
        ({"auctionType": "dutch", "startPrice": "400.00"}, "minBidIncrement"),
        ({"quantity": 3}, "quantity"),
        ({"closeAt": "2030-01-01T00:00:00+00:00"}, "settleAt"),
        ({"settleAt": "2026-11-27T12:20:00"}, "settleAt"),  # no time zone
        ({"unknownField": 1}, "unknownField"),
    ],
)
async def test_the_operator_gets_clear_errors_for_bad_settings(
    auctions: AuctionVenue, extra: dict[str, Any], field: str
) -> None:
    sequence_id = await _operator_setup(auctions)
    body = {
        "sequenceId": sequence_id,
        "name": "Lot",
        **_times(auctions),
        "startPrice": "100.00",
        "minBidIncrement": "5.00",
        **extra,
    }
    before = snapshot(auctions.store)
    response = await auctions.server.operator("POST", "/auctions", body)
    assert response.status_code == 400, response.text
    keys = [segment["key"] for issue in response.json()["issues"] for segment in issue["path"]]
    assert field in keys
    assert snapshot(auctions.store) == before


async def test_the_operator_api_needs_the_secret_key(auctions: AuctionVenue) -> None:
    setup = auctions.auction()
    no_key = await auctions.http.get(f"/operator/auctions/{setup.auction_id}")
    assert no_key.status_code == 401
    publishable = await auctions.http.post(
        f"/operator/auctions/{setup.auction_id}/settle",
        headers={"Authorization": f"Bearer {auctions.service.organization.publishable_key}"},
    )
    assert publishable.status_code == 403
    unknown = await auctions.server.operator("GET", f"/auctions/{uuid.uuid4()}")
    assert (unknown.status_code, unknown.json()["error"]) == (404, "not_found")
    assert "No auction" in unknown.json()["message"]


# ---- durability ----------------------------------------------------------------------------


async def test_a_failing_disk_refuses_a_bid_with_503_and_loses_nothing(
    tmp_path: Path, clock: FakeClock
) -> None:
    disk = FakeFailingStore(SqliteStore(tmp_path / "venue.sqlite3"))
    service = VenueService(disk, clock)
    setup = make_auction(service, auto_extend_seconds=30)
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        key = service.organization.publishable_key
        ann = Bidder(await GuestClient.sign_in(http, key))
        await ann.route(setup.experience_id)
        await ann.bid(setup.auction_id, "100.00")
        clock.advance(15 * 60 - 10)  # a late bid would extend the close
        before = snapshot(disk)
        seen = await ann.status(setup.auction_id)

        disk.failing = True
        response = await ann.bid(setup.auction_id, "105.00")
        disk.failing = False

        assert response.status_code == 503
        assert snapshot(disk) == before
        assert (await ann.status(setup.auction_id)).json() == seen.json()
        engine = service.distributions.get(setup.auction_id, "auction")
        assert engine.closes_at() == engine.config.close_at  # not extended
        assert [b.amount for b in engine.bids] == [Decimal("100.00")]
    disk.close()


async def test_a_restart_finds_every_bid_and_the_extended_close(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "venue.sqlite3"
    store = SqliteStore(path)
    service = VenueService(store, clock)
    setup = make_auction(service, auto_extend_seconds=30)
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        key = service.organization.publishable_key
        ann = Bidder(await GuestClient.sign_in(http, key))
        bob = Bidder(await GuestClient.sign_in(http, key))
        for bidder in (ann, bob):
            await bidder.route(setup.experience_id)
        await ann.bid(setup.auction_id, "100.00")
        clock.advance(15 * 60 - 5)
        await bob.bid(setup.auction_id, "105.00")
    before = service.distributions.get(setup.auction_id, "auction").describe(clock.now())
    store.close()

    reopened = SqliteStore(path)
    restarted = VenueService(reopened, clock)
    after = restarted.distributions.get(setup.auction_id, "auction").describe(clock.now())
    assert after == before
    assert after["effectiveCloseAt"] == "2026-11-27T12:15:25Z"
    reopened.close()


def _org(auctions: AuctionVenue) -> str:
    return auctions.service.organization.id


async def test_the_operator_cannot_clear_a_required_setting(auctions: AuctionVenue) -> None:
    setup = auctions.auction()
    before = snapshot(auctions.store)
    response = await auctions.server.operator(
        "PUT", f"/auctions/{setup.auction_id}", {"settleAt": None}
    )
    assert response.status_code == 400
    assert response.json()["issues"][0]["path"][0]["key"] == "settleAt"
    missing = await auctions.server.operator("PUT", f"/auctions/{uuid.uuid4()}", {"name": "x"})
    assert missing.status_code == 404
    assert snapshot(auctions.store) == before


async def test_a_members_only_auction_refuses_guests(auctions: AuctionVenue) -> None:
    setup = auctions.auction(supports_guest=False)
    ann = await auctions.bidder()
    routed = (await ann.route(setup.experience_id)).json()
    assert routed["outcome"] == "gated"  # sign in first: guests are not admitted
    before = snapshot(auctions.store)
    response = await ann.bid(setup.auction_id, "100.00")
    assert response.status_code == 403
    assert snapshot(auctions.store) == before


async def test_openapi_documents_every_operator_auction_path(auctions: AuctionVenue) -> None:
    document = (await auctions.http.get("/openapi.json")).json()
    served = {
        (route.path, method.lower())
        for route in AuctionApi(auctions.service).routes()
        if route.path.startswith("/operator/")
        for method in route.methods or ()
        if method != "HEAD"
    }
    assert len(served) == 6
    for path, method in served:
        operation = document["paths"][path][method]
        assert operation["security"] == [{"SecretKey": []}], path
