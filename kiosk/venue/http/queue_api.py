"""Queues over HTTP: Fanfare's consumer paths (`/queues/{queueId}`, `enter`, `leave`,
`status`; `admit` and `deny` for servers with the secret key) and the operator's
`/operator/queues` (create, update, open, pause, resume, close, the opening shuffle record)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.venue.domain.catalog import QueueCreate, QueueUpdate
from kiosk.venue.domain.errors import not_found
from kiosk.venue.domain.queue_projection import queue_status
from kiosk.venue.http.guards import (
    consumer_session,
    page,
    require_publishable_key,
    require_secret_key,
)
from kiosk.venue.http.requests import read_body, read_json
from kiosk.venue.http.responses import wire_response
from kiosk.venue.venue import Venue
from kiosk.wire.distributions import AdmitRequest, QueueDenyRequest

QUEUE_ACTIONS = ("open", "pause", "resume", "close")


class QueueApi:
    def __init__(self, venue: Venue) -> None:
        self._venue = venue

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/queues/{queue_id}", self.queue, methods=["GET"]),
            Route("/queues/{queue_id}/enter", self.enter, methods=["POST"]),
            Route("/queues/{queue_id}/leave", self.leave, methods=["POST"]),
            Route("/queues/{queue_id}/status", self.status, methods=["GET"]),
            Route("/queues/{queue_id}/admit", self.admit, methods=["POST"]),
            Route("/queues/{queue_id}/deny", self.deny, methods=["POST"]),
            Route("/operator/queues", self.operator_queues, methods=["GET", "POST"]),
            Route("/operator/queues/{id}", self.operator_queue, methods=["GET", "PUT"]),
            Route("/operator/queues/{id}/shuffle", self.shuffle, methods=["GET"]),
            Route("/operator/queues/{id}/{action}", self.control, methods=["POST"]),
        ]

    # ---- consumer API ----------------------------------------------------------------------

    async def queue(self, request: Request) -> Response:
        require_publishable_key(self._venue, request)
        queue_id = request.path_params["queue_id"]
        return wire_response(self._venue.queueing.wire_queue(queue_id))

    async def enter(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        await read_body(request)
        state = self._venue.queueing.enter(session, request.path_params["queue_id"])
        return wire_response(state)

    async def leave(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        await read_body(request)
        state = self._venue.queueing.leave(session, request.path_params["queue_id"])
        return wire_response(state)

    async def status(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        state, poll_after = self._venue.queueing.status(session, request.path_params["queue_id"])
        return wire_response(state, headers={"X-Poll-Interval": f"{poll_after:g}"})

    # ---- servers (secret key): one consumer in or out ----------------------------------------

    async def admit(self, request: Request) -> Response:
        """Let a waiting consumer through now. The answer carries their grant: only a
        secret-key holder (who could redeem it anyway) sees it."""
        require_secret_key(self._venue, request)
        body = await read_json(request, AdmitRequest)
        state = self._venue.queueing.admit(request.path_params["queue_id"], body.consumer_id)
        return JSONResponse(state.to_wire())

    async def deny(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        body = await read_json(request, QueueDenyRequest)
        venue, queue_id, consumer = self._venue, request.path_params["queue_id"], body.consumer_id
        venue.queueing.get(queue_id)  # 404 for an unknown queue, before anything else
        token_for = venue.token_for
        state = venue.distributions.deny(
            queue_id,
            "queue",
            consumer,
            body.reason,
            lambda engine, now: queue_status(engine, engine.entry(consumer), now, token_for),
        )
        return JSONResponse(state.to_wire())

    # ---- operator API ----------------------------------------------------------------------

    async def operator_queues(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        queueing = self._venue.queueing
        if request.method == "POST":
            body = await read_json(request, QueueCreate)
            return JSONResponse(queueing.create_view(body))
        return JSONResponse(page(queueing.views()))

    async def operator_queue(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        queueing, queue_id = self._venue.queueing, request.path_params["id"]
        if request.method == "PUT":
            body = await read_json(request, QueueUpdate)
            return JSONResponse(queueing.update(queue_id, body))
        return JSONResponse(queueing.view(queue_id))

    async def control(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        action = request.path_params["action"]
        if action not in QUEUE_ACTIONS:
            raise not_found(
                f"Unknown queue action {action!r}; use one of {', '.join(QUEUE_ACTIONS)}."
            )
        await read_body(request)
        return JSONResponse(self._venue.queueing.control_view(request.path_params["id"], action))

    async def shuffle(self, request: Request) -> Response:
        """The record that lets anyone replay the opening shuffle of early arrivals."""
        require_secret_key(self._venue, request)
        return JSONResponse(self._venue.queueing.shuffle_record(request.path_params["id"]))


def routes(venue: Venue) -> list[BaseRoute]:
    return QueueApi(venue).routes()


def openapi_paths(op: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """The operator paths above, for the venue server's OpenAPI document."""
    paths: dict[str, Any] = {
        "/operator/queues": {
            "get": op("List queues with their live counts"),
            "post": op("Create a queue", QueueCreate, conflict="SEQUENCE_HAS_DISTRIBUTION"),
        },
        "/operator/queues/{id}": {
            "get": op("Get a queue with its live counts"),
            "put": op("Update a queue (partial)", QueueUpdate),
        },
        "/operator/queues/{id}/shuffle": {
            "get": op(
                "The opening shuffle record: entriesHash, seed, algorithm, entries (arrival "
                "order) and order (shuffled); replay with `kiosk venue verify-shuffle`"
            )
        },
    }
    for action in QUEUE_ACTIONS:
        paths[f"/operator/queues/{{id}}/{action}"] = {
            "post": op(f"{action.capitalize()} the queue", conflict="QUEUE_CLOSED")
        }
    return paths
