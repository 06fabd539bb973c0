"""The operator API (secret key) and the grant API for servers (secret key).

Create and change bodies take the names of Fanfare's admin API (`POST /experiences`,
`POST /sequences`, `POST /queues`, `PUT /queues/{id}`); what that API lacks (open, pause,
resume, close, the shuffle record) are our own actions. Mounted under `/operator`, so the
consumer API's `GET /queues/{id}` and the admin-style one never collide.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kiosk.core.instants import format_instant, format_optional
from kiosk.venue.domain.catalog import (
    AccessCodesCreate,
    AdminBody,
    ExperienceCreate,
    ExperienceUpdate,
    QueueCreate,
    QueueUpdate,
    SequenceCreate,
    SequenceUpdate,
    WaitlistCreate,
)
from kiosk.venue.domain.errors import not_found
from kiosk.venue.domain.otp import StaffOtpSender
from kiosk.venue.domain.queue import QueueEngine
from kiosk.venue.domain.waitlists import Waitlist
from kiosk.venue.http.requests import bearer_token, read_body, read_json
from kiosk.venue.service import VenueService

QUEUE_ACTIONS = ("open", "pause", "resume", "close")


class GrantTokenBody(AdminBody):
    token: str = Field(min_length=1, max_length=2048, repr=False)
    experience_id: str | None = Field(default=None, max_length=64)


def _page(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"data": items, "pageInfo": {"startCursor": None, "endCursor": None}}


def _waitlist_view(waitlist: Waitlist) -> dict[str, Any]:
    return {
        **waitlist.to_doc(),
        "entries": [entry.to_doc() for entry in waitlist.entries.values()],
    }


def queue_view(engine: QueueEngine, service: VenueService) -> dict[str, Any]:
    now = service.now()
    runtime = engine.runtime
    return {
        **engine.config.to_doc(),
        "organizationId": service.organization.id,
        "lifecycle": engine.lifecycle(now),
        "paused": runtime.paused,
        "queued": engine.queued_count,
        "activeGrants": engine.active_grants,
        "openedAt": format_optional(runtime.opened_at),
        "shuffle": runtime.shuffle.to_doc() if runtime.shuffle else None,
    }


class OperatorApi:
    def __init__(self, service: VenueService) -> None:
        self._service = service

    def routes(self) -> list[Route]:
        return [
            Route("/operator/organization", self.organization, methods=["GET"]),
            Route("/operator/experiences", self.experiences, methods=["GET", "POST"]),
            Route("/operator/experiences/{id}", self.experience, methods=["GET", "PUT"]),
            Route("/operator/sequences", self.sequences, methods=["GET", "POST"]),
            Route("/operator/sequences/{id}", self.sequence, methods=["GET", "PUT"]),
            Route(
                "/operator/sequences/{id}/access-codes",
                self.access_codes,
                methods=["GET", "POST"],
            ),
            Route("/operator/waitlists", self.waitlists, methods=["GET", "POST"]),
            Route("/operator/waitlists/{id}", self.waitlist, methods=["GET"]),
            Route("/operator/otp", self.otp_codes, methods=["GET"]),
            Route("/operator/queues", self.queues, methods=["GET", "POST"]),
            Route("/operator/queues/{id}", self.queue, methods=["GET", "PUT"]),
            Route("/operator/queues/{id}/shuffle", self.shuffle, methods=["GET"]),
            Route("/operator/queues/{id}/{action}", self.queue_action, methods=["POST"]),
            Route("/grants/validate", self.grant_validate, methods=["POST"]),
            Route("/grants/redeem", self.grant_redeem, methods=["POST"]),
            Route("/grants/revoke", self.grant_revoke, methods=["POST"]),
        ]

    def _auth(self, request: Request) -> None:
        self._service.check_secret_key(bearer_token(request))

    async def organization(self, request: Request) -> Response:
        self._auth(request)
        org = self._service.organization
        return JSONResponse({"id": org.id, "name": org.name, "publishableKey": org.publishable_key})

    async def experiences(self, request: Request) -> Response:
        self._auth(request)
        service = self._service
        if request.method == "POST":
            body = await read_json(request, ExperienceCreate)
            return JSONResponse(service.create_experience(body).to_doc())
        return JSONResponse(_page([e.to_doc() for e in service.experiences.values()]))

    async def experience(self, request: Request) -> Response:
        self._auth(request)
        service, experience_id = self._service, request.path_params["id"]
        if request.method == "PUT":
            body = await read_json(request, ExperienceUpdate)
            return JSONResponse(service.update_experience(experience_id, body).to_doc())
        return JSONResponse(service.experience(experience_id).to_doc())

    async def sequences(self, request: Request) -> Response:
        self._auth(request)
        service = self._service
        if request.method == "POST":
            body = await read_json(request, SequenceCreate)
            return JSONResponse(service.create_sequence(body).to_doc())
        return JSONResponse(_page([s.to_doc() for s in service.sequences.values()]))

    async def sequence(self, request: Request) -> Response:
        self._auth(request)
        service, sequence_id = self._service, request.path_params["id"]
        if request.method == "PUT":
            body = await read_json(request, SequenceUpdate)
            return JSONResponse(service.update_sequence(sequence_id, body).to_doc())
        return JSONResponse(service.sequence(sequence_id).to_doc())

    async def access_codes(self, request: Request) -> Response:
        """Code lists: single-use (`maxUses: 1`), N uses, or unlimited; case-insensitive."""
        self._auth(request)
        service, sequence_id = self._service, request.path_params["id"]
        if request.method == "POST":
            body = await read_json(request, AccessCodesCreate)
            codes = service.add_access_codes(sequence_id, body)
        else:
            service.sequence(sequence_id)
            codes = service.access_codes.of(sequence_id)
        return JSONResponse(
            _page(
                [{"code": c.code, "maxUses": c.max_uses, "uses": len(c.consumers)} for c in codes]
            )
        )

    async def waitlists(self, request: Request) -> Response:
        self._auth(request)
        service = self._service
        if request.method == "POST":
            body = await read_json(request, WaitlistCreate)
            return JSONResponse(_waitlist_view(service.create_waitlist(body)))
        return JSONResponse(_page([_waitlist_view(w) for w in service.waitlists.values()]))

    async def waitlist(self, request: Request) -> Response:
        self._auth(request)
        return JSONResponse(_waitlist_view(self._service.waitlist(request.path_params["id"])))

    async def otp_codes(self, request: Request) -> Response:
        """Recent one-time codes, for staff to read out (the local sender's outbox)."""
        self._auth(request)
        sender = self._service.otp_sender
        recent = sender.recent(self._service.now()) if isinstance(sender, StaffOtpSender) else []
        return JSONResponse(
            _page(
                [
                    {
                        "destination": sent.destination,
                        "code": sent.code,
                        "expiresAt": format_instant(sent.expires_at),
                    }
                    for sent in recent
                ]
            )
        )

    async def queues(self, request: Request) -> Response:
        self._auth(request)
        service = self._service
        if request.method == "POST":
            body = await read_json(request, QueueCreate)
            config = service.create_queue(body)
            return JSONResponse(queue_view(service.queue(config.id), service))
        service.tick()  # live counts as of now, with or without the background ticker
        return JSONResponse(_page([queue_view(q, service) for q in service.queues.values()]))

    async def queue(self, request: Request) -> Response:
        self._auth(request)
        service, queue_id = self._service, request.path_params["id"]
        if request.method == "PUT":
            body = await read_json(request, QueueUpdate)
            service.update_queue(queue_id, body)
        else:
            service.queue(queue_id)
            service.tick()  # live counts as of now, with or without the background ticker
        return JSONResponse(queue_view(service.queue(queue_id), service))

    async def queue_action(self, request: Request) -> Response:
        self._auth(request)
        action = request.path_params["action"]
        if action not in QUEUE_ACTIONS:
            raise not_found(
                f"Unknown queue action {action!r}; use one of {', '.join(QUEUE_ACTIONS)}."
            )
        await read_body(request)
        engine = self._service.control_queue(request.path_params["id"], action)
        return JSONResponse(queue_view(engine, self._service))

    async def shuffle(self, request: Request) -> Response:
        """The record that lets anyone replay the opening shuffle of early arrivals."""
        self._auth(request)
        return JSONResponse(self._service.shuffle_record(request.path_params["id"]))

    async def grant_validate(self, request: Request) -> Response:
        self._auth(request)
        body = await read_json(request, GrantTokenBody)
        grant = self._service.validate_grant(body.token, body.experience_id)
        return JSONResponse({"valid": True, "grant": self._service.grants.describe(grant)})

    async def grant_redeem(self, request: Request) -> Response:
        self._auth(request)
        body = await read_json(request, GrantTokenBody)
        grant = self._service.redeem_grant(body.token, body.experience_id)
        return JSONResponse({"redeemed": True, "grant": self._service.grants.describe(grant)})

    async def grant_revoke(self, request: Request) -> Response:
        self._auth(request)
        body = await read_json(request, GrantTokenBody)
        grant = self._service.revoke_grant(body.token)
        return JSONResponse({"revoked": True, "grant": self._service.grants.describe(grant)})
