"""Timed releases over HTTP: Fanfare's consumer paths (`/timed-releases/{timedReleaseId}`,
`enter`, `leave`, `status`) and our operator paths (`/operator/timed-releases`: create, list,
get, update)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kiosk.venue.domain.engine import TickResult
from kiosk.venue.domain.timed_release import (
    EnterBody,
    TimedReleaseCreate,
    TimedReleaseEngine,
    TimedReleaseUpdate,
    create,
)
from kiosk.venue.http.draw_api import schedule_invalid
from kiosk.venue.http.guards import consumer_session, require_publishable_key, require_secret_key
from kiosk.venue.http.requests import read_body, read_json
from kiosk.venue.service import VenueService
from kiosk.wire.base import Instant, WireResponse

MECHANISM = "timed_release"


class TimedReleaseDetails(WireResponse):
    """`GET /timed-releases/{id}`: public metadata (Fanfare's admin `TimedRelease` shape,
    plus our `inventory` and the units still `available`)."""

    id: str
    organization_id: str
    sequence_id: str
    name: str
    time_zone: str
    supports_guest: bool
    archived: bool = False
    open_at: Instant | None = None
    close_at: Instant | None = None
    inventory: int
    available: int
    admission_expiration_seconds: int
    status_override: str | None = None
    created_at: Instant
    updated_at: Instant | None = None


def release_details(
    engine: TimedReleaseEngine, organization_id: str, now: datetime
) -> TimedReleaseDetails:
    return TimedReleaseDetails(
        **engine.config.model_dump(),
        organization_id=organization_id,
        available=engine.available,
        status_override="ended" if engine.has_ended(now) else None,
    )


def routes(service: VenueService) -> list[Route]:
    def view(engine: TimedReleaseEngine, now: datetime) -> dict[str, Any]:
        return {**engine.describe(now), "organizationId": service.organization.id}

    # ---- consumer API ----------------------------------------------------------------------

    async def details(request: Request) -> Response:
        require_publishable_key(service, request)
        engine = service.distribution(request.path_params["release_id"], MECHANISM)
        service.tick()
        now = service.now()
        return JSONResponse(release_details(engine, service.organization.id, now).to_wire())

    async def enter(request: Request) -> Response:
        session = consumer_session(service, request)
        body = await read_json(request, EnterBody, optional=True)
        consumer = session.consumer_id
        state = service.consumer_action(
            session,
            request.path_params["release_id"],
            MECHANISM,
            lambda engine, now: engine.enter(consumer, body.variant_id, now),
            lambda engine, now: engine.status(consumer, service.token_for),
        )
        return JSONResponse(state.to_wire())

    async def leave(request: Request) -> Response:
        session = consumer_session(service, request)
        await read_body(request)
        consumer = session.consumer_id

        def left(engine: TimedReleaseEngine, now: datetime) -> bool:
            entry = engine.entry(consumer)
            return entry is not None and entry.status == "left"

        success = service.consumer_action(
            session,
            request.path_params["release_id"],
            MECHANISM,
            lambda engine, now: engine.leave(consumer, now),
            left,
        )
        return JSONResponse({"success": success})

    async def status(request: Request) -> Response:
        session = consumer_session(service, request)
        consumer = session.consumer_id
        state = service.consumer_read(
            session,
            request.path_params["release_id"],
            MECHANISM,
            lambda engine, now: engine.status(consumer, service.token_for),
        )
        return JSONResponse(state.to_wire(), headers={"X-Poll-Interval": "5"})

    # ---- operator API ----------------------------------------------------------------------

    async def releases(request: Request) -> Response:
        require_secret_key(service, request)
        if request.method == "POST":
            body = await read_json(request, TimedReleaseCreate)
            engine = create(service, body)
            return JSONResponse(view(engine, service.now()))
        service.tick()
        now = service.now()
        items = [
            view(engine, now)
            for engine in service.distributions.values()
            if isinstance(engine, TimedReleaseEngine)
        ]
        return JSONResponse({"data": items, "pageInfo": {"startCursor": None, "endCursor": None}})

    async def release(request: Request) -> Response:
        require_secret_key(service, request)
        release_id = request.path_params["id"]
        if request.method == "PUT":
            body = await read_json(request, TimedReleaseUpdate)
            changes = body.model_dump(exclude_unset=True)

            def update(engine: TimedReleaseEngine, now: datetime) -> TickResult:
                try:
                    config = engine.update(changes, now)
                except ValueError as exc:
                    raise schedule_invalid(str(exc), "openAt < closeAt") from exc
                engine.set_config(config)
                return TickResult(dirty=[engine.config_record()])

            return JSONResponse(service.operator_action(release_id, MECHANISM, update, view))
        engine = service.distribution(release_id, MECHANISM)
        service.tick()
        return JSONResponse(view(engine, service.now()))

    return [
        Route("/timed-releases/{release_id}", details, methods=["GET"]),
        Route("/timed-releases/{release_id}/enter", enter, methods=["POST"]),
        Route("/timed-releases/{release_id}/leave", leave, methods=["POST"]),
        Route("/timed-releases/{release_id}/status", status, methods=["GET"]),
        Route("/operator/timed-releases", releases, methods=["GET", "POST"]),
        Route("/operator/timed-releases/{id}", release, methods=["GET", "PUT"]),
    ]


def openapi_paths(op: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """The operator paths above, for the venue server's OpenAPI document."""
    return {
        "/operator/timed-releases": {
            "get": op("List timed releases with units available, held and sold"),
            "post": op(
                "Create a timed release (Fanfare's admin shape plus our `inventory`: units "
                "on offer, first come first served from openAt)",
                TimedReleaseCreate,
                conflict="SEQUENCE_HAS_DISTRIBUTION",
            ),
        },
        "/operator/timed-releases/{id}": {
            "get": op("Get a timed release with units available, held and sold"),
            "put": op(
                "Update a timed release (partial); raising `inventory` restocks it, and it "
                "cannot drop below the units held or sold",
                TimedReleaseUpdate,
                conflict="INVENTORY_BELOW_TAKEN",
            ),
        },
    }
