"""Draws over HTTP: Fanfare's consumer paths (`/draws/{drawId}`, `enter`, `leave`, `status`)
and our operator paths (`/operator/draws`: create, list, get, update, the published record,
and "run the draw now")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kiosk.venue.domain.draw import DrawCreate, DrawEngine, DrawUpdate, create
from kiosk.venue.domain.engine import TickResult
from kiosk.venue.domain.errors import RefusedError, not_found
from kiosk.venue.http.guards import consumer_session, require_publishable_key, require_secret_key
from kiosk.venue.http.requests import invalid_request, read_body, read_json
from kiosk.venue.service import VenueService
from kiosk.wire.base import Instant, WireResponse

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


def schedule_invalid(
    message: str, expected: str = "openAt < closeAt <= drawAt"
) -> RefusedError:
    """400 for a body that is well formed but impossible with the stored values."""
    return invalid_request(
        [
            {
                "kind": "validation",
                "type": "schedule",
                "expected": expected,
                "received": "object",
                "message": message,
                "path": [],
            }
        ]
    )


def routes(service: VenueService) -> list[Route]:
    def view(engine: DrawEngine, now: datetime) -> dict[str, Any]:
        return {**engine.describe(now), "organizationId": service.organization.id}

    # ---- consumer API ----------------------------------------------------------------------

    async def details(request: Request) -> Response:
        require_publishable_key(service, request)
        engine = service.distribution(request.path_params["draw_id"], MECHANISM)
        service.tick()
        now = service.now()
        return JSONResponse(draw_details(engine, service.organization.id, now).to_wire())

    async def enter(request: Request) -> Response:
        session = consumer_session(service, request)
        await read_body(request)  # bounded, and ignored: entering takes no body
        consumer = session.consumer_id
        state = service.consumer_action(
            session,
            request.path_params["draw_id"],
            MECHANISM,
            lambda engine, now: engine.enter(consumer, now),
            lambda engine, now: engine.status(consumer, now, service.token_for),
        )
        return JSONResponse(state.to_wire())

    async def leave(request: Request) -> Response:
        session = consumer_session(service, request)
        await read_body(request)
        consumer = session.consumer_id
        state = service.consumer_action(
            session,
            request.path_params["draw_id"],
            MECHANISM,
            lambda engine, now: engine.leave(consumer, now),
            lambda engine, now: engine.status(consumer, now, service.token_for),
        )
        return JSONResponse(state.to_wire())

    async def status(request: Request) -> Response:
        session = consumer_session(service, request)
        consumer = session.consumer_id
        state, poll_after = service.consumer_read(
            session,
            request.path_params["draw_id"],
            MECHANISM,
            lambda engine, now: (
                engine.status(consumer, now, service.token_for),
                engine.poll_interval(consumer, now),
            ),
        )
        return JSONResponse(state.to_wire(), headers={"X-Poll-Interval": f"{poll_after:g}"})

    # ---- operator API ----------------------------------------------------------------------

    async def draws(request: Request) -> Response:
        require_secret_key(service, request)
        if request.method == "POST":
            body = await read_json(request, DrawCreate)
            engine = create(service, body)
            return JSONResponse(view(engine, service.now()))
        service.tick()
        now = service.now()
        items = [
            view(engine, now)
            for engine in service.distributions.values()
            if isinstance(engine, DrawEngine)
        ]
        return JSONResponse({"data": items, "pageInfo": {"startCursor": None, "endCursor": None}})

    async def draw(request: Request) -> Response:
        require_secret_key(service, request)
        draw_id = request.path_params["id"]
        if request.method == "PUT":
            body = await read_json(request, DrawUpdate)
            changes = body.model_dump(exclude_unset=True)

            def update(engine: DrawEngine, now: datetime) -> TickResult:
                try:
                    config = engine.update(changes, now)
                except ValueError as exc:
                    raise schedule_invalid(str(exc)) from exc
                engine.set_config(config)
                return TickResult(dirty=[engine.config_record()])

            return JSONResponse(service.operator_action(draw_id, MECHANISM, update, view))
        engine = service.distribution(draw_id, MECHANISM)
        service.tick()
        return JSONResponse(view(engine, service.now()))

    async def record(request: Request) -> Response:
        """The published record: `kiosk venue verify-draw` replays it."""
        require_secret_key(service, request)
        engine = service.distribution(request.path_params["id"], MECHANISM)
        service.tick()  # a draw whose closeAt has passed commits now
        doc = engine.record()
        if doc is None:
            raise not_found("This draw has not closed yet, so no entry list is committed.")
        return JSONResponse(doc)

    async def run(request: Request) -> Response:
        """Our extension: close the entries (if open) and draw now."""
        require_secret_key(service, request)
        await read_body(request)
        return JSONResponse(
            service.operator_action(
                request.path_params["id"],
                MECHANISM,
                lambda engine, now: engine.run_now(now),
                view,
            )
        )

    return [
        Route("/draws/{draw_id}", details, methods=["GET"]),
        Route("/draws/{draw_id}/enter", enter, methods=["POST"]),
        Route("/draws/{draw_id}/leave", leave, methods=["POST"]),
        Route("/draws/{draw_id}/status", status, methods=["GET"]),
        Route("/operator/draws", draws, methods=["GET", "POST"]),
        Route("/operator/draws/{id}", draw, methods=["GET", "PUT"]),
        Route("/operator/draws/{id}/record", record, methods=["GET"]),
        Route("/operator/draws/{id}/run", run, methods=["POST"]),
    ]


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
