"""Fixtures for the POS tests: the real venue app and the bridge app, each behind a
`FakeLink` over ASGITransport, a kiosk outbox with its worker, and real grants to hand over."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from kiosk.pos import HttpBridgeTransport, PosDeliveryWorker, PosOutbox
from kiosk.pos_bridge.app import create_bridge_app
from kiosk.pos_bridge.redeemers import VenueGrantRedeemer
from kiosk.pos_bridge.service import BridgeService, PosDesk
from kiosk.pos_bridge.store import BridgeStore
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from kiosk.wire.projection import AdmissionGrant, ConsumerMe, RoutedJourney
from tests.conftest import QueueSetup, make_queue
from tests.pos.fakes import FakeLink, FakeSteppingClock

VENUE_URL = "http://venue.test"
BRIDGE_URL = "http://bridge.test"
KIOSK_ID = "K7"
KIOSK_TOKEN = "kiosk-K7-token-0123456789abcdef"
OTHER_KIOSK_TOKEN = "kiosk-K8-token-fedcba9876543210"
POS_TOKEN = "pos-api-token-0123456789abcdef"
REGISTERS = ("1", "2", "3")


@pytest.fixture
def clock() -> FakeSteppingClock:
    """Overrides the shared fake clock: the venue, the bridge and the kiosk share this one."""
    return FakeSteppingClock()


@dataclass
class GrantDesk:
    """Issues real grants: a guest joins a queue at the venue and is admitted."""

    http: httpx.AsyncClient
    service: VenueService
    clock: FakeSteppingClock
    setup: QueueSetup

    async def issue(self, setup: QueueSetup | None = None) -> AdmissionGrant:
        setup = setup or self.setup
        key = self.service.organization.publishable_key
        signed_in = await self.http.post("/auth/guest", headers={"X-Publishable-Key": key})
        assert signed_in.status_code == 200, signed_in.text
        headers = {
            "X-Publishable-Key": key,
            "Authorization": f"Bearer {signed_in.json()['accessToken']}",
        }
        routed = await self.http.post(
            f"/experiences/{setup.experience_id}/route", headers=headers, json={}
        )
        assert routed.status_code == 200, routed.text
        entered = await self.http.post(f"/queues/{setup.queue_id}/enter", headers=headers)
        assert entered.status_code == 200, entered.text
        for _ in range(5):
            me = ConsumerMe.model_validate(
                (await self.http.get("/consumers/me", headers=headers)).json()
            )
            journey = me.journey_for(setup.experience_id)
            assert isinstance(journey, RoutedJourney)
            if journey.sequence.grant is not None:
                return journey.sequence.grant
            self.clock.advance(1)
        raise AssertionError("the venue never granted")


@pytest.fixture
def queue_setup(service: VenueService) -> QueueSetup:
    return make_queue(service, admit_rate=100_000)


@pytest.fixture
async def grants(
    service: VenueService, clock: FakeSteppingClock, queue_setup: QueueSetup
) -> AsyncIterator[GrantDesk]:
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url=VENUE_URL) as http:
        yield GrantDesk(http, service, clock, queue_setup)


@pytest.fixture
def venue_link(service: VenueService) -> FakeLink:
    """The bridge's link to the venue server."""
    return FakeLink(httpx.ASGITransport(app=create_app(service)))


@pytest.fixture
async def venue_client(venue_link: FakeLink) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=venue_link, base_url=VENUE_URL) as client:
        yield client


@pytest.fixture
def bridge_store(tmp_path) -> BridgeStore:
    store = BridgeStore(tmp_path / "bridge" / "bridge.sqlite3")
    yield store
    store.close()


@pytest.fixture
def bridge_options() -> dict[str, object]:
    """Tests override this to configure the bridge (webhooks, experiences, ...)."""
    return {}


@pytest.fixture
def bridge(
    bridge_store: BridgeStore,
    venue_client: httpx.AsyncClient,
    secret_key: str,
    clock: FakeSteppingClock,
    bridge_options: dict[str, object],
) -> BridgeService:
    options: dict[str, object] = {
        "kiosk_tokens": {KIOSK_ID: KIOSK_TOKEN, "K8": OTHER_KIOSK_TOKEN},
        "pos_token": POS_TOKEN,
        "clock": clock,
        "desk": PosDesk(REGISTERS),
        **bridge_options,
    }
    redeemer = VenueGrantRedeemer(VENUE_URL, secret_key, http_client=venue_client)
    return BridgeService(bridge_store, redeemer, **options)  # type: ignore[arg-type]


@pytest.fixture
def bridge_link(bridge: BridgeService) -> FakeLink:
    """The kiosk's link to the POS bridge."""
    return FakeLink(httpx.ASGITransport(app=create_bridge_app(bridge)))


@pytest.fixture
async def bridge_http(bridge_link: FakeLink) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=bridge_link, base_url=BRIDGE_URL) as client:
        yield client


@pytest.fixture
def pos_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {POS_TOKEN}"}


@pytest.fixture
def outbox_path(tmp_path):
    return tmp_path / "kiosk" / "pos-outbox.sqlite3"


@pytest.fixture
def outbox(outbox_path, clock: FakeSteppingClock) -> PosOutbox:
    box = PosOutbox(outbox_path, clock=clock)
    yield box
    box.close()


@pytest.fixture
def transport(bridge_http: httpx.AsyncClient) -> HttpBridgeTransport:
    return HttpBridgeTransport(BRIDGE_URL, KIOSK_TOKEN, http_client=bridge_http)


@pytest.fixture
async def worker(
    outbox: PosOutbox, transport: HttpBridgeTransport, clock: FakeSteppingClock
) -> AsyncIterator[PosDeliveryWorker]:
    worker = PosDeliveryWorker(outbox, transport, clock=clock, random=lambda: 0.5)
    yield worker
    await worker.aclose()
