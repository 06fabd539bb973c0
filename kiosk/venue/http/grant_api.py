"""The grant API for servers (secret key): validate, redeem (validate and consume), revoke."""

from __future__ import annotations

from pydantic import Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.venue.domain.catalog import AdminBody
from kiosk.venue.http.guards import require_secret_key
from kiosk.venue.http.requests import read_json
from kiosk.venue.venue import Venue


class GrantTokenBody(AdminBody):
    token: str = Field(min_length=1, max_length=2048, repr=False)
    experience_id: str | None = Field(default=None, max_length=64)


class GrantApi:
    def __init__(self, venue: Venue) -> None:
        self._venue = venue

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/grants/validate", self.validate, methods=["POST"]),
            Route("/grants/redeem", self.redeem, methods=["POST"]),
            Route("/grants/revoke", self.revoke, methods=["POST"]),
        ]

    async def validate(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        body = await read_json(request, GrantTokenBody)
        grants = self._venue.grants
        grant = grants.validate(body.token, body.experience_id)
        return JSONResponse({"valid": True, "grant": grants.describe(grant)})

    async def redeem(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        body = await read_json(request, GrantTokenBody)
        grants = self._venue.grants
        grant = grants.redeem(body.token, body.experience_id)
        return JSONResponse({"redeemed": True, "grant": grants.describe(grant)})

    async def revoke(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        body = await read_json(request, GrantTokenBody)
        grants = self._venue.grants
        grant = grants.revoke(body.token)
        return JSONResponse({"revoked": True, "grant": grants.describe(grant)})
