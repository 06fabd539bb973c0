"""The venue server's ASGI app: consumer API, operator and grant APIs, health, OpenAPI."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from kiosk.core.clock import Clock
from kiosk.venue.errors import VenueError
from kiosk.venue.http.consumer_api import ConsumerApi
from kiosk.venue.http.openapi import venue_openapi
from kiosk.venue.http.operator_api import OperatorApi
from kiosk.venue.http.registry import mechanism_routes
from kiosk.venue.service import VenueService

log = logging.getLogger(__name__)

TICK_SECONDS = 0.25


def _error_response(error: VenueError) -> JSONResponse:
    headers = {}
    if error.retry_after is not None:
        headers["Retry-After"] = str(max(1, math.ceil(error.retry_after)))
    return JSONResponse(error.body(), status_code=error.status, headers=headers)


async def _venue_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, VenueError)
    return _error_response(exc)


async def _http_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    names = {404: "not_found", 405: "method_not_allowed"}
    return JSONResponse(
        {"error": names.get(exc.status_code, "http_error"), "message": str(exc.detail)},
        status_code=exc.status_code,
        headers=exc.headers,
    )


async def _unexpected(_: Request, exc: Exception) -> Response:
    log.exception("unexpected error while handling a request", exc_info=exc)
    return JSONResponse(
        {"error": "internal_error", "message": "Something went wrong on the venue server."},
        status_code=500,
    )


class RequestIdMiddleware:
    """Every response carries an `X-Request-Id`, for support and logs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex

        async def send_with_id(message: dict) -> None:  # type: ignore[type-arg]
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        await self.app(scope, receive, send_with_id)


async def _tick_forever(service: VenueService, clock: Clock, interval: float) -> None:
    """Admissions and expiries happen on time even when nobody is asking."""
    while True:
        try:
            service.tick()
        except VenueError as exc:
            log.warning("tick could not be saved: %s", exc.message)
        await clock.sleep(interval)


Background = Callable[[], Coroutine[Any, Any, None]]


def create_app(
    service: VenueService,
    *,
    clock: Clock | None = None,
    tick_seconds: float = TICK_SECONDS,
    background: dict[str, Background] | None = None,
) -> Starlette:
    """The ASGI app. `clock` drives the background ticker; `background` names more loops to
    run while serving. (ASGITransport runs no lifespan; every request ticks the engine
    anyway, so tests see the same behaviour without the ticker.)"""
    loops: dict[str, Background] = dict(background or {})
    if clock is not None:
        loops["venue-ticker"] = lambda: _tick_forever(service, clock, tick_seconds)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        tasks = [asyncio.create_task(loop(), name=name) for name, loop in loops.items()]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok", "organizationId": service.organization.id})

    async def openapi(_: Request) -> Response:
        return JSONResponse(venue_openapi())

    routes = [
        Route("/health", health, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        *ConsumerApi(service).routes(),
        *OperatorApi(service).routes(),
        *mechanism_routes(service),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={
            VenueError: _venue_error,
            HTTPException: _http_error,
            Exception: _unexpected,
        },
    )
    app.add_middleware(RequestIdMiddleware)
    return app
