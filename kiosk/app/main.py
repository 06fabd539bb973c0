"""The composition root: the only place that names concrete classes and wires them.

`launch.run(config)` creates the Qt application and the starting screen, then runs `serve()`
on qasync's loop (this module is imported only after that first frame). asyncio drives
shutdown: SIGTERM, closing the (windowed) window or the staff "exit" action set an event;
then the QML engine is deleted first, the session closed (a visit in progress stays stored,
so a restart resumes it), and only then the HTTP client and the embedded venue.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer

from kiosk.app.brand import Brand, load_brand
from kiosk.app.config import KioskConfig
from kiosk.app.media import VenueImageProvider, image_decodes
from kiosk.app.qml import Translations, create_engine, resources_dir
from kiosk.app.starting import StartingScreen
from kiosk.app.trim import TrimAfterVisit, pin_mmap_threshold, trim_memory
from kiosk.app.viewmodels import JourneyViewModel, KioskViewModel
from kiosk.core.clock import Clock, ScaledClock, SystemClock
from kiosk.pos import (
    FileSpoolTransport,
    HttpBridgeTransport,
    PosDeliveryWorker,
    PosOutbox,
    PosTransport,
)
from kiosk.sdk import ConsumerClient, Fanfare, FileSessionStore, MediaFetcher, SessionStore
from kiosk.session import (
    ApiCatalog,
    ExperienceCatalog,
    GrantHandoff,
    KioskSession,
    StaticCatalog,
)
from kiosk.session.catalog import StatusRefresher
from kiosk.session.media import PROVIDER, MediaShelf
from kiosk.session.pos_handoff import OutboxHandoff

if TYPE_CHECKING:  # imported in serve(), only when embedded: the venue server is ~6 MiB
    from kiosk.app.embedded import EmbeddedVenue

logger = logging.getLogger(__name__)

STATUS_EVERY_SECONDS = 3.0  # the attract loop's one live-status request, for all its cards
TRIM_DELAY_MS = 600  # after a visit: the screen change (200 ms) played out, the old screen gone

_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


class ActivityFilter(QObject):
    """Every touch, click or key press on the window restarts the idle timer."""

    def __init__(self, on_activity: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_activity = on_activity

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._on_activity()
        return False


@dataclass
class KioskApp:
    """What `serve()` has running; tests and benchmarks drive it through this."""

    session: KioskSession
    engine: Any
    window: Any
    kiosk: KioskViewModel
    journey: JourneyViewModel
    stop: asyncio.Event
    venue: EmbeddedVenue | None


async def serve(
    config: KioskConfig,
    *,
    clock: Clock | None = None,
    handoff: GrantHandoff | None = None,
    http_client: httpx.AsyncClient | None = None,
    started: Callable[[KioskApp], None] | None = None,
    show: bool = True,
    starting: StartingScreen | None = None,
    brand: Brand | None = None,
) -> int:
    """Run the kiosk until asked to stop. `started` sees the running app (tests, benches).

    `clock` is the kiosk's own time. `--time-scale` speeds up venue time only: the embedded
    venue, and the SDK and countdowns that read it; the idle and presence prompts, the staff
    lockout and the toasts keep `clock`'s pace. `starting` (the first frame's shell) closes once
    the real window has drawn its own first frame."""
    pin_mmap_threshold()  # before the images: decoded ones must not bloat the heap
    clock = clock or SystemClock()
    brand = brand or load_brand(config.brand_file, resources_dir())
    venue_clock = venue_time(config, clock)
    stop = asyncio.Event()
    async with AsyncExitStack() as stack:
        venue: EmbeddedVenue | None = None
        catalog: ExperienceCatalog
        if config.embedded:
            from kiosk.app.embedded import EmbeddedVenue

            venue = await stack.enter_async_context(
                EmbeddedVenue(config.venue_dir, venue_clock, demo=config.demo)
            )
            http = venue.http
            api_url, organization_id = venue.api_url, venue.organization_id
            publishable_key = venue.publishable_key
            catalog = StaticCatalog(venue.experiences())
            logger.info("embedded venue server (data in %s)", config.venue_dir)
        else:
            assert config.api_url and config.organization_id and config.publishable_key
            http = http_client or await stack.enter_async_context(httpx.AsyncClient(timeout=10))
            api_url, organization_id = config.api_url, config.organization_id
            publishable_key = config.publishable_key
            catalog = ApiCatalog(
                config.experiences,
                ConsumerClient(
                    publishable_key=publishable_key,
                    api_url=api_url,
                    http_client=http,
                    clock=venue_clock,
                ),
            )
            logger.info("venue at %s", api_url)
        store: SessionStore = FileSessionStore(config.session_file)
        # The attract loop: live statuses (one request per few seconds) and images, both
        # through the SDK over the same client as the journeys (embedded: no sockets).
        public = ConsumerClient(
            publishable_key=publishable_key, api_url=api_url, http_client=http, clock=venue_clock
        )
        media = MediaShelf(MediaFetcher(http, api_url).fetch, image_decodes)

        def new_fanfare() -> Fanfare:
            return Fanfare(
                organization_id=organization_id,
                publishable_key=publishable_key,
                api_url=api_url,
                http_client=http,
                clock=venue_clock,
                session_store=store,
            )

        if handoff is None:
            handoff = await stack.enter_async_context(_pos_handoff(config, venue_clock))
        session = KioskSession(
            settings=config.session_settings(),
            clock=venue_clock,
            kiosk_clock=clock,
            fanfare_factory=new_fanfare,
            session_store=store,
            catalog=catalog,
            handoff=handoff,
            request_exit=stop.set,
            media=media,
            statuses=StatusRefresher(public, STATUS_EVERY_SECONDS),
        )
        await session.open()
        try:
            await _run_ui(session, config, brand, stop, venue, started, show, starting, media)
        finally:
            await session.close()
    logger.info("kiosk stopped")
    return 0


def venue_time(config: KioskConfig, clock: Clock) -> Clock:
    """The clock of venue time: `clock` itself, or faster by `time_scale` (embedded only)."""
    if config.embedded and config.time_scale != 1:
        return ScaledClock(config.time_scale, base=clock)
    return clock


@asynccontextmanager
async def _pos_handoff(config: KioskConfig, clock: Clock) -> AsyncIterator[GrantHandoff | None]:
    """The POS outbox and its delivery worker when a bridge or spool folder is configured."""
    transport: PosTransport
    if config.pos_bridge_url and config.pos_kiosk_token:
        transport = HttpBridgeTransport(config.pos_bridge_url, config.pos_kiosk_token)
    elif config.pos_spool_dir is not None:
        transport = FileSpoolTransport(config.pos_spool_dir)
    else:
        yield None  # the session's default: the customer shows a reference to staff
        return
    outbox = PosOutbox(config.pos_outbox_file, clock=clock)
    worker = PosDeliveryWorker(outbox, transport, clock=clock)
    worker.start()  # also delivers what a previous run left pending
    try:
        yield OutboxHandoff(outbox, kiosk_id=config.kiosk_id, clock=clock)
    finally:
        await worker.aclose()
        closer = getattr(transport, "aclose", None)
        if closer is not None:
            await closer()
        outbox.close()


async def _run_ui(
    session: KioskSession,
    config: KioskConfig,
    brand: Brand,
    stop: asyncio.Event,
    venue: EmbeddedVenue | None,
    started: Callable[[KioskApp], None] | None,
    show: bool,
    starting: StartingScreen | None = None,
    media: MediaShelf | None = None,
) -> None:
    kiosk = KioskViewModel(session)
    journey = JourneyViewModel(session)
    translations = Translations()
    translations.apply(session.kiosk_state.language, None)
    providers = {PROVIDER: VenueImageProvider(media)} if media is not None else {}
    engine = create_engine(
        {"kiosk": kiosk, "journey": journey},
        providers,
        brand=brand,
        reduced_motion=config.reduced_motion,
    )
    window = engine.rootObjects()[0]

    held: dict[str, Any] = {"engine": engine}

    def follow_language() -> None:
        translations.apply(session.kiosk_state.language, held.get("engine"))

    unsubscribe = session.subscribe(follow_language)
    # Each visit's freed memory back to the system once the kiosk is on attract again and
    # its last screen is gone: QML's JavaScript heap first, then the C heap.
    def trim_after_visit() -> None:
        current = held.get("engine")
        if current is None:
            return  # shutting down
        current.collectGarbage()
        trim_memory()

    untrim = session.subscribe(
        TrimAfterVisit(
            lambda: session.phase,
            trim_after_visit,
            defer=lambda run: QTimer.singleShot(TRIM_DELAY_MS, run),
        )
    )
    activity = ActivityFilter(session.note_activity)
    window.installEventFilter(activity)

    def close_requested() -> None:
        if config.windowed:
            stop.set()
        else:
            logger.info("ignored a request to close the fullscreen kiosk (staff PIN to exit)")

    window.closeRequested.connect(close_requested)
    restore_signals = _stop_on_signals(stop)
    # Qt's loop holds the interpreter in C++; a short timer lets Python see SIGTERM promptly.
    wake = QTimer()
    wake.start(250)
    wake.timeout.connect(lambda: None)
    if show:
        if config.windowed:
            window.resize(*config.size)
            window.show()
        else:
            window.showFullScreen()
        if starting is not None:
            starting.hand_over(window)
    app = KioskApp(session, engine, window, kiosk, journey, stop, venue)
    if started is not None:
        started(app)
    try:
        await stop.wait()
    finally:
        logger.info("shutting down")
        wake.stop()
        restore_signals()
        unsubscribe()
        untrim()
        window.hide()
        # The engine goes first, while everything it binds to still exists; then the
        # view-models stop following the session.
        held.clear()
        app.engine = app.window = None
        del window
        shiboken6.delete(engine)
        del engine
        kiosk.detach()
        journey.detach()
        await asyncio.sleep(0)


def _stop_on_signals(stop: asyncio.Event) -> Callable[[], None]:
    loop = asyncio.get_running_loop()
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: object) -> None:
        logger.info("received signal %d", signum)
        loop.call_soon_threadsafe(stop.set)

    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(ValueError):  # not the main thread (tests)
            previous[signum] = signal.signal(signum, handler)

    def restore() -> None:
        for signum, old in previous.items():
            signal.signal(signum, old)

    return restore
