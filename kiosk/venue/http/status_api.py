"""`GET /operator/status` (secret key): every distribution's live figures in one answer, for
`kiosk venue status` and staff dashboards. Counts only, never who is in line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.core.instants import format_instant
from kiosk.venue.http.guards import page, require_secret_key
from kiosk.venue.venue import Venue

STATUS_PATH = "/operator/status"


class StatusApi:
    def __init__(self, venue: Venue) -> None:
        self._venue = venue

    def routes(self) -> list[BaseRoute]:
        return [Route(STATUS_PATH, self.status, methods=["GET"])]

    async def status(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        venue = self._venue
        body = page([f.to_doc() for f in venue.figures.snapshot()])
        body["now"] = format_instant(venue.now())
        body["eventStreamsOpen"] = venue.changes.listeners
        return JSONResponse(body, headers={"Cache-Control": "no-store"})


def status_openapi(op: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    return {
        STATUS_PATH: {
            "get": op(
                "Live figures per distribution: experience, state (scheduled, open, paused, "
                "settling, closed), entrants, waiting (queues), admitted, admittedLastMinute, "
                "admitRate (queues, per minute), grantsLive and grants by status; plus now and "
                "eventStreamsOpen (read by `kiosk venue status`)"
            )
        }
    }
