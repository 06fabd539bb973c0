"""Every auction path the venue server implements, in every status it answers with, validated
against Fanfare's published OpenAPI file (and `GET /consumers/me` in every auction phase).

Same method as `test_consumer_contract.py`, on `harness.py`'s table: each
`@CASES.case(path, method, status)` drives the server into that answer with real requests over
ASGITransport, checks what the customer would see, and the body is validated with jsonschema
against the spec's schema for that path, method and status.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.contract.harness import (
    ME,
    OVERSIZED,
    SPEC,
    WRONG_KEY,
    Case,
    CaseTable,
    assert_sequence,
    assert_valid,
    response_schema,
    sequence_branch,
)
from tests.venue.test_auction_api import (
    AuctionSetup,
    AuctionVenue,
    Bidder,
    dutch_fields,
)

AUCTION = "/auctions/{auctionId}"
ENTER = "/auctions/{auctionId}/enter"
BID = "/auctions/{auctionId}/bid"
STATUS = "/auctions/{auctionId}/status"
PRICE = "/auctions/{auctionId}/current-price"
HIGHEST = "/auctions/{auctionId}/highest-bid"
BIDS = "/auctions/{auctionId}/bids"
HISTORY = "/auctions/{auctionId}/bids/history"
LEAVE = "/experiences/{experienceId}/leave"

IMPLEMENTED: dict[tuple[str, str], set[int]] = {
    (AUCTION, "get"): {200, 401, 403, 404},
    (ENTER, "post"): {200, 401, 403, 404, 409, 413, 423},
    (BID, "post"): {200, 400, 401, 403, 404, 409, 413, 423},
    (STATUS, "get"): {200, 401, 403, 404},
    (PRICE, "get"): {200, 401, 403, 404},
    (HIGHEST, "get"): {200, 401, 403, 404},
    (BIDS, "get"): {200, 400, 401, 403, 404},
    (HISTORY, "get"): {200, 400, 401, 403, 404},
    (LEAVE, "delete"): {200, 401, 403, 404, 409, 413},
    (ME, "get"): {200},
}


@pytest.fixture
def venue(service: Any, store: Any, clock: Any, venue_http: httpx.AsyncClient) -> AuctionVenue:
    return AuctionVenue(service, store, clock, venue_http)


CASES: CaseTable[AuctionVenue] = CaseTable(IMPLEMENTED)


async def _bidding(venue: AuctionVenue, **fields: Any) -> tuple[AuctionSetup, Bidder]:
    setup = venue.auction(**fields)
    return setup, await venue.bidder(setup)


async def _settled(venue: AuctionVenue, **fields: Any) -> tuple[AuctionSetup, Bidder, Bidder]:
    """Ann bid 100.00, Bob 105.00, and the auction has settled (Bob won, unless reserved)."""
    setup, ann = await _bidding(venue, **fields)
    bob = await venue.bidder(setup)
    await ann.bid(setup.auction_id, "100.00")
    await bob.bid(setup.auction_id, "105.00")
    venue.clock.advance(16 * 60)
    venue.service.tick()  # the background ticker's job: settle now
    return setup, ann, bob


def _no_key(bidder: Bidder) -> dict[str, str]:
    return {"Authorization": bidder.headers["Authorization"]}


def _wrong_key(bidder: Bidder) -> dict[str, str]:
    return {**bidder.headers, "X-Publishable-Key": WRONG_KEY}


# ---- GET /auctions/{auctionId} -------------------------------------------------------------


@CASES.case(AUCTION, "get", 200)
async def auction_english_is_described(venue: AuctionVenue) -> httpx.Response:
    setup = venue.auction(reserve_price="150.00", auto_extend_seconds=30)
    response = await venue.http.get(f"/auctions/{setup.auction_id}", headers=venue.key)
    body = response.json()
    assert (body["auctionType"], body["minBidIncrement"], body["reservePrice"]) == (
        "english",
        "5.00",
        "150.00",
    )
    return response


@CASES.case(AUCTION, "get", 200)
async def auction_dutch_is_described(venue: AuctionVenue) -> httpx.Response:
    setup = venue.auction(**dutch_fields())
    response = await venue.http.get(f"/auctions/{setup.auction_id}", headers=venue.key)
    assert response.json()["floorPrice"] == "200.00"
    return response


@CASES.case(AUCTION, "get", 200)
async def auction_settled_is_ended(venue: AuctionVenue) -> httpx.Response:
    setup, _, _ = await _settled(venue)
    response = await venue.http.get(f"/auctions/{setup.auction_id}", headers=venue.key)
    assert response.json()["statusOverride"] == "ended"
    return response


@CASES.case(AUCTION, "get", 401)
async def auction_without_key(venue: AuctionVenue) -> httpx.Response:
    return await venue.http.get(f"/auctions/{venue.auction().auction_id}")


@CASES.case(AUCTION, "get", 403)
async def auction_with_wrong_key(venue: AuctionVenue) -> httpx.Response:
    path = f"/auctions/{venue.auction().auction_id}"
    return await venue.http.get(path, headers={"X-Publishable-Key": WRONG_KEY})


@CASES.case(AUCTION, "get", 404)
async def auction_unknown(venue: AuctionVenue) -> httpx.Response:
    return await venue.http.get(f"/auctions/{uuid.uuid4()}", headers=venue.key)


# ---- POST /auctions/{auctionId}/enter ------------------------------------------------------


@CASES.case(ENTER, "post", 200)
async def enter_registers(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    response = await ann.enter(setup.auction_id)
    assert response.json() == {"success": True}
    return response


@CASES.case(ENTER, "post", 401)
async def enter_without_bearer(venue: AuctionVenue) -> httpx.Response:
    setup = venue.auction()
    return await venue.http.post(f"/auctions/{setup.auction_id}/enter", headers=venue.key)


@CASES.case(ENTER, "post", 403)
async def enter_with_wrong_key(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    return await venue.http.post(f"/auctions/{setup.auction_id}/enter", headers=_wrong_key(ann))


@CASES.case(ENTER, "post", 403)
async def enter_protected_without_the_code(venue: AuctionVenue) -> httpx.Response:
    setup = venue.auction(access_code="VIP")
    return await (await venue.bidder()).enter(setup.auction_id)


@CASES.case(ENTER, "post", 404)
async def enter_unknown(venue: AuctionVenue) -> httpx.Response:
    return await (await venue.bidder()).enter(str(uuid.uuid4()))


@CASES.case(ENTER, "post", 409)
async def enter_after_the_close(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    venue.clock.advance(15 * 60)
    response = await ann.enter(setup.auction_id)
    assert response.json()["code"] == "AUCTION_CLOSED"
    return response


@CASES.case(ENTER, "post", 409)
async def enter_after_buying_in_a_dutch_auction(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue, **dutch_fields())
    await ann.bid(setup.auction_id, "400.00")
    response = await ann.enter(setup.auction_id)
    assert response.json()["code"] == "DISTRIBUTION_ORDER_LIMIT"
    return response


@CASES.case(ENTER, "post", 413)
async def enter_with_oversized_body(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    path = f"/auctions/{setup.auction_id}/enter"
    return await venue.http.post(path, headers=ann.headers, content=OVERSIZED)


@CASES.case(ENTER, "post", 423)
async def enter_before_opening(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue, open_at=venue.clock.now() + timedelta(minutes=2))
    response = await ann.enter(setup.auction_id)
    assert response.headers["Retry-After"] == "120"
    return response


# ---- POST /auctions/{auctionId}/bid --------------------------------------------------------


@CASES.case(BID, "post", 200)
async def bid_leading_below_the_reserve(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue, reserve_price="150.00")
    response = await ann.bid(setup.auction_id, "100.00")
    assert response.json() == {
        "status": "BIDDING",
        "bidCount": 1,
        "lastBidAmount": "100.00",
        "winningBidAmount": "100.00",
    }
    return response


@CASES.case(BID, "post", 200)
async def bid_winning(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    response = await ann.bid(setup.auction_id, "120.00")
    assert response.json()["status"] == "WINNING"
    return response


@CASES.case(BID, "post", 200)
async def bid_buys_in_a_dutch_auction(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue, **dutch_fields())
    response = await ann.bid(setup.auction_id, "450.00")
    assert response.json()["lastBidAmount"] == "400.00"
    return response


@CASES.case(BID, "post", 200)
async def accept_a_dutch_price_without_an_amount(venue: AuctionVenue) -> httpx.Response:
    """The spec marks `amount` optional: a Dutch accept takes the live price."""
    setup, ann = await _bidding(venue, **dutch_fields())
    venue.clock.advance(30)  # one price drop
    path = f"/auctions/{setup.auction_id}/bid"
    response = await venue.http.post(path, headers=ann.guest.headers, json={})
    assert response.json()["lastBidAmount"] == "390.00"
    return response


@CASES.case(BID, "post", 400)
async def bid_without_an_amount_in_an_english_auction(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    path = f"/auctions/{setup.auction_id}/bid"
    response = await venue.http.post(path, headers=ann.guest.headers, json={})
    assert response.json()["issues"][0]["path"][0]["key"] == "amount"
    return response


@CASES.case(BID, "post", 400)
async def bid_with_a_float(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    return await ann.bid(setup.auction_id, 150.5)


@CASES.case(BID, "post", 400)
async def bid_with_nan(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    return await ann.bid(setup.auction_id, "NaN")


@CASES.case(BID, "post", 400)
async def bid_finer_than_a_cent(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    response = await ann.bid(setup.auction_id, "150.005")
    assert response.json()["issues"][0]["path"][0]["key"] == "amount"
    return response


@CASES.case(BID, "post", 400)
async def bid_for_someone_else(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    return await ann.bid(setup.auction_id, {"amount": "150.00", "consumerId": "another"})


@CASES.case(BID, "post", 401)
async def bid_without_bearer(venue: AuctionVenue) -> httpx.Response:
    setup = venue.auction()
    path = f"/auctions/{setup.auction_id}/bid"
    return await venue.http.post(path, headers=venue.key, json={"amount": "100.00"})


@CASES.case(BID, "post", 401)
async def bid_without_key(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    path = f"/auctions/{setup.auction_id}/bid"
    return await venue.http.post(path, headers=_no_key(ann), json={"amount": "100.00"})


@CASES.case(BID, "post", 403)
async def bid_with_wrong_key(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    path = f"/auctions/{setup.auction_id}/bid"
    return await venue.http.post(path, headers=_wrong_key(ann), json={"amount": "100.00"})


@CASES.case(BID, "post", 404)
async def bid_unknown(venue: AuctionVenue) -> httpx.Response:
    return await (await venue.bidder()).bid(str(uuid.uuid4()), "100.00")


@CASES.case(BID, "post", 409)
async def bid_too_low(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    response = await ann.bid(setup.auction_id, "99.99")
    assert response.json()["details"] == {"minBid": "100.00", "currentHighest": None}
    return response


@CASES.case(BID, "post", 409)
async def bid_after_the_close(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    venue.clock.advance(15 * 60)
    return await ann.bid(setup.auction_id, "100.00")


@CASES.case(BID, "post", 409)
async def bid_after_leaving(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    bob = await venue.bidder(setup)
    await ann.bid(setup.auction_id, "100.00")
    await bob.bid(setup.auction_id, "105.00")
    await ann.leave(setup.experience_id)
    response = await ann.bid(setup.auction_id, "200.00")
    assert response.json()["code"] == "ALREADY_LEFT"
    return response


@CASES.case(BID, "post", 413)
async def bid_with_oversized_body(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    return await ann.bid_raw(setup.auction_id, b'{"amount": "' + OVERSIZED + b'"}')


@CASES.case(BID, "post", 423)
async def bid_before_opening(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue, open_at=venue.clock.now() + timedelta(minutes=2))
    return await ann.bid(setup.auction_id, "100.00")


# ---- GET /auctions/{auctionId}/status ------------------------------------------------------


@CASES.case(STATUS, "get", 200)
async def status_not_bid(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    response = await ann.status(setup.auction_id)
    assert response.json() == {"status": "NOT_BID", "bidCount": 0}
    return response


@CASES.case(STATUS, "get", 200)
async def status_outbid(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    bob = await venue.bidder(setup)
    await ann.bid(setup.auction_id, "100.00")
    await bob.bid(setup.auction_id, "105.00")
    response = await ann.status(setup.auction_id)
    assert response.json()["status"] == "OUTBID"
    return response


@CASES.case(STATUS, "get", 200)
async def status_won_with_the_grant(venue: AuctionVenue) -> httpx.Response:
    setup, _, bob = await _settled(venue)
    response = await bob.status(setup.auction_id)
    assert response.json()["status"] == "WON"
    assert response.json()["admissionGrant"]
    return response


@CASES.case(STATUS, "get", 200)
async def status_lost(venue: AuctionVenue) -> httpx.Response:
    setup, ann, _ = await _settled(venue)
    response = await ann.status(setup.auction_id)
    assert response.json()["status"] == "LOST"
    return response


@CASES.case(STATUS, "get", 200)
async def status_lost_below_the_reserve(venue: AuctionVenue) -> httpx.Response:
    setup, _, bob = await _settled(venue, reserve_price="500.00")
    response = await bob.status(setup.auction_id)
    assert response.json() == {"status": "LOST", "bidCount": 1, "lastBidAmount": "105.00"}
    return response


@CASES.case(STATUS, "get", 401)
async def status_without_bearer(venue: AuctionVenue) -> httpx.Response:
    setup = venue.auction()
    return await venue.http.get(f"/auctions/{setup.auction_id}/status", headers=venue.key)


@CASES.case(STATUS, "get", 403)
async def status_with_wrong_key(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    path = f"/auctions/{setup.auction_id}/status"
    return await venue.http.get(path, headers=_wrong_key(ann))


@CASES.case(STATUS, "get", 404)
async def status_unknown(venue: AuctionVenue) -> httpx.Response:
    return await (await venue.bidder()).status(str(uuid.uuid4()))


# ---- GET /auctions/{auctionId}/current-price and /highest-bid ------------------------------


@CASES.case(PRICE, "get", 200)
async def price_english(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    return await ann.get(setup.auction_id, "current-price")


@CASES.case(PRICE, "get", 200)
async def price_dutch_falling(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue, **dutch_fields())
    venue.clock.advance(61)
    response = await ann.get(setup.auction_id, "current-price")
    assert response.json()["currentPrice"] == "380.00"
    return response


@CASES.case(PRICE, "get", 200)
async def price_after_the_end(venue: AuctionVenue) -> httpx.Response:
    setup, ann, _ = await _settled(venue)
    response = await ann.get(setup.auction_id, "current-price")
    assert response.json() == {
        "currentPrice": "105.00",
        "remainingQuantity": 0,
        "auctionEnded": True,
    }
    return response


@CASES.case(PRICE, "get", 401)
async def price_without_bearer(venue: AuctionVenue) -> httpx.Response:
    setup = venue.auction()
    return await venue.http.get(f"/auctions/{setup.auction_id}/current-price", headers=venue.key)


@CASES.case(PRICE, "get", 403)
async def price_with_wrong_key(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    path = f"/auctions/{setup.auction_id}/current-price"
    return await venue.http.get(path, headers=_wrong_key(ann))


@CASES.case(PRICE, "get", 404)
async def price_unknown(venue: AuctionVenue) -> httpx.Response:
    return await (await venue.bidder()).get(str(uuid.uuid4()), "current-price")


@CASES.case(HIGHEST, "get", 200)
async def highest_bid(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    await ann.bid(setup.auction_id, "100.00")
    return await ann.get(setup.auction_id, "highest-bid")


@CASES.case(HIGHEST, "get", 401)
async def highest_without_bearer(venue: AuctionVenue) -> httpx.Response:
    setup = venue.auction()
    return await venue.http.get(f"/auctions/{setup.auction_id}/highest-bid", headers=venue.key)


@CASES.case(HIGHEST, "get", 403)
async def highest_with_wrong_key(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    path = f"/auctions/{setup.auction_id}/highest-bid"
    return await venue.http.get(path, headers=_wrong_key(ann))


@CASES.case(HIGHEST, "get", 404)
async def highest_before_any_bid(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    response = await ann.get(setup.auction_id, "highest-bid")
    assert response.json()["error"] == "no_bids"  # told apart from an unknown auction
    return response


@CASES.case(HIGHEST, "get", 404)
async def highest_unknown(venue: AuctionVenue) -> httpx.Response:
    return await (await venue.bidder()).get(str(uuid.uuid4()), "highest-bid")


# ---- GET /auctions/{auctionId}/bids and /bids/history --------------------------------------


@CASES.case(BIDS, "get", 200)
async def bids_listed(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    bob = await venue.bidder(setup)
    await ann.bid(setup.auction_id, "100.00")
    await bob.bid(setup.auction_id, "105.00")
    org = venue.service.organization.id
    response = await ann.get(setup.auction_id, "bids", organizationId=org, limit="10")
    assert [row["isHighest"] for row in response.json()] == [True, False]
    return response


@CASES.case(BIDS, "get", 200)
async def bids_none_yet(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    org = venue.service.organization.id
    response = await ann.get(setup.auction_id, "bids", organizationId=org)
    assert response.json() == []
    return response


@CASES.case(BIDS, "get", 400)
async def bids_without_organization(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    return await ann.get(setup.auction_id, "bids")


@CASES.case(BIDS, "get", 400)
async def bids_with_a_bad_limit(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    org = venue.service.organization.id
    return await ann.get(setup.auction_id, "bids", organizationId=org, limit="-1")


@CASES.case(BIDS, "get", 401)
async def bids_without_bearer(venue: AuctionVenue) -> httpx.Response:
    setup = venue.auction()
    params = {"organizationId": venue.service.organization.id}
    path = f"/auctions/{setup.auction_id}/bids"
    return await venue.http.get(path, headers=venue.key, params=params)


@CASES.case(BIDS, "get", 403)
async def bids_with_wrong_key(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    params = {"organizationId": venue.service.organization.id}
    path = f"/auctions/{setup.auction_id}/bids"
    return await venue.http.get(path, headers=_wrong_key(ann), params=params)


@CASES.case(BIDS, "get", 404)
async def bids_of_another_organization(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    return await ann.get(setup.auction_id, "bids", organizationId=str(uuid.uuid4()))


@CASES.case(HISTORY, "get", 200)
async def history_of_my_bids(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    await ann.bid(setup.auction_id, "100.00")
    await ann.bid(setup.auction_id, "110.00")
    response = await ann.get(setup.auction_id, "bids/history", limit="1")
    assert [row["amount"] for row in response.json()] == ["110.00"]
    return response


@CASES.case(HISTORY, "get", 400)
async def history_with_a_bad_limit(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    return await ann.get(setup.auction_id, "bids/history", limit="many")


@CASES.case(HISTORY, "get", 401)
async def history_without_bearer(venue: AuctionVenue) -> httpx.Response:
    setup = venue.auction()
    return await venue.http.get(f"/auctions/{setup.auction_id}/bids/history", headers=venue.key)


@CASES.case(HISTORY, "get", 403)
async def history_with_wrong_key(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    path = f"/auctions/{setup.auction_id}/bids/history"
    return await venue.http.get(path, headers=_wrong_key(ann))


@CASES.case(HISTORY, "get", 404)
async def history_unknown(venue: AuctionVenue) -> httpx.Response:
    return await (await venue.bidder()).get(str(uuid.uuid4()), "bids/history")


# ---- DELETE /experiences/{experienceId}/leave ----------------------------------------------


@CASES.case(LEAVE, "delete", 200)
async def leave_when_outbid(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    bob = await venue.bidder(setup)
    await ann.bid(setup.auction_id, "100.00")
    await bob.bid(setup.auction_id, "105.00")
    response = await ann.leave(setup.experience_id)
    assert response.json() == {"left": True}
    return response


@CASES.case(LEAVE, "delete", 200)
async def leave_with_nothing_to_leave(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    response = await ann.leave(setup.experience_id)
    assert response.json() == {"left": False}
    return response


@CASES.case(LEAVE, "delete", 401)
async def leave_without_bearer(venue: AuctionVenue) -> httpx.Response:
    setup = venue.auction()
    return await venue.http.delete(f"/experiences/{setup.experience_id}/leave", headers=venue.key)


@CASES.case(LEAVE, "delete", 403)
async def leave_with_wrong_key(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    path = f"/experiences/{setup.experience_id}/leave"
    return await venue.http.delete(path, headers=_wrong_key(ann))


@CASES.case(LEAVE, "delete", 404)
async def leave_without_having_routed(venue: AuctionVenue) -> httpx.Response:
    setup = venue.auction()
    return await (await venue.bidder()).leave(setup.experience_id)


@CASES.case(LEAVE, "delete", 409)
async def leave_as_the_highest_bidder(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    await ann.bid(setup.auction_id, "100.00")
    return await ann.leave(setup.experience_id)


@CASES.case(LEAVE, "delete", 413)
async def leave_with_oversized_body(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    path = f"/experiences/{setup.experience_id}/leave"
    return await venue.http.request("DELETE", path, headers=ann.headers, content=OVERSIZED)


# ---- GET /consumers/me: every auction phase ------------------------------------------------


async def _me_in(
    bidder: Bidder, setup: AuctionSetup, phase: str, outcome: str | None = None
) -> httpx.Response:
    assert_sequence(await bidder.sequence(setup.experience_id), phase, "auction", outcome)
    return await bidder.guest.me()


@CASES.case(ME, "get", 200)
async def me_scheduled(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue, open_at=venue.clock.now() + timedelta(minutes=5))
    return await _me_in(ann, setup, "scheduled")


@CASES.case(ME, "get", 200)
async def me_enterable(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    return await _me_in(ann, setup, "enterable")


@CASES.case(ME, "get", 200)
async def me_participating(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue, reserve_price="150.00")
    await ann.bid(setup.auction_id, "100.00")
    return await _me_in(ann, setup, "participating")


@CASES.case(ME, "get", 200)
async def me_participating_dutch(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue, **dutch_fields())
    await ann.bid(setup.auction_id, "400.00")
    return await _me_in(ann, setup, "participating")


@CASES.case(ME, "get", 200)
async def me_settling(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    await ann.bid(setup.auction_id, "100.00")
    venue.clock.advance(15 * 60)
    return await _me_in(ann, setup, "settling")


@CASES.case(ME, "get", 200)
async def me_granted(venue: AuctionVenue) -> httpx.Response:
    setup, _, bob = await _settled(venue)
    return await _me_in(bob, setup, "granted")


@CASES.case(ME, "get", 200)
async def me_ended_completed(venue: AuctionVenue) -> httpx.Response:
    setup, _, bob = await _settled(venue)
    token = (await bob.status(setup.auction_id)).json()["admissionGrant"]
    assert (await venue.server.redeem(token)).status_code == 200
    return await _me_in(bob, setup, "ended", "completed")


@CASES.case(ME, "get", 200)
async def me_ended_expired(venue: AuctionVenue) -> httpx.Response:
    setup, _, bob = await _settled(venue)
    venue.clock.advance(601)
    return await _me_in(bob, setup, "ended", "expired")


@CASES.case(ME, "get", 200)
async def me_ended_denied(venue: AuctionVenue) -> httpx.Response:
    setup, _, bob = await _settled(venue)
    token = (await bob.status(setup.auction_id)).json()["admissionGrant"]
    assert (await venue.server.revoke(token)).status_code == 200
    return await _me_in(bob, setup, "ended", "denied")


@CASES.case(ME, "get", 200)
async def me_ended_lost(venue: AuctionVenue) -> httpx.Response:
    setup, ann, _ = await _settled(venue)
    return await _me_in(ann, setup, "ended", "lost")


@CASES.case(ME, "get", 200)
async def me_ended_left(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    bob = await venue.bidder(setup)
    await ann.bid(setup.auction_id, "100.00")
    await bob.bid(setup.auction_id, "105.00")
    await ann.leave(setup.experience_id)
    return await _me_in(ann, setup, "ended", "left")


@CASES.case(ME, "get", 200)
async def me_ended_closed_without_a_bid(venue: AuctionVenue) -> httpx.Response:
    setup, ann = await _bidding(venue)
    venue.clock.advance(15 * 60)
    return await _me_in(ann, setup, "ended", "closed")


# ---- the tests -----------------------------------------------------------------------------


@CASES.parametrize
async def test_response_matches_the_contract(venue: AuctionVenue, case: Case[AuctionVenue]) -> None:
    await case.check(venue)


def test_every_implemented_path_and_status_is_exercised() -> None:
    CASES.assert_every_status_is_exercised()


@pytest.mark.parametrize(("path", "method"), list(IMPLEMENTED), ids=lambda v: str(v))
def test_implemented_paths_are_in_the_spec(path: str, method: str) -> None:
    assert method in SPEC["paths"][path]


def test_every_schema_used_is_a_valid_draft_2020_12_schema() -> None:
    CASES.assert_schemas_are_valid()


@pytest.mark.parametrize(
    ("path", "method", "status", "body"),
    [
        (STATUS, "get", 200, {"status": "WINNING", "lastBidAmount": 150.0}),
        (STATUS, "get", 200, {"status": "LEADING"}),
        (BID, "post", 200, {"status": "WON", "winningBidAmount": "1.5e2"}),
        (PRICE, "get", 200, {"currentPrice": "100.00", "remainingQuantity": 1}),
        (BIDS, "get", 200, [{"amount": "100.00", "timestamp": "t"}]),
        (BID, "post", 409, {"code": "bid too low"}),
        (AUCTION, "get", 200, {"id": "x", "timeZone": "UTC", "currencyCode": "USD"}),
    ],
)
def test_the_checks_reject_what_the_spec_forbids(
    path: str, method: str, status: int, body: Any
) -> None:
    with pytest.raises(AssertionError, match="does not match the spec"):
        assert_valid(body, response_schema(path, method, status), "a forbidden body")


def test_an_auction_sequence_with_a_foreign_consumer_key_is_rejected() -> None:
    sequence = {
        "phase": "participating",
        "mechanism": "auction",
        "distribution": {"type": "auction", "id": "a", "sequenceId": "s", "lifecycle": "open"},
        "consumer": {"status": "winning", "position": 1},
    }
    with pytest.raises(AssertionError, match="does not match the spec"):
        assert_valid(sequence, sequence_branch("participating", "auction"), "a foreign key")
