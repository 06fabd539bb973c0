"""The journey SDK against the real venue app's auctions, in one process over
`httpx.ASGITransport`: what a kiosk customer sees from `start()` to the grant (or the loss)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest

from kiosk.sdk import Fanfare, RoutedView
from kiosk.sdk.errors import ConflictError, NotOpenYetError
from kiosk.sdk.views import (
    EndedSequence,
    EnterableAuction,
    GrantedSequence,
    ParticipatingAuction,
    ScheduledSequence,
    SettlingSequence,
)
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from tests.fakes import FakeClock
from tests.venue.test_auction_api import AuctionSetup, dutch_fields, make_auction

D = Decimal


@pytest.fixture
async def venue_client(service: VenueService) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport) as client:
        yield client


@pytest.fixture
async def connect(
    service: VenueService, venue_client: httpx.AsyncClient, clock: FakeClock
) -> AsyncIterator[Callable[[], Fanfare]]:
    opened: list[Fanfare] = []

    def factory() -> Fanfare:
        fanfare = Fanfare(
            organization_id=service.organization.id,
            publishable_key=service.organization.publishable_key,
            api_url="http://127.0.0.1:4802",
            http_client=venue_client,
            clock=clock,
            random=lambda: 0.5,
        )
        opened.append(fanfare)
        return fanfare

    yield factory
    for fanfare in opened:
        await fanfare.aclose()


async def started(fanfare: Fanfare, setup: AuctionSetup) -> RoutedView:
    view = await fanfare.journeys.get(setup.experience_id).view.start()
    assert isinstance(view, RoutedView)
    return view


async def refreshed(fanfare: Fanfare, setup: AuctionSetup) -> RoutedView:
    view = await fanfare.journeys.get(setup.experience_id).refresh()
    assert isinstance(view, RoutedView)
    return view


async def test_an_english_auction_from_first_bid_to_grant_and_loss(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock
) -> None:
    setup = make_auction(service, reserve_price="150.00")
    ann, bob = connect(), connect()

    view = await started(ann, setup)
    assert isinstance(view.sequence, EnterableAuction)
    assert not hasattr(view.sequence, "leave")  # nothing to leave before the first bid
    view = await view.sequence.bid(D("100.00"))
    assert isinstance(view.sequence, ParticipatingAuction)
    assert view.sequence.display.status == "bidding"  # leading, below the reserve
    assert view.sequence.display.current_bid == D("100.00")
    assert view.sequence.distribution.details["reserveMet"] is False

    bob_view = await started(bob, setup)
    bob_view = await bob_view.sequence.bid(D("150.00"))
    assert bob_view.sequence.display.status == "winning"

    view = await refreshed(ann, setup)
    assert isinstance(view.sequence, ParticipatingAuction)
    assert view.sequence.display.status == "outbid"
    assert view.sequence.display.highest_bid == D("150.00")
    with pytest.raises(ConflictError) as too_low:
        await view.sequence.bid(D("152.00"))
    assert too_low.value.code == "BID_TOO_LOW"
    assert too_low.value.details == {"minBid": "155.00", "currentHighest": "150.00"}

    clock.advance(15 * 60)
    view = await refreshed(ann, setup)
    assert isinstance(view.sequence, SettlingSequence)
    assert view.sequence.display.status == "outbid"

    clock.advance(60)
    bob_view = await refreshed(bob, setup)
    assert isinstance(bob_view.sequence, GrantedSequence)
    grant = bob_view.sequence.claim()
    assert (grant.distribution_type, grant.distribution_id) == ("auction", setup.auction_id)
    assert grant.expires_at == "2026-11-27T12:26:00Z"  # 600 s after settlement
    service.grants.redeem(grant.token, setup.experience_id)  # what the POS bridge does

    view = await refreshed(ann, setup)
    assert isinstance(view.sequence, EndedSequence)
    assert (view.sequence.outcome.type, view.sequence.outcome.reason) == ("lost", "OUTBID")
    bob_view = await refreshed(bob, setup)
    assert isinstance(bob_view.sequence, EndedSequence)
    assert bob_view.sequence.outcome.type == "completed"


async def test_below_the_reserve_everyone_sees_a_loss(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock
) -> None:
    setup = make_auction(service, reserve_price="150.00")
    ann = connect()
    view = await started(ann, setup)
    await view.sequence.bid(D("120.00"))
    clock.advance(16 * 60)
    view = await refreshed(ann, setup)
    assert isinstance(view.sequence, EndedSequence)
    assert (view.sequence.outcome.type, view.sequence.outcome.reason) == (
        "lost",
        "RESERVE_NOT_MET",
    )


async def test_an_outbid_customer_leaves_but_the_leader_cannot(
    connect: Callable[[], Fanfare], service: VenueService
) -> None:
    setup = make_auction(service)
    ann, bob = connect(), connect()
    await (await started(ann, setup)).sequence.bid(D("100.00"))
    bob_view = await (await started(bob, setup)).sequence.bid(D("105.00"))

    with pytest.raises(ConflictError) as leader:
        await bob_view.sequence.leave()
    assert leader.value.code == "HIGHEST_BIDDER_CANNOT_LEAVE"

    view = await refreshed(ann, setup)
    view = await view.sequence.leave()
    assert isinstance(view.sequence, EndedSequence)
    assert view.sequence.outcome.type == "left"


async def test_a_dutch_auction_sells_at_the_falling_price(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock
) -> None:
    setup = make_auction(service, **dutch_fields(quantity=1))
    ann, bob = connect(), connect()
    clock.advance(65)  # two drops: 380.00
    view = await started(ann, setup)
    bob_view = await started(bob, setup)
    assert isinstance(bob_view.sequence, EnterableAuction)
    assert view.sequence.distribution.details["currentPrice"] == "380.00"
    view = await view.sequence.bid(D("380.00"))
    # The only unit is sold: the auction closed and waits for its settlement.
    assert isinstance(view.sequence, SettlingSequence)
    assert view.sequence.display.status == "winning"
    assert view.sequence.display.current_bid == D("380.00")

    bob_view = await refreshed(bob, setup)
    assert isinstance(bob_view.sequence, EndedSequence)
    assert (bob_view.sequence.outcome.type, bob_view.sequence.outcome.reason) == (
        "closed",
        "SOLD_OUT",
    )

    clock.advance(16 * 60)
    view = await refreshed(ann, setup)
    assert isinstance(view.sequence, GrantedSequence)
    assert service.validate_grant(view.sequence.grant.token).consumer_id == (
        ann.session.consumer_id if ann.session else None
    )


async def test_a_scheduled_auction_offers_no_bid_and_refuses_an_early_one(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock
) -> None:
    setup = make_auction(service, open_at=clock.now() + timedelta(minutes=5))
    ann = connect()
    view = await started(ann, setup)
    assert isinstance(view.sequence, ScheduledSequence)
    assert not hasattr(view.sequence, "bid")
    with pytest.raises(NotOpenYetError):
        await ann.client.bid(setup.auction_id, D("100.00"))
    clock.advance(5 * 60)
    view = await refreshed(ann, setup)
    assert isinstance(view.sequence, EnterableAuction)


async def test_a_customer_can_start_while_the_auction_is_settling(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock
) -> None:
    setup = make_auction(service)
    clock.advance(15 * 60 + 1)
    view = await started(connect(), setup)
    assert isinstance(view.sequence, EndedSequence)
    assert view.sequence.outcome.type == "closed"


async def test_the_bid_screen_reads_prices_from_the_view(
    connect: Callable[[], Fanfare], service: VenueService, clock: FakeClock
) -> None:
    """A kiosk's quick chips start at the least acceptable bid; Dutch shows today's price."""
    english = make_auction(service)
    view = await started(connect(), english)
    assert view.sequence.auction_type == "english"
    first_minimum = view.sequence.min_next_bid
    assert first_minimum is not None
    after = await view.sequence.bid(first_minimum)
    assert after.sequence.min_next_bid > first_minimum

    dutch = make_auction(service, **dutch_fields(quantity=1))
    clock.advance(65)
    dutch_view = await started(connect(), dutch)
    assert dutch_view.sequence.auction_type == "dutch"
    assert dutch_view.sequence.current_price == D("380.00")
