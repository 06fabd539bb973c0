"""Draws over HTTP: Fanfare's consumer paths (`/draws/{drawId}`, `enter`, `leave`, `status`;
`deny` for servers with the secret key) and our operator paths (`/operator/draws`: create,
list, get, update, the published record, and "run the draw now")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.venue.domain import draw
from kiosk.venue.domain.draw import DrawCreate, DrawEngine, DrawUpdate
from kiosk.venue.domain.errors import not_found
from kiosk.venue.http.distribution_api import DistributionOperatorApi, OperatorPaths
from kiosk.venue.http.guards import consumer_session, require_publishable_key, require_secret_key
from kiosk.venue.http.requests import read_body, read_json
from kiosk.venue.venue import Venue
from kiosk.wire.base import Instant, WireResponse
from kiosk.wire.distributions import DrawDenyRequest

MECHANISM = "draw"


class DrawDetails(WireResponse):
    """`GET /draws/{drawId}`: the draw's public metadata (Fanfare's admin `Draw` shape)."""

    id: str
    organization_id: str
    sequence_id: str
    name: str
    time_zone: str
    draw_at: Instant
    winner_count: int
    supports_guest: bool
    loyalty_bias_enabled: bool
    archived: bool = False
    open_at: Instant | None = None
    close_at: Instant | None = None
    capacity: int | None = None
    admission_expiration_seconds: int | None = None
    continue_selecting_until_completed: bool | None = None
    status_override: str | None = None
    created_at: Instant
    updated_at: Instant | None = None


def draw_details(engine: DrawEngine, organization_id: str, now: datetime) -> DrawDetails:
    config = engine.config
    return DrawDetails(
        **config.model_dump(exclude={"continue_selecting_until_completed"}),
        continue_selecting_until_completed=config.keeps_selecting,
        organization_id=organization_id,
        status_override="ended" if engine.lifecycle(now) == "closed" else None,
    )


OPERATOR_PATHS = OperatorPaths(
    mechanism=MECHANISM,
    path="/operator/draws",
    create_body=DrawCreate,
    update_body=DrawUpdate,
    factory=draw.create,
    schedule_rule="openAt < closeAt <= drawAt",
)


class DrawApi:
    def __init__(self, venue: Venue) -> None:
        self._venue = venue
        self._operator = DistributionOperatorApi(venue, OPERATOR_PATHS)

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/draws/{draw_id}", self.details, methods=["GET"]),
            Route("/draws/{draw_id}/enter", self.enter, methods=["POST"]),
            Route("/draws/{draw_id}/leave", self.leave, methods=["POST"]),
            Route("/draws/{draw_id}/status", self.status, methods=["GET"]),
            Route("/draws/{draw_id}/deny", self.deny, methods=["POST"]),
            *self._operator.routes(),
            Route("/operator/draws/{id}/record", self.record, methods=["GET"]),
            Route("/operator/draws/{id}/run", self.run, methods=["POST"]),
        ]

    # ---- consumer API ----------------------------------------------------------------------

    async def details(self, request: Request) -> Response:
        venue = self._venue
        require_publishable_key(venue, request)
        organization_id = venue.organization.id
        details = venue.distributions.read(
            request.path_params["draw_id"],
            MECHANISM,
            lambda engine, now: draw_details(engine, organization_id, now),
        )
        return JSONResponse(details.to_wire())

    async def enter(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        await read_body(request)  # bounded, and ignored: entering takes no body
        consumer, token_for = session.consumer_id, self._venue.token_for
        state = self._venue.distributions.consumer_action(
            session,
            request.path_params["draw_id"],
            MECHANISM,
            lambda engine, now: engine.enter(consumer, now),
            lambda engine, now: engine.status(consumer, now, token_for),
        )
        return JSONResponse(state.to_wire())

    async def leave(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        await read_body(request)
        consumer, token_for = session.consumer_id, self._venue.token_for
        state = self._venue.distributions.consumer_action(
            session,
            request.path_params["draw_id"],
            MECHANISM,
            lambda engine, now: engine.leave(consumer, now),
            lambda engine, now: engine.status(consumer, now, token_for),
        )
        return JSONResponse(state.to_wire())

    async def status(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        consumer, token_for = session.consumer_id, self._venue.token_for
        state, poll_after = self._venue.distributions.read(
            request.path_params["draw_id"],
            MECHANISM,
            lambda engine, now: (
                engine.status(consumer, now, token_for),
                engine.poll_interval(consumer, now),
            ),
        )
        return JSONResponse(state.to_wire(), headers={"X-Poll-Interval": f"{poll_after:g}"})

    async def deny(self, request: Request) -> Response:
        """A server takes an entry out (secret key): see `DrawEngine.deny` for how a denial
        after the commit keeps the draw replayable."""
        require_secret_key(self._venue, request)
        body = await read_json(request, DrawDenyRequest)
        consumer, token_for = body.consumer_id, self._venue.token_for
        state = self._venue.distributions.deny(
            request.path_params["draw_id"],
            MECHANISM,
            consumer,
            body.reason,
            lambda engine, now: engine.status(consumer, now, token_for),
        )
        return JSONResponse(state.to_wire())

    # ---- operator API (create, list, get and update are shared) ------------------------------

    async def record(self, request: Request) -> Response:
        """The published record: `kiosk venue verify-draw` replays it."""
        require_secret_key(self._venue, request)
        # A draw whose closeAt has passed commits now, in the read's tick.
        doc = self._venue.distributions.read(
            request.path_params["id"], MECHANISM, lambda engine, now: engine.record()
        )
        if doc is None:
            raise not_found("This draw has not closed yet, so no entry list is committed.")
        return JSONResponse(doc)

    async def run(self, request: Request) -> Response:
        """Our extension: close the entries (if open) and draw now."""
        require_secret_key(self._venue, request)
        await read_body(request)
        return JSONResponse(
            self._venue.distributions.operator_action(
                request.path_params["id"],
                MECHANISM,
                lambda engine, now: engine.run_now(now),
                self._operator.view,
            )
        )


def routes(venue: Venue) -> list[BaseRoute]:
    return DrawApi(venue).routes()


RECORD_SCHEMA = {
    "type": "object",
    "required": ["drawId", "algorithm", "entriesHash", "count", "entries", "rounds"],
    "properties": {
        "drawId": {"type": "string"},
        "algorithm": {"type": "string"},
        "winnerCount": {"type": "integer"},
        "continueSelectingUntilCompleted": {"type": "boolean"},
        "committedAt": {"type": "string", "format": "date-time"},
        "entriesHash": {"type": "string", "description": "SHA-256 of the ids, one per line"},
        "count": {"type": "integer"},
        "entries": {"type": "array", "items": {"type": "string"}},
        "seed": {"type": ["string", "null"], "description": "Drawn at drawAt, after the commit"},
        "drawnAt": {"type": ["string", "null"], "format": "date-time"},
        "rounds": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "round": {"type": "integer"},
                    "at": {"type": "string", "format": "date-time"},
                    "reason": {"enum": ["draw", "replacement"]},
                    "winners": {"type": "array", "items": {"type": "string"}},
                    "replaces": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "finishedAt": {"type": ["string", "null"], "format": "date-time"},
    },
}


def openapi_paths(op: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """The operator paths above, for the venue server's OpenAPI document (`op` builds one
    secret-key operation: summary, optional body model, `schema=`, `conflict=`)."""
    return {
        "/operator/draws": {
            "get": op("List draws with their live counts"),
            "post": op(
                "Create a draw (Fanfare's admin `POST /draws` body); entries run from openAt "
                "to closeAt (or drawAt), the winners are drawn at drawAt",
                DrawCreate,
                conflict="SEQUENCE_HAS_DISTRIBUTION",
            ),
        },
        "/operator/draws/{id}": {
            "get": op("Get a draw with its live counts"),
            "put": op(
                "Update a draw (partial). Once the entry list is committed, the schedule, "
                "winnerCount, capacity and continueSelectingUntilCompleted are frozen",
                DrawUpdate,
                conflict="DRAW_COMMITTED",
            ),
        },
        "/operator/draws/{id}/record": {
            "get": op(
                "The published record: committed entry list and its hash, seed, algorithm "
                "and every round (replacements are new rounds). 404 until entries close. "
                "Replay with `kiosk venue verify-draw RECORD`",
                schema=RECORD_SCHEMA,
            )
        },
        "/operator/draws/{id}/run": {
            "post": op(
                "Run the draw now: close the entries (if open), commit, draw",
                conflict="DRAW_ALREADY_RUN",
            )
        },
    }
