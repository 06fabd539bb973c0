"""Timed releases over HTTP: Fanfare's consumer paths (`/timed-releases/{timedReleaseId}`,
`enter`, `leave`, `status`) and our operator paths (`/operator/timed-releases`: create, list,
get, update)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.venue.domain import timed_release
from kiosk.venue.domain.timed_release import (
    EnterBody,
    TimedReleaseCreate,
    TimedReleaseEngine,
    TimedReleaseUpdate,
)
from kiosk.venue.http.distribution_api import DistributionOperatorApi, OperatorPaths
from kiosk.venue.http.guards import consumer_session, require_publishable_key
from kiosk.venue.http.requests import read_body, read_json
from kiosk.venue.venue import Venue
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


OPERATOR_PATHS = OperatorPaths(
    mechanism=MECHANISM,
    path="/operator/timed-releases",
    create_body=TimedReleaseCreate,
    update_body=TimedReleaseUpdate,
    factory=timed_release.create,
    schedule_rule="openAt < closeAt",
)


class TimedReleaseApi:
    def __init__(self, venue: Venue) -> None:
        self._venue = venue
        self._operator = DistributionOperatorApi(venue, OPERATOR_PATHS)

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/timed-releases/{release_id}", self.details, methods=["GET"]),
            Route("/timed-releases/{release_id}/enter", self.enter, methods=["POST"]),
            Route("/timed-releases/{release_id}/leave", self.leave, methods=["POST"]),
            Route("/timed-releases/{release_id}/status", self.status, methods=["GET"]),
            *self._operator.routes(),
        ]

    async def details(self, request: Request) -> Response:
        venue = self._venue
        require_publishable_key(venue, request)
        organization_id = venue.organization.id
        details = venue.distributions.read(
            request.path_params["release_id"],
            MECHANISM,
            lambda engine, now: release_details(engine, organization_id, now),
        )
        return JSONResponse(details.to_wire())

    async def enter(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        body = await read_json(request, EnterBody, optional=True)
        consumer, token_for = session.consumer_id, self._venue.token_for
        state = self._venue.distributions.consumer_action(
            session,
            request.path_params["release_id"],
            MECHANISM,
            lambda engine, now: engine.enter(consumer, body.variant_id, now),
            lambda engine, now: engine.status(consumer, token_for),
        )
        return JSONResponse(state.to_wire())

    async def leave(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        await read_body(request)
        consumer = session.consumer_id

        def left(engine: TimedReleaseEngine, now: datetime) -> bool:
            entry = engine.entry(consumer)
            return entry is not None and entry.status == "left"

        success = self._venue.distributions.consumer_action(
            session,
            request.path_params["release_id"],
            MECHANISM,
            lambda engine, now: engine.leave(consumer, now),
            left,
        )
        return JSONResponse({"success": success})

    async def status(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        consumer, token_for = session.consumer_id, self._venue.token_for
        state = self._venue.distributions.read(
            request.path_params["release_id"],
            MECHANISM,
            lambda engine, now: engine.status(consumer, token_for),
        )
        return JSONResponse(state.to_wire(), headers={"X-Poll-Interval": "5"})


def routes(venue: Venue) -> list[BaseRoute]:
    return TimedReleaseApi(venue).routes()


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
