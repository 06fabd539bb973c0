"""Being in an experience, Fanfare's consumer paths: `POST /experiences/{experienceId}/enter`,
`DELETE /experiences/{experienceId}/leave` (withdraws from whatever the consumer was routed
to, by that mechanism's own rules) and `POST /experiences/archived-status`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.venue.http.guards import consumer_session, require_publishable_key
from kiosk.venue.http.requests import read_body, read_json
from kiosk.venue.venue import Venue
from kiosk.wire.base import WireRequest

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
MAX_IDS = 500  # a storefront asks about the experiences on one page, not a catalogue dump
ExperienceId = Annotated[str, Field(pattern=UUID_PATTERN)]  # the spec's `format: uuid`


class ExperienceIdsRequest(WireRequest):
    """`POST /experiences/archived-status`: up to 500 experience ids (UUIDs)."""

    experience_ids: list[ExperienceId] = Field(max_length=MAX_IDS)


class ExperienceApi:
    def __init__(self, venue: Venue) -> None:
        self._venue = venue

    def routes(self) -> list[BaseRoute]:
        return [
            # Before `/experiences/{experience_id}` routes could take it for an id.
            Route("/experiences/archived-status", self.archived_status, methods=["POST"]),
            Route("/experiences/{experience_id}/enter", self.enter, methods=["POST"]),
            Route("/experiences/{experience_id}/leave", self.leave, methods=["DELETE"]),
        ]

    async def enter(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        await read_body(request)  # bounded, and ignored: entering takes no body
        entries = self._venue.experience_entries
        return JSONResponse(entries.enter(session, request.path_params["experience_id"]))

    async def leave(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        await read_body(request)
        entries = self._venue.experience_entries
        left = entries.leave(session, request.path_params["experience_id"])
        return JSONResponse({"left": left})

    async def archived_status(self, request: Request) -> Response:
        require_publishable_key(self._venue, request)
        body = await read_json(request, ExperienceIdsRequest)
        live = self._venue.experience_entries.live_ids(body.experience_ids)
        return JSONResponse({"liveExperienceIds": live})
