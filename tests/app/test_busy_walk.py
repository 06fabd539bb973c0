"""A venue that answers slowly, by touch in the real app (issue 14): the pressed button spins
from the frame of the tap, a double tap sends one request, the other actions wait, and the
spinner clears on success and on failure (a refusal or a timeout: the error screen, and the
journey is still there after it).

The slow answer is a held request: the test's transport keeps it until the test lets it go
(bounded by a real-time safety limit, never waited for), so nothing here depends on timing.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtQuick import QQuickItem

from kiosk.app.config import KioskConfig
from kiosk.venue.demo import load_demo
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.app.fakes import find, get, items
from tests.app.test_kiosk_app import Driver, running, settle
from tests.fakes import FakeClock
from tests.session.fakes import API_URL

QUEUE = "Aurora 1"  # the sneaker drop: a plain queue, joined with Start
HOLD_LIMIT_SECONDS = 30.0  # a safety bound only: the test always lets the request go first


class SlowVenue(httpx.AsyncBaseTransport):
    """The venue app over ASGITransport; requests whose path matches `hold` wait for
    `release()`, then pass, or fail as `fail` says ("timeout" or a refusal's status)."""

    def __init__(self, service: VenueService) -> None:
        self._inner = httpx.ASGITransport(app=create_app(service))
        self.hold: re.Pattern[str] | None = None
        self.fail: str | int | None = None
        self.held = 0
        self._gate = asyncio.Event()
        self.requests: list[str] = []

    def release(self) -> None:
        self._gate.set()

    def sent(self, pattern: str) -> int:
        return sum(1 for line in self.requests if re.search(pattern, line))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        line = f"{request.method} {request.url.path}"
        self.requests.append(line)
        if self.hold is not None and self.hold.search(line):
            self.held += 1
            await asyncio.wait_for(self._gate.wait(), HOLD_LIMIT_SECONDS)
            if self.fail == "timeout":
                raise httpx.ReadTimeout("the venue did not answer in time", request=request)
            if isinstance(self.fail, int):
                body = {"error": {"code": "refused", "message": "Refused for the test."}}
                return httpx.Response(self.fail, json=body, request=request)
        return await self._inner.handle_async_request(request)


@asynccontextmanager
async def slow_kiosk(tmp_path: Path) -> AsyncIterator[tuple[Driver, SlowVenue]]:
    clock = FakeClock()
    store = SqliteStore(tmp_path / "venue.sqlite3")
    service = VenueService(store, clock)
    load_demo(service)
    queue = next(e.id for e in service.experiences.values() if e.name.endswith(QUEUE))
    venue = SlowVenue(service)
    config = KioskConfig(
        data_dir=tmp_path,
        windowed=True,
        api_url=API_URL,
        organization_id=service.organization.id,
        publishable_key=service.organization.publishable_key,
        experiences=[queue],
    )
    try:
        async with (
            httpx.AsyncClient(transport=venue) as http,
            running(config, clock, http_client=http) as kiosk,
        ):
            yield kiosk, venue
    finally:
        store.close()


def press_now(kiosk: Driver, item: QQuickItem) -> None:
    """A finger on `item`'s place, enabled or not, with no event processing after it."""
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    left = Qt.MouseButton.LeftButton
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, left),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind,
            centre,
            kiosk.window.mapToGlobal(centre),
            left,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QCoreApplication.sendEvent(kiosk.window, event)


def spinning(button: QQuickItem) -> bool:
    spinner = find(button, "busySpinner")
    return bool(button.property("busy")) and spinner is not None and spinner.isVisible()


def spinners(kiosk: Driver) -> list[str]:
    """The buttons on screen showing a spinner, by name."""
    return [
        i.objectName()
        for i in items(kiosk.window)
        if i.property("busy") is True and i.isVisible() and i.objectName()
    ]


def assert_joining(kiosk: Driver) -> None:
    """Start is joining the line in the same tap: "One moment" with its spinner, no Join."""
    assert kiosk.on_screen("routing")
    assert find(kiosk.window, "screen_routing").isVisible()
    assert find(kiosk.window, "enterButton") is None


async def test_start_spins_at_once_a_double_tap_joins_once_and_the_spinner_clears(
    qapp, tmp_path
) -> None:
    async with slow_kiosk(tmp_path) as (kiosk, venue):
        await kiosk.tap("attractStartButton")
        assert kiosk.on_screen("ready")
        venue.hold = re.compile(r"POST /queues/[^/]+/enter$")
        kiosk.draw()
        start = get(kiosk.window, "startButton")
        press_now(kiosk, start)
        # The same frame as the tap: no event loop has run since the finger lifted.
        assert spinning(start), "Start shows no busy state"
        assert not start.isEnabled()
        press_now(kiosk, start)  # the impatient second tap
        await settle()
        assert venue.held == 1, "the join did not reach the venue"
        # Routed, the join still on its way: the kiosk says it is finding the way in; no
        # Join button flashes up to offer the tap already under way.
        assert_joining(kiosk)

        venue.release()
        await settle()
        assert kiosk.on_screen("participating_queue")
        assert venue.sent(r"POST /queues/[^/]+/enter$") == 1, "a double tap sent two joins"
        assert spinners(kiosk) == []
        assert kiosk.app.journey.property("busyAction") == ""
        assert get(kiosk.window, "leaveButton").isEnabled()


async def test_a_join_that_times_out_clears_the_spinner_and_loses_nothing(qapp, tmp_path) -> None:
    async with slow_kiosk(tmp_path) as (kiosk, venue):
        await kiosk.tap("attractStartButton")
        venue.hold, venue.fail = re.compile(r"POST /queues/[^/]+/enter$"), "timeout"
        await kiosk.tap("startButton")
        assert_joining(kiosk)
        venue.release()
        await kiosk.until("offline", limit=20)  # the SDK's retries back off, then give up
        assert spinners(kiosk) == []
        assert get(kiosk.window, "retryButton").isEnabled()

        venue.hold = venue.fail = None
        await kiosk.tap("retryButton")
        await settle()
        # The journey is as the venue has it: routed and still to be joined.
        assert kiosk.on_screen("enterable_queue")
        await kiosk.tap("enterButton")
        assert kiosk.on_screen("participating_queue")


async def test_a_refused_join_shows_the_error_and_try_again_finds_the_journey(
    qapp, tmp_path
) -> None:
    async with slow_kiosk(tmp_path) as (kiosk, venue):
        await kiosk.tap("attractStartButton")
        venue.hold, venue.fail = re.compile(r"POST /queues/[^/]+/enter$"), 400
        await kiosk.tap("startButton")
        assert_joining(kiosk)
        venue.release()
        await settle()
        assert kiosk.on_screen("error")
        assert spinners(kiosk) == []
        assert get(kiosk.window, "retryButton").isEnabled()

        venue.hold = venue.fail = None
        await kiosk.tap("retryButton")
        await settle()
        assert kiosk.on_screen("enterable_queue")
        await kiosk.tap("enterButton")
        assert kiosk.on_screen("participating_queue")
