"""The attract loop's data: texts, images and live statuses from the venue's catalogue, the
statuses refreshed at a bounded rate, the images only when they are there and decode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx

from kiosk.sdk import ConsumerClient, Fanfare, FileSessionStore, MediaFetcher
from kiosk.session import KioskSession, SessionSettings
from kiosk.session.attract import present_experience, status_values
from kiosk.session.catalog import ApiCatalog, ExperienceChoice, StatusRefresher
from kiosk.session.media import MediaShelf
from kiosk.venue.demo import load_demo
from kiosk.venue.service import VenueService
from kiosk.wire.routing import LiveStatus
from tests.fakes import FakeClock
from tests.session.fakes import API_URL, FakeNetwork, settle

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PNG = b"\x89PNG-ish"


def test_each_status_is_one_line_kind_with_its_figures() -> None:
    def line(**fields: object) -> dict[str, object]:
        return status_values(LiveStatus(**fields), NOW, "UTC")  # type: ignore[arg-type]

    assert line(mechanism="queue", waiting=142, wait_seconds=400) == {
        "statusKind": "queue",
        "waiting": 142,
        "waitMinutes": 7,
    }
    assert line(mechanism="queue", waiting=0, wait_seconds=0)["waitMinutes"] == 0
    opens = line(
        mechanism="queue", state="scheduled", opens_at=NOW + timedelta(minutes=12, seconds=3)
    )
    assert opens == {"statusKind": "opens", "opensInSeconds": 723}
    assert line(mechanism="timed_release", state="sold_out") == {"statusKind": "soldOut"}
    assert line(mechanism="draw", state="closed") == {"statusKind": "closed"}
    draw = status_values(
        LiveStatus(mechanism="draw", closes_at=datetime(2026, 3, 1, 13, 0, tzinfo=UTC)),
        NOW,
        "Europe/Madrid",
    )
    assert draw == {"statusKind": "drawCloses", "closesAt": "14:00"}  # the venue's zone
    assert line(mechanism="auction", current_price=Decimal("150"))["price"] == "150.00"
    assert line(mechanism="timed_release", available=3)["available"] == 3
    assert line(mechanism="appointment") == {"statusKind": "open"}
    assert status_values(None, NOW) == {"statusKind": ""}


def test_a_card_shows_the_language_and_only_images_that_are_there() -> None:
    choice = ExperienceChoice(
        id="e",
        name="Drop",
        names={"es": "Lanzamiento"},
        description="A drop",
        descriptions={"es": "Un lanzamiento"},
        hero="/media/a-hero.png",
        thumbnail="/media/a-thumb.png",
    )
    media = {"/media/a-hero.png": "image://venue/1"}

    card = present_experience(choice, "es", NOW, media)

    assert card["name"] == "Lanzamiento" and card["description"] == "Un lanzamiento"
    assert card["heroSource"] == "image://venue/1"
    assert card["thumbnailSource"] == ""  # not held: no image, not a broken one
    assert present_experience(choice, "ar", NOW, {})["description"] == "A drop"


async def test_media_shelf_holds_what_decodes_and_does_not_ask_twice() -> None:
    asked: list[str] = []
    answers = {"/ok.png": PNG, "/broken.png": b"garbage", "/missing.png": None}

    async def fetch(url: str) -> bytes | None:
        asked.append(url)
        return answers[url]

    shelf = MediaShelf(fetch, lambda data: data.startswith(b"\x89PNG"), max_items=1)

    assert await shelf.fill(["/ok.png", "/broken.png", "/missing.png", "/ok.png", ""])
    assert shelf.source("/ok.png") == "image://venue/1"
    assert shelf.get("1") == PNG
    assert shelf.source("/broken.png") == shelf.source("/missing.png") == ""
    assert not await shelf.fill(["/ok.png", "/broken.png", "/missing.png"])
    assert asked == ["/ok.png", "/broken.png", "/missing.png"]


async def test_media_shelf_is_bounded() -> None:
    async def fetch(url: str) -> bytes:
        return PNG + url.encode()

    shelf = MediaShelf(fetch, lambda data: True, max_items=2)
    await shelf.fill(["/a.png", "/b.png", "/c.png"])

    assert [shelf.source(u) != "" for u in ("/a.png", "/b.png", "/c.png")] == [False, True, True]
    assert set(shelf.sources()) == {"/b.png", "/c.png"}


def _client(
    service: VenueService, network: FakeNetwork, clock: FakeClock
) -> tuple[httpx.AsyncClient, ConsumerClient]:
    http = httpx.AsyncClient(transport=network, base_url=API_URL)
    client = ConsumerClient(
        publishable_key=service.organization.publishable_key,
        api_url=API_URL,
        http_client=http,
        clock=clock,
    )
    return http, client


async def test_the_catalogue_carries_media_descriptions_and_status(
    service: VenueService, clock: FakeClock
) -> None:
    load_demo(service)
    ids = [e.id for e in sorted(service.experiences.values(), key=lambda e: e.created_at)]
    http, client = _client(service, FakeNetwork(service), clock)
    try:
        choices = await ApiCatalog(ids, client).load()
    finally:
        await http.aclose()

    drop = choices[0]
    assert drop.hero == "/media/aurora-drop-hero.png"
    assert drop.thumbnail == "/media/aurora-drop-thumb.png"
    assert drop.description_in("es").startswith("Las Aurora 1")
    assert drop.status is not None and drop.status.waiting == 12
    assert all(c.description and c.status is not None for c in choices)


async def test_media_are_fetched_without_a_key_and_refused_when_not_images(
    service: VenueService,
) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/media/ok.png":
            return httpx.Response(200, content=PNG, headers={"content-type": "image/png"})
        if request.url.path == "/media/page.png":
            return httpx.Response(200, text="<html>", headers={"content-type": "text/html"})
        if request.url.path == "/media/big.png":
            return httpx.Response(200, content=b"x" * 11, headers={"content-type": "image/png"})
        if request.url.path == "/media/down.png":
            raise httpx.ConnectError("down", request=request)
        return httpx.Response(404)

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        fetcher = MediaFetcher(http, "http://venue.test/api", max_bytes=10)
        assert await fetcher.fetch("/media/ok.png") == PNG
        assert await fetcher.fetch("/media/missing.png") is None
        assert await fetcher.fetch("/media/page.png") is None
        assert await fetcher.fetch("/media/big.png") is None
        assert await fetcher.fetch("/media/down.png") is None
        assert await fetcher.fetch("http://cdn.test/x/ok.png") is None

    assert str(seen[0].url) == "http://venue.test/media/ok.png"
    assert str(seen[-1].url) == "http://cdn.test/x/ok.png"
    assert all(
        "authorization" not in r.headers and "x-publishable-key" not in r.headers for r in seen
    )


async def test_statuses_refresh_one_request_at_a_time_at_a_bounded_rate(
    service: VenueService, clock: FakeClock, tmp_path
) -> None:
    load_demo(service)
    ids = [e.id for e in sorted(service.experiences.values(), key=lambda e: e.created_at)]
    network = FakeNetwork(service)
    http, client = _client(service, network, clock)
    store = FileSessionStore(tmp_path / "session.json")
    shelf = MediaShelf(MediaFetcher(http, API_URL).fetch, lambda data: data.startswith(b"\x89PNG"))

    def new_fanfare() -> Fanfare:
        return Fanfare(
            organization_id=service.organization.id,
            publishable_key=service.organization.publishable_key,
            api_url=API_URL,
            http_client=http,
            clock=clock,
            session_store=store,
        )

    session = KioskSession(
        settings=SessionSettings(),
        clock=clock,
        fanfare_factory=new_fanfare,
        session_store=store,
        catalog=ApiCatalog(ids, client),
        media=shelf,
        statuses=StatusRefresher(client, every_seconds=3.0),
    )
    try:
        await session.open()
        for _ in range(40):
            await settle()
        cards = session.kiosk_state.experiences
        assert all(card["heroSource"].startswith("image://venue/") for card in cards)
        assert cards[0]["statusKind"] == "queue" and cards[0]["waiting"] == 12
        soon = next(c for c in cards if c["statusKind"] == "opens")
        first_wait = soon["opensInSeconds"]
        network.requests.clear()

        for _ in range(30):  # 30 s on the attract screen
            clock.advance(1.0)
            for _ in range(20):
                await settle()

        statuses = [r for r in network.requests if r.startswith("GET /experiences/")]
        assert 1 <= len(statuses) <= 11  # one every 3 s at most, for the whole screen
        assert len(network.requests) == len(statuses)  # and nothing else
        soon = next(c for c in session.kiosk_state.experiences if c["statusKind"] == "opens")
        assert soon["opensInSeconds"] == first_wait - 30  # counts down on venue time

        network.down = True  # a failed refresh keeps the last status
        for _ in range(6):
            clock.advance(1.0)
            for _ in range(20):
                await settle()
        assert session.kiosk_state.experiences[0]["statusKind"] == "queue"
    finally:
        await session.close()
        await http.aclose()
