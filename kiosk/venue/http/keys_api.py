"""Rotating the secret key (operator, secret key): a new key now, the old one still
accepted for an overlap so servers (the POS bridge, staff tablets) can switch without a gap.

    POST /operator/keys/secret/rotate   {"overlapSeconds": 86400}
    -> {"secretKey": "sk_...", "previousKeyValidUntil": "..."}
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.core.instants import format_instant
from kiosk.venue.domain.catalog import AdminBody
from kiosk.venue.http.guards import require_secret_key
from kiosk.venue.http.requests import read_json
from kiosk.venue.venue import Venue

DEFAULT_OVERLAP_SECONDS = 86_400
MAX_OVERLAP_SECONDS = 30 * 86_400


class RotateKeyBody(AdminBody):
    overlap_seconds: int = Field(default=DEFAULT_OVERLAP_SECONDS, ge=0, le=MAX_OVERLAP_SECONDS)


class KeysApi:
    def __init__(self, venue: Venue) -> None:
        self._venue = venue

    def routes(self) -> list[BaseRoute]:
        return [Route("/operator/keys/secret/rotate", self.rotate, methods=["POST"])]

    async def rotate(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        body = await read_json(request, RotateKeyBody, optional=True)
        overlap = timedelta(seconds=body.overlap_seconds)
        key, until = self._venue.access.rotate_secret_key(overlap)
        # The one answer that carries a secret key: for the operator who asked, never logged.
        return JSONResponse(
            {"secretKey": key, "previousKeyValidUntil": format_instant(until)},
            headers={"Cache-Control": "no-store"},
        )
