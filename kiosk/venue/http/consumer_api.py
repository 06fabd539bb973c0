"""Fanfare's consumer API: same paths and shapes as `fanfare-consumer-api.json`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kiosk.core.instants import format_optional
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.http.requests import bearer_token, read_body, read_json
from kiosk.venue.service import VenueService
from kiosk.wire.auth import OtpRequest, OtpVerifyRequest, RefreshRequest
from kiosk.wire.distributions import WaitlistEntry as WaitlistEntryBody
from kiosk.wire.distributions import WaitlistStatus
from kiosk.wire.routing import RouteRequest


def _json(body: dict[str, object], *, poll_after: float | None = None) -> JSONResponse:
    headers = {"X-Poll-Interval": f"{poll_after:g}"} if poll_after is not None else None
    return JSONResponse(body, headers=headers)


class ConsumerApi:
    def __init__(self, service: VenueService) -> None:
        self._service = service

    def routes(self) -> list[Route]:
        return [
            Route("/auth/guest", self.guest, methods=["POST"]),
            Route("/auth/refresh", self.refresh, methods=["POST"]),
            Route("/auth/logout", self.logout, methods=["POST"]),
            Route("/auth/otp/request", self.otp_request, methods=["POST"]),
            Route("/auth/otp/verify", self.otp_verify, methods=["POST"]),
            Route("/consumers/me", self.me, methods=["GET"]),
            Route("/experiences/{experience_id}", self.experience, methods=["GET"]),
            Route("/experiences/{experience_id}/route", self.route, methods=["POST"]),
            Route("/queues/{queue_id}", self.queue, methods=["GET"]),
            Route("/queues/{queue_id}/enter", self.queue_enter, methods=["POST"]),
            Route("/queues/{queue_id}/leave", self.queue_leave, methods=["POST"]),
            Route("/queues/{queue_id}/status", self.queue_status, methods=["GET"]),
            Route("/waitlists/{waitlist_id}/enter", self.waitlist_enter, methods=["POST"]),
            Route("/waitlists/{waitlist_id}/leave", self.waitlist_leave, methods=["DELETE"]),
            Route("/waitlists/{waitlist_id}/status", self.waitlist_status, methods=["GET"]),
        ]

    def _key(self, request: Request) -> None:
        self._service.check_publishable_key(request.headers.get("x-publishable-key"))

    def _session(self, request: Request) -> ConsumerSession:
        self._key(request)
        return self._service.authenticate(bearer_token(request))

    async def guest(self, request: Request) -> Response:
        self._key(request)
        await read_body(request)  # bounded, and ignored: guest sign-in takes no body
        return _json(self._service.start_guest_session().to_wire())

    async def refresh(self, request: Request) -> Response:
        self._key(request)
        body = await read_json(request, RefreshRequest)
        return _json(self._service.refresh_session(body.refresh_token).to_wire())

    async def logout(self, request: Request) -> Response:
        session = self._session(request)
        self._service.logout(session)
        return Response(status_code=204)

    async def me(self, request: Request) -> Response:
        session = self._session(request)
        return _json(self._service.consumer_me(session).to_wire())

    async def experience(self, request: Request) -> Response:
        self._key(request)
        experience_id = request.path_params["experience_id"]
        return _json(self._service.wire_experience(experience_id).to_wire())

    async def route(self, request: Request) -> Response:
        session = self._session(request)
        body = await read_json(request, RouteRequest, optional=True)
        kiosk = request.client.host if request.client else None
        result = self._service.route(
            session, request.path_params["experience_id"], body.access_code, kiosk=kiosk
        )
        return _json(result.to_wire())

    async def queue(self, request: Request) -> Response:
        self._key(request)
        return _json(self._service.wire_queue(request.path_params["queue_id"]).to_wire())

    async def queue_enter(self, request: Request) -> Response:
        session = self._session(request)
        await read_body(request)
        state = self._service.queue_enter(session, request.path_params["queue_id"])
        return _json(state.to_wire())

    async def queue_leave(self, request: Request) -> Response:
        session = self._session(request)
        await read_body(request)
        state = self._service.queue_leave(session, request.path_params["queue_id"])
        return _json(state.to_wire())

    async def queue_status(self, request: Request) -> Response:
        session = self._session(request)
        state, poll_after = self._service.queue_status(session, request.path_params["queue_id"])
        return _json(state.to_wire(), poll_after=poll_after)

    async def otp_request(self, request: Request) -> Response:
        self._key(request)
        body = await read_json(request, OtpRequest)
        self._service.request_otp(body.email, body.phone)
        return _json({"ok": True})

    async def otp_verify(self, request: Request) -> Response:
        self._key(request)
        body = await read_json(request, OtpVerifyRequest)
        token = bearer_token(request)
        current = self._service.authenticate(token) if token else None
        answer = self._service.verify_otp(body.email, body.phone, body.code, current)
        return _json(answer.to_wire())

    async def waitlist_enter(self, request: Request) -> Response:
        session = self._session(request)
        await read_body(request)
        entry = self._service.waitlist_join(session, request.path_params["waitlist_id"])
        waitlist = self._service.waitlist(entry.waitlist_id)
        return _json(
            WaitlistEntryBody(
                id=entry.id,
                waitlist_id=entry.waitlist_id,
                sequence_id=waitlist.sequence_id,
                consumer_id=entry.consumer_id,
                entered_at=format_optional(entry.entered_at),
            ).to_wire()
        )

    async def waitlist_leave(self, request: Request) -> Response:
        session = self._session(request)
        left = self._service.waitlist_leave(session, request.path_params["waitlist_id"])
        return _json({"left": left})

    async def waitlist_status(self, request: Request) -> Response:
        session = self._session(request)
        waitlist = self._service.waitlist(request.path_params["waitlist_id"])
        entry = waitlist.entries.get(session.consumer_id)
        entered = entry is not None and entry.status != "left"
        return _json(
            WaitlistStatus(
                waitlist_id=waitlist.id,
                is_entered=entered,
                entered_at=format_optional(entry.entered_at) if entered and entry else None,
                sequence_id=waitlist.sequence_id,
            ).to_wire()
        )
