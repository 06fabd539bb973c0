"""Fanfare's consumer API (sessions, external sign-in, experiences, routing, consumers, the
organization's settings): same paths and shapes as `fanfare-consumer-api.json`. Each
mechanism's own paths live in its module."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.venue.http.guards import consumer_session, require_publishable_key, require_secret_key
from kiosk.venue.http.requests import bearer_token, invalid_request, read_body, read_json
from kiosk.venue.venue import Venue
from kiosk.wire.auth import (
    DrawEntryRequest,
    ExternalAuthorizeRequest,
    ExternalExchangeRequest,
    OtpRequest,
    OtpVerifyRequest,
    RefreshRequest,
)
from kiosk.wire.routing import RouteRequest


class ConsumerApi:
    def __init__(self, venue: Venue) -> None:
        self._venue = venue

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/auth/guest", self.guest, methods=["POST"]),
            Route("/auth/refresh", self.refresh, methods=["POST"]),
            Route("/auth/draw-entry", self.draw_entry, methods=["POST"]),
            Route("/auth/logout", self.logout, methods=["POST"]),
            Route("/auth/otp/request", self.otp_request, methods=["POST"]),
            Route("/auth/otp/verify", self.otp_verify, methods=["POST"]),
            Route("/auth/external/authorize", self.external_authorize, methods=["POST"]),
            Route("/auth/external/exchange", self.external_exchange, methods=["POST"]),
            Route("/consumers/me", self.me, methods=["GET"]),
            # After `/consumers/me` (and its event stream), which it would otherwise take.
            Route("/consumers/{consumer_id}", self.consumer, methods=["GET"]),
            Route(
                "/organizations/{organization_id}/settings",
                self.organization_settings,
                methods=["GET"],
            ),
            Route("/experiences/{experience_id}", self.experience, methods=["GET"]),
            Route("/experiences/{experience_id}/route", self.route, methods=["POST"]),
        ]

    async def guest(self, request: Request) -> Response:
        require_publishable_key(self._venue, request)
        await read_body(request)  # bounded, and ignored: guest sign-in takes no body
        return JSONResponse(self._venue.access.start_guest_session().to_wire())

    async def draw_entry(self, request: Request) -> Response:
        """Our extension: a session for the consumer whose draw entry has this reference."""
        require_publishable_key(self._venue, request)
        body = await read_json(request, DrawEntryRequest)
        client = request.client.host if request.client else None
        resumed = self._venue.draw_entries.resume(body.experience_id, body.reference, client)
        return JSONResponse(resumed.to_wire())

    async def refresh(self, request: Request) -> Response:
        require_publishable_key(self._venue, request)
        body = await read_json(request, RefreshRequest)
        return JSONResponse(self._venue.access.refresh_session(body.refresh_token).to_wire())

    async def logout(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        self._venue.access.logout(session)
        return Response(status_code=204)

    async def me(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        return JSONResponse(self._venue.journeys.consumer_me(session).to_wire())

    async def experience(self, request: Request) -> Response:
        require_publishable_key(self._venue, request)
        experience_id = request.path_params["experience_id"]
        return JSONResponse(self._venue.catalog.wire_experience(experience_id).to_wire())

    async def route(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        body = await read_json(request, RouteRequest, optional=True)
        kiosk = request.client.host if request.client else None
        result = self._venue.journeys.route(
            session, request.path_params["experience_id"], body.access_code, kiosk=kiosk
        )
        return JSONResponse(result.to_wire())

    async def otp_request(self, request: Request) -> Response:
        require_publishable_key(self._venue, request)
        body = await read_json(request, OtpRequest)
        self._venue.access.request_otp(body.email, body.phone)
        return JSONResponse({"ok": True})

    async def otp_verify(self, request: Request) -> Response:
        require_publishable_key(self._venue, request)
        body = await read_json(request, OtpVerifyRequest)
        kiosk = request.client.host if request.client else None
        answer = self._venue.access.verify_otp(
            body.email, body.phone, body.code, bearer_token(request), kiosk=kiosk
        )
        return JSONResponse(answer.to_wire())

    async def external_authorize(self, request: Request) -> Response:
        """Server to server: the store's member system vouches for a member (secret key)."""
        require_secret_key(self._venue, request)
        body = await read_json(request, ExternalAuthorizeRequest)
        return JSONResponse(self._venue.external_auth.authorize(body).to_wire())

    async def external_exchange(self, request: Request) -> Response:
        """The kiosk trades the one-time code (e.g. a member card's QR) for a session. A
        guest's bearer, if sent, lets a new member keep the guest's place."""
        require_publishable_key(self._venue, request)
        body = await read_json(request, ExternalExchangeRequest)
        token = bearer_token(request)
        current = self._venue.access.authenticate(token) if token else None
        answer = self._venue.external_auth.exchange(body.exchange_code, current)
        return JSONResponse(answer.to_wire())

    async def consumer(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        consumer_id = request.path_params["consumer_id"]
        if not _UUID.match(consumer_id):
            raise invalid_request([_path_issue("id", "a consumer id is a UUID", "uuid")])
        return JSONResponse(self._venue.consumers.record(consumer_id))

    async def organization_settings(self, request: Request) -> Response:
        require_publishable_key(self._venue, request)
        organization_id = request.path_params["organization_id"]
        return JSONResponse(self._venue.consumers.settings(organization_id))


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def _path_issue(key: str, message: str, expected: str) -> dict[str, object]:
    return {
        "kind": "schema",
        "type": key,
        "expected": expected,
        "received": "string",
        "message": message,
        "path": [{"type": "object", "origin": "value", "input": None, "key": key}],
    }
