"""Both demo auctions walked to their end by touch: the real app on the real venue app.

The kiosk's customer presses controls by objectName; a second customer (another SDK client on
the same venue) outbids. Time is a fake clock the test moves; nothing sleeps.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path

import httpx

from kiosk.app.config import KioskConfig
from kiosk.sdk import Fanfare, RoutedView
from kiosk.sdk.views import EnterableAuction
from kiosk.venue.demo import load_demo
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.app.fakes import click, find, get, items, texts
from tests.app.test_kiosk_app import Driver, running, settle
from tests.fakes import FakeClock
from tests.session.fakes import API_URL, FakeHandoff, FakeNetwork

ENGLISH = "Auction: Aurora 1 sample pair #001"
DUTCH = "Dutch auction: Aurora 1 player edition"


class Walk:
    def __init__(self, kiosk: Driver, service: VenueService, http: httpx.AsyncClient) -> None:
        self.kiosk, self.service, self.http = kiosk, service, http

    def text_of(self, name: str) -> str:
        return str(get(self.kiosk.window, name).property("text"))

    def shown(self, name: str) -> bool:
        item = find(self.kiosk.window, name)
        return item is not None and item.isVisible()

    async def type_amount(self, digits: str) -> None:
        """Other amount, then the keys of the bid keypad (other keypads have keys too)."""
        if self.shown("otherAmountButton"):
            await self.kiosk.tap("otherAmountButton")
        keypad = get(self.kiosk.window, "bidKeypad")
        assert keypad.isVisible()
        for item in items(self.kiosk.window):
            item.ensurePolished()  # lay out the keypad just shown, as a frame would
        for key in ("clear", *digits):
            click(self.kiosk.window, get(keypad, f"key_{key}"))
            await settle()

    async def wait_for(self, screen: str, limit: int = 1500) -> None:
        """Time passes; the customer stays, answering "Still there?" as a customer would."""
        for _ in range(limit):
            if self.kiosk.on_screen(screen):
                return
            if self.shown("stillHereButton"):
                await self.kiosk.tap("stillHereButton")
            await self.kiosk.advance(1)
        raise AssertionError(f"still on {self.kiosk.screen}, not {screen}")

    def second_customer(self, clock: FakeClock) -> Fanfare:
        return Fanfare(
            organization_id=self.service.organization.id,
            publishable_key=self.service.organization.publishable_key,
            api_url=API_URL,
            http_client=self.http,
            clock=clock,
            random=lambda: 0.5,
        )


@asynccontextmanager
async def walking(tmp_path: Path, name: str, clock: FakeClock) -> AsyncIterator[Walk]:
    store = SqliteStore(tmp_path / "venue.sqlite3")
    service = VenueService(store, clock)
    load_demo(service)
    experience = next(e.id for e in service.experiences.values() if e.name == name)
    config = KioskConfig(
        data_dir=tmp_path,
        windowed=True,
        api_url=API_URL,
        organization_id=service.organization.id,
        publishable_key=service.organization.publishable_key,
        experiences=[experience],
    )
    try:
        async with (
            httpx.AsyncClient(transport=FakeNetwork(service), base_url=API_URL) as http,
            running(config, clock, http_client=http, handoff=FakeHandoff()) as kiosk,
        ):
            yield Walk(kiosk, service, http)
    finally:
        store.close()


async def test_english_auction_bid_outbid_rebid_and_won_by_touch(qapp, tmp_path) -> None:
    clock = FakeClock()
    async with walking(tmp_path, ENGLISH, clock) as walk:
        kiosk = walk.kiosk
        await kiosk.tap("attractStartButton")
        await kiosk.tap("startButton")
        assert kiosk.on_screen("enterable_auction")
        # The live venue states its minimum (the start price): the chips start there.
        assert walk.text_of("bidChip_0") == "$100.00"
        await walk.type_amount("99")  # below the start price: refused, and told why
        await kiosk.tap("placeBidButton")
        assert kiosk.on_screen("enterable_auction")
        assert "The lowest bid now is $100.00" in walk.text_of("bidFeedback")
        await kiosk.tap("bidChip_0")
        await kiosk.tap("placeBidButton")
        assert kiosk.on_screen("participating_auction")
        assert "$100.00" in texts(kiosk.window)
        assert "reserve price is not met" in walk.text_of("screenSubtitle")

        # A second customer outbids, on the same venue.
        bob = walk.second_customer(clock)
        try:
            experience = kiosk.app.journey.property("experienceId")
            view = await bob.journeys.get(experience).view.start()
            assert isinstance(view, RoutedView) and isinstance(view.sequence, EnterableAuction)
            await view.sequence.bid(Decimal("120.00"))

            for _ in range(30):
                if walk.shown("outbidBanner"):
                    break
                await kiosk.advance(1)
            assert walk.shown("outbidBanner")
            # The next chips start at the venue's new minimum, one increment above 120.
            assert walk.text_of("bidChip_0") == "$125.00"

            # Typed too low: the refusal says the lowest bid the venue takes now.
            await walk.type_amount("121")
            assert walk.text_of("placeBidButton") == "Bid $121.00"
            await kiosk.tap("placeBidButton")
            assert walk.shown("bidFeedback")
            assert "The lowest bid now is $125.00" in walk.text_of("bidFeedback")

            # Re-bid, typed on the keypad, above the reserve.
            await walk.type_amount("150")
            await kiosk.tap("placeBidButton")
            assert kiosk.on_screen("participating_auction")
            assert not walk.shown("outbidBanner") and not walk.shown("bidFeedback")
            assert walk.text_of("screenTitle") == "You have the highest bid"

            await walk.wait_for("granted")  # closes in 15 min, settles a minute later
            assert get(kiosk.window, "referenceCard").isVisible()
            assert walk.shown("amountOwedCard")
            assert "$150.00" in texts(get(kiosk.window, "amountOwedCard"))
        finally:
            await bob.aclose()


async def test_dutch_auction_bought_at_the_current_price_and_won_by_touch(
    qapp, tmp_path
) -> None:
    clock = FakeClock()
    async with walking(tmp_path, DUTCH, clock) as walk:
        kiosk = walk.kiosk
        await kiosk.tap("attractStartButton")
        await kiosk.tap("startButton")
        assert kiosk.on_screen("dutch_auction")
        assert not walk.shown("bidChips") and not walk.shown("placeBidButton")
        assert walk.text_of("priceValue") == "$400.00"

        await kiosk.advance(35)  # the price drops $10 every 30 s
        assert walk.text_of("priceValue") == "$390.00"
        await kiosk.tap("buyButton")
        assert kiosk.on_screen("dutch_auction")
        assert walk.text_of("screenTitle") == "You bought one"
        assert walk.shown("pricePaidCard")
        assert walk.text_of("priceValue") == "$390.00"  # what is owed, not the later price
        assert "You pay $390.00" in walk.text_of("screenSubtitle")

        await kiosk.advance(60)
        assert walk.text_of("priceValue") == "$390.00"
        await walk.wait_for("granted")
        assert get(kiosk.window, "referenceCard").isVisible()
        assert walk.shown("amountOwedCard")  # won: what is owed is the price it was bought at
        assert "$390.00" in texts(get(kiosk.window, "amountOwedCard"))
