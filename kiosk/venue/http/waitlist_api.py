"""Waitlists over HTTP: Fanfare's consumer paths (`/waitlists/{id}/enter`, `leave`, `status`)
and the operator's `/operator/waitlists`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.venue.domain.catalog import WaitlistCreate
from kiosk.venue.domain.waitlists import Waitlist
from kiosk.venue.http.guards import consumer_session, page, require_secret_key
from kiosk.venue.http.requests import read_body, read_json
from kiosk.venue.venue import Venue


def waitlist_view(waitlist: Waitlist) -> dict[str, Any]:
    return {
        **waitlist.to_doc(),
        "entries": [entry.to_doc() for entry in waitlist.entries.values()],
    }


class WaitlistApi:
    def __init__(self, venue: Venue) -> None:
        self._venue = venue

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/waitlists/{waitlist_id}/enter", self.enter, methods=["POST"]),
            Route("/waitlists/{waitlist_id}/leave", self.leave, methods=["DELETE"]),
            Route("/waitlists/{waitlist_id}/status", self.status, methods=["GET"]),
            Route("/operator/waitlists", self.operator_waitlists, methods=["GET", "POST"]),
            Route("/operator/waitlists/{id}", self.operator_waitlist, methods=["GET"]),
        ]

    async def enter(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        await read_body(request)
        entry = self._venue.waitlists.join(session, request.path_params["waitlist_id"])
        return JSONResponse(entry.to_wire())

    async def leave(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        left = self._venue.waitlists.leave(session, request.path_params["waitlist_id"])
        return JSONResponse({"left": left})

    async def status(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        status = self._venue.waitlists.status(session, request.path_params["waitlist_id"])
        return JSONResponse(status.to_wire())

    async def operator_waitlists(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        if request.method == "POST":
            body = await read_json(request, WaitlistCreate)
            return JSONResponse(waitlist_view(self._venue.waitlists.create(body)))
        return JSONResponse(page([waitlist_view(w) for w in self._venue.waitlists.all()]))

    async def operator_waitlist(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        return JSONResponse(waitlist_view(self._venue.waitlists.get(request.path_params["id"])))
