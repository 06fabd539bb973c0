"""The venue server's ASGI app: consumer API, operator and grant APIs, health, OpenAPI."""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections.abc import Callable
from datetime import UTC
from email.utils import format_datetime
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from kiosk.core.asgi import Background, Closer, lifespan_with
from kiosk.core.clock import Clock
from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.http.catalog_api import CatalogApi
from kiosk.venue.http.clients import ClientAddressMiddleware
from kiosk.venue.http.consumer_api import ConsumerApi
from kiosk.venue.http.deadlines import BodyDeadlineMiddleware
from kiosk.venue.http.errors import exception_handlers
from kiosk.venue.http.experience_api import ExperienceApi
from kiosk.venue.http.grant_api import GrantApi
from kiosk.venue.http.health_api import HealthApi
from kiosk.venue.http.keys_api import KeysApi
from kiosk.venue.http.loyalty_api import LoyaltyApi
from kiosk.venue.http.media_api import MediaApi, shipped_media_dir
from kiosk.venue.http.openapi import venue_openapi
from kiosk.venue.http.request_log import RequestLogMiddleware
from kiosk.venue.http.routing import IndexedRouter
from kiosk.venue.http.status_api import StatusApi
from kiosk.venue.http.throttle import Throttle, ThrottleMiddleware
from kiosk.venue.http.waitlist_api import WaitlistApi
from kiosk.venue.limits import Limits
from kiosk.venue.logging_setup import request_id as current_request_id
from kiosk.venue.mechanisms import MECHANISMS
from kiosk.venue.metrics import VenueMetrics
from kiosk.venue.venue import Venue

if TYPE_CHECKING:
    from kiosk.venue.http.events_api import StreamSettings

log = logging.getLogger(__name__)

TICK_SECONDS = 0.25


class RequestIdMiddleware:
    """Every response carries an `X-Request-Id`, for support and logs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        current_request_id.set(request_id)  # every log line of this request carries it

        async def send_with_id(message: dict) -> None:  # type: ignore[type-arg]
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        await self.app(scope, receive, send_with_id)


class DateHeaderMiddleware:
    """Every response carries a `Date` on the venue's clock, which the SDK measures its
    offset from (so `kiosk venue serve` runs uvicorn without its own system-clock `Date`)."""

    def __init__(self, app: ASGIApp, clock: Clock) -> None:
        self.app = app
        self.clock = clock
        self._second = -1  # the whole second `_date` was written for
        self._date = b""

    def date(self) -> bytes:
        """`Date` has whole seconds: formatted once per second, not once per response."""
        now = self.clock.now()
        second = math.floor(now.timestamp())
        if second != self._second:
            self._second = second
            self._date = format_datetime(now.astimezone(UTC), usegmt=True).encode()
        return self._date

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_date(message: dict) -> None:  # type: ignore[type-arg]
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                if not any(name.lower() == b"date" for name, _ in headers):
                    headers.append((b"date", self.date()))
            await send(message)

        await self.app(scope, receive, send_with_date)


async def _tick_forever(service: Venue, clock: Clock, interval: float) -> None:
    """Admissions and expiries happen on time even when nobody is asking."""
    while True:
        try:
            service.tick()
        except RefusedError as exc:
            log.warning("tick could not be saved: %s", exc.message)
        await clock.sleep(interval)


def create_app(
    service: Venue,
    *,
    clock: Clock | None = None,
    tick_seconds: float = TICK_SECONDS,
    background: dict[str, Background] | None = None,
    push: bool = True,
    stream_settings: StreamSettings | None = None,
    media_dir: Path | None = None,
    limits: Limits | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    metrics: VenueMetrics | None = None,
    on_shutdown: list[Closer] | None = None,
    access_log: bool = False,
) -> Starlette:
    """The ASGI app. `clock` drives the background ticker; `background` names more loops to
    run while serving; `media_dir` holds the images `/media/{name}` serves (the demo's by
    default). (ASGITransport runs no lifespan; every request ticks the engine anyway, so
    tests see the same behaviour without the ticker.) `push` serves the event stream; off
    where the server is reached over ASGITransport, which cannot stream, so clients get a
    404 and poll. `limits` turns on the request limits (rates, body deadline, trusted
    proxies, CORS; `monotonic` times the rates): `kiosk venue serve` always passes them;
    without, nothing is limited (in-process use: the embedded venue, tests). `metrics` is
    the app's own (a new one by default); rate-limit refusals and other parts count into it
    (`app.state.metrics`). `on_shutdown` runs last when the
    server stops, after the in-flight requests and the streams have ended (closing the
    store). `access_log` writes one line per request (`kiosk venue serve`)."""
    loops: dict[str, Background] = dict(background or {})
    metrics = metrics or VenueMetrics()
    metrics.watch(service)
    if clock is not None:
        loops["venue-ticker"] = lambda: _tick_forever(service, clock, tick_seconds)

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok", "organizationId": service.organization.id})

    async def openapi(_: Request) -> Response:
        return JSONResponse(venue_openapi())

    routes: list[BaseRoute] = [
        Route("/health", health, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        *ExperienceApi(service).routes(),
        *ConsumerApi(service).routes(),
        *LoyaltyApi(service).routes(),
        *WaitlistApi(service).routes(),
        *CatalogApi(service).routes(),
        *GrantApi(service).routes(),
        *KeysApi(service).routes(),
        *MediaApi(media_dir or shipped_media_dir()).routes(),
        *HealthApi(service, metrics).routes(),
        *StatusApi(service).routes(),
    ]
    if push:
        # Only when streaming: sse-starlette brings uvicorn, which the embedded venue lacks.
        from kiosk.venue.http.events_api import EventsApi

        routes += EventsApi(service, stream_settings).routes()
    for mechanism in MECHANISMS:
        routes += mechanism.routes(service)

    async def close_streams() -> None:
        service.changes.close()

    lifespan = lifespan_with(loops, [close_streams, *(on_shutdown or [])])
    app = Starlette(lifespan=lifespan, exception_handlers=exception_handlers(log))
    app.router = IndexedRouter(routes, lifespan=lifespan)  # Starlette's, with fewer tries
    if limits is not None:
        _limit(app, limits, monotonic, metrics)
    app.state.metrics = metrics
    # Inside RequestIdMiddleware, so the request's id is set when it logs.
    app.add_middleware(RequestLogMiddleware, metrics=metrics, log_requests=access_log)
    app.add_middleware(RequestIdMiddleware)
    if clock is not None:
        app.add_middleware(DateHeaderMiddleware, clock=clock)
    return app


def _limit(
    app: Starlette, limits: Limits, monotonic: Callable[[], float], metrics: VenueMetrics
) -> None:
    """Outermost first: the client's address, CORS, rates, then the body deadline."""
    app.add_middleware(BodyDeadlineMiddleware, seconds=limits.body_timeout)
    app.add_middleware(
        ThrottleMiddleware,
        throttle=Throttle(limits, monotonic),
        on_refused=metrics.count_rate_limited,
    )
    if limits.cors_origins:  # closed unless the operator lists origins
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(limits.cors_origins),
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "X-Publishable-Key",
                "Idempotency-Key",
                "Last-Event-ID",
            ],
            expose_headers=["Retry-After", "X-Request-Id", "X-RateLimit-Remaining"],
        )
    app.add_middleware(ClientAddressMiddleware, limits=limits)
