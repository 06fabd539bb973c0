"""The whole kiosk on the Qt loop: `serve()` with the embedded venue server, driven by taps.

Time is a fake clock; the tests move it. Nothing here sleeps to let time pass.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from kiosk.app.config import KioskConfig
from kiosk.app.main import KioskApp, serve
from kiosk.core.tasks import start_task
from kiosk.venue.demo import load_demo
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.app.fakes import click, find, get, items, texts
from tests.fakes import FakeClock
from tests.session.fakes import API_URL, FakeHandoff, FakeNetwork


async def settle(rounds: int = 80) -> None:
    for _ in range(rounds):
        await asyncio.sleep(0)


class Driver:
    def __init__(self, app: KioskApp, clock: FakeClock) -> None:
        self.app = app
        self.clock = clock

    @property
    def window(self) -> Any:
        return self.app.window

    @property
    def screen(self) -> str:
        return str(self.app.journey.property("screen"))

    def on_screen(self, name: str) -> bool:
        return find(self.window, f"screen_{name}") is not None

    def draw(self) -> None:
        """Render a frame first, as a real screen has before a finger lands: offscreen, Qt
        lays out on its frame timer, which a test that never sleeps does not reach, so a
        control that just appeared (a confirmation, a keypad) may not have its place yet."""
        self.window.grabWindow()

    async def tap(self, name: str) -> None:
        self.draw()
        click(self.window, get(self.window, name))
        await settle()

    async def tap_text(self, text: str) -> None:
        self.draw()
        button = next(i for i in items(self.window) if i.property("text") == text)
        click(self.window, button)
        await settle()

    async def advance(self, seconds: float) -> None:
        for _ in range(int(seconds)):
            self.clock.advance(1.0)
            await settle()

    async def until(self, screen: str, limit: float = 180) -> None:
        for _ in range(int(limit)):
            if self.on_screen(screen):
                return
            await self.advance(1)
        raise AssertionError(f"still on {self.screen}, not {screen}")


@asynccontextmanager
async def running(config: KioskConfig, clock: FakeClock, **options: Any) -> AsyncIterator[Driver]:
    started: list[KioskApp] = []
    task = start_task(
        serve(config, clock=clock, started=started.append, **options), name="kiosk-app"
    )
    for _ in range(2000):
        if started or task.done():
            break
        await asyncio.sleep(0)
    if task.done():
        task.result()  # raises what went wrong
    assert started, "the kiosk did not start"
    driver = Driver(started[0], clock)
    await settle()
    try:
        yield driver
    finally:
        driver.app.stop.set()
        del driver
        started.clear()
        assert await task == 0


def embedded(tmp_path: Path, **fields: Any) -> KioskConfig:
    return KioskConfig(data_dir=tmp_path, windowed=True, **fields)


async def test_a_customer_taps_from_attract_to_granted_on_the_embedded_server(
    qapp, tmp_path
) -> None:
    clock = FakeClock()
    handoff = FakeHandoff()
    async with running(embedded(tmp_path), clock, handoff=handoff) as kiosk:
        assert kiosk.on_screen("attract")
        await kiosk.tap_text("Sneaker drop: Aurora 1")
        assert kiosk.on_screen("ready")
        await kiosk.tap("startButton")  # a plain line: Start also joins it
        assert kiosk.on_screen("participating_queue")
        assert get(kiosk.window, "positionValue").property("text").isdigit()

        await kiosk.until("granted")
        await settle()
        assert get(kiosk.window, "referenceCard").isVisible()
        assert "A-1042" in texts(kiosk.window)
        token = handoff.grants[0].token
        assert not any(token in text for text in texts(kiosk.window))

        await kiosk.tap("doneButton")
        await kiosk.tap("confirmDoneButton")  # the grant is still live: Done asks first
        await settle()
        assert kiosk.on_screen("attract")


async def test_the_language_switches_live_and_arabic_mirrors(qapp, tmp_path) -> None:
    clock = FakeClock()
    async with running(embedded(tmp_path), clock) as kiosk:
        await kiosk.tap_text("Sneaker drop: Aurora 1")
        assert get(kiosk.window, "startButton").property("text") == "Start"
        await kiosk.tap("languageMenuButton")
        await kiosk.tap("language_es")
        assert get(kiosk.window, "startButton").property("text") == "Empezar"
        assert get(kiosk.window, "experienceName").property("text") == "Lanzamiento: Aurora 1"
        await kiosk.tap("languageMenuButton")
        await kiosk.tap("language_ar")
        assert get(kiosk.window, "startButton").property("text") == "ابدأ"
        assert kiosk.app.kiosk.property("rightToLeft")


async def test_experience_names_follow_the_language_on_attract_and_in_the_header(
    qapp, tmp_path
) -> None:
    clock = FakeClock()
    async with running(embedded(tmp_path), clock) as kiosk:
        assert "Coming soon: Aurora 2" in texts(kiosk.window)
        await kiosk.tap("languageMenuButton")
        await kiosk.tap("language_es")
        listed = texts(kiosk.window)
        assert "Próximamente: Aurora 2" in listed
        assert "Coming soon: Aurora 2" not in listed
        await kiosk.tap("languageMenuButton")
        await kiosk.tap("language_ar")
        assert "قريبًا: أورورا 2" in texts(kiosk.window)
        await kiosk.tap_text("مزاد: زوج عينة أورورا 1 رقم 001")
        assert kiosk.on_screen("ready")
        header = get(kiosk.window, "experienceName").property("text")
        assert header == "مزاد: زوج عينة أورورا 1 رقم 001"


async def test_reset_leaves_nothing_of_the_customer_in_the_ui(qapp, tmp_path) -> None:
    clock = FakeClock()
    async with running(embedded(tmp_path), clock) as kiosk:
        await kiosk.tap_text("VIP early access: Aurora 1 Retro")
        await kiosk.tap("startButton")
        assert kiosk.on_screen("enterable_queue")
        await kiosk.tap("languageMenuButton")
        await kiosk.tap("language_es")
        assert kiosk.app.kiosk.property("language") == "es"
        await kiosk.tap("haveCodeButton")
        for key in "ZQ7":
            await kiosk.tap(f"key_{key}")
        assert "ZQ7" in texts(kiosk.window)

        # Nobody touches the kiosk: "Still there?", then the reset.
        await kiosk.advance(46)
        assert find(kiosk.window, "idlePrompt") is not None
        await kiosk.advance(16)
        await settle()
        assert kiosk.on_screen("attract")
        assert find(kiosk.window, "idlePrompt") is None
        assert find(kiosk.window, "codeEntry") is None
        assert not any("ZQ7" in text for text in texts(kiosk.window))
        assert kiosk.app.kiosk.property("language") == "en"
        assert not (tmp_path / "kiosk" / "session.json").exists()
        gc.collect()


async def test_a_restarted_kiosk_shows_the_same_journey(qapp, tmp_path) -> None:
    clock = FakeClock()
    async with running(embedded(tmp_path), clock) as kiosk:
        await kiosk.tap_text("Sneaker drop: Aurora 1")
        await kiosk.tap("startButton")  # a plain line: Start also joins it
        assert kiosk.on_screen("participating_queue")
        position = int(get(kiosk.window, "positionValue").property("text"))
    # The process stopped mid-journey (as a crash would): the next start resumes it.
    async with running(embedded(tmp_path), clock) as kiosk:
        assert kiosk.on_screen("participating_queue")
        assert 0 < int(get(kiosk.window, "positionValue").property("text")) <= position


async def test_offline_marks_the_screen_stale_and_recovers(qapp, tmp_path) -> None:
    clock = FakeClock()
    store = SqliteStore(tmp_path / "venue.sqlite3")
    service = VenueService(store, clock)
    load_demo(service)
    aurora = next(e.id for e in service.experiences.values() if e.name.endswith("Aurora 1"))
    network = FakeNetwork(service)
    config = KioskConfig(
        data_dir=tmp_path,
        windowed=True,
        api_url=API_URL,
        organization_id=service.organization.id,
        publishable_key=service.organization.publishable_key,
        experiences=[aurora],
    )
    try:
        async with (
            httpx.AsyncClient(transport=network) as http,
            running(config, clock, http_client=http) as kiosk,
        ):
            await kiosk.tap("attractStartButton")
            await kiosk.tap("startButton")  # a plain line: Start also joins it
            assert kiosk.on_screen("participating_queue")
            queue = next(q for q in service.queues.values() if q.config.name == "Aurora 1 queue")
            service.control_queue(queue.id, "pause")

            network.down = True
            await kiosk.advance(20)
            assert kiosk.on_screen("participating_queue")
            assert get(kiosk.window, "staleBadge").isVisible()

            network.down = False
            await kiosk.advance(40)  # the poller backs off while offline: up to 30 s
            assert kiosk.on_screen("participating_queue")
            assert not get(kiosk.window, "staleBadge").isVisible()
    finally:
        store.close()


async def test_staff_exit_needs_the_pin(qapp, tmp_path) -> None:
    clock = FakeClock()
    async with running(embedded(tmp_path), clock) as kiosk:
        kiosk.app.kiosk.openStaff()  # the long press on the corner
        await settle()
        assert find(kiosk.window, "staffPanel") is not None
        for key in "2468":
            await kiosk.tap(f"key_{key}")
        await kiosk.tap("staffExitButton")
        assert kiosk.app.stop.is_set()
