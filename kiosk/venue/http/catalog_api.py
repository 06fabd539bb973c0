"""The operator's catalogue (secret key): the organization, experiences, sequences, their
access-code lists, and the recent one-time codes staff read out.

Create and change bodies take the names of Fanfare's admin API (`POST /experiences`,
`POST /sequences`); mounted under `/operator`, so consumer and admin paths never collide.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.core.instants import format_instant
from kiosk.venue.domain.access import AccessCode
from kiosk.venue.domain.catalog import (
    AccessCodesCreate,
    AdminBody,
    ExperienceCreate,
    ExperienceUpdate,
    SequenceCreate,
    SequenceUpdate,
)
from kiosk.venue.http.guards import page, require_secret_key
from kiosk.venue.http.requests import read_json
from kiosk.venue.venue import Venue

FrameAncestor = Annotated[
    str, Field(pattern=r"^('self'|https?://(\*\.)?[A-Za-z0-9.-]{1,253}(:\d{1,5})?)$")
]


class OrganizationSettings(AdminBody):
    # CSP `frame-ancestors` sources: an origin (`https://shop.example`, `https://*.example`)
    # or `'self'`; nothing that could break out of the header.
    frame_ancestors: list[FrameAncestor] = Field(max_length=50)


def _codes(codes: list[AccessCode]) -> dict[str, object]:
    return page([{"code": c.code, "maxUses": c.max_uses, "uses": len(c.consumers)} for c in codes])


class CatalogApi:
    def __init__(self, venue: Venue) -> None:
        self._venue = venue

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/operator/organization", self.organization, methods=["GET"]),
            Route("/operator/organization/settings", self.settings, methods=["PUT"]),
            Route("/operator/experiences", self.experiences, methods=["GET", "POST"]),
            Route("/operator/experiences/{id}", self.experience, methods=["GET", "PUT"]),
            Route("/operator/sequences", self.sequences, methods=["GET", "POST"]),
            Route("/operator/sequences/{id}", self.sequence, methods=["GET", "PUT"]),
            Route(
                "/operator/sequences/{id}/access-codes",
                self.access_codes,
                methods=["GET", "POST"],
            ),
            Route("/operator/otp", self.otp_codes, methods=["GET"]),
        ]

    async def organization(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        org = self._venue.organization
        return JSONResponse({"id": org.id, "name": org.name, "publishableKey": org.publishable_key})

    async def settings(self, request: Request) -> Response:
        """What `GET /organizations/{id}/settings` answers: the frame-ancestors allowlist."""
        require_secret_key(self._venue, request)
        body = await read_json(request, OrganizationSettings)
        return JSONResponse(self._venue.consumers.set_frame_ancestors(body.frame_ancestors))

    async def experiences(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        catalog = self._venue.catalog
        if request.method == "POST":
            body = await read_json(request, ExperienceCreate)
            return JSONResponse(catalog.create_experience(body).to_doc())
        return JSONResponse(page([e.to_doc() for e in catalog.experiences()]))

    async def experience(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        catalog, experience_id = self._venue.catalog, request.path_params["id"]
        if request.method == "PUT":
            body = await read_json(request, ExperienceUpdate)
            return JSONResponse(catalog.update_experience(experience_id, body).to_doc())
        return JSONResponse(catalog.experience(experience_id).to_doc())

    async def sequences(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        catalog = self._venue.catalog
        if request.method == "POST":
            body = await read_json(request, SequenceCreate)
            return JSONResponse(catalog.create_sequence(body).to_doc())
        return JSONResponse(page([s.to_doc() for s in catalog.sequences()]))

    async def sequence(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        catalog, sequence_id = self._venue.catalog, request.path_params["id"]
        if request.method == "PUT":
            body = await read_json(request, SequenceUpdate)
            return JSONResponse(catalog.update_sequence(sequence_id, body).to_doc())
        return JSONResponse(catalog.sequence(sequence_id).to_doc())

    async def access_codes(self, request: Request) -> Response:
        """Code lists: single-use (`maxUses: 1`), N uses, or unlimited; case-insensitive."""
        require_secret_key(self._venue, request)
        catalog, sequence_id = self._venue.catalog, request.path_params["id"]
        if request.method == "POST":
            body = await read_json(request, AccessCodesCreate)
            return JSONResponse(_codes(catalog.add_access_codes(sequence_id, body)))
        return JSONResponse(_codes(catalog.access_codes(sequence_id)))

    async def otp_codes(self, request: Request) -> Response:
        """Recent one-time codes, for staff to read out (the local sender's outbox)."""
        require_secret_key(self._venue, request)
        return JSONResponse(
            page(
                [
                    {
                        "destination": sent.destination,
                        "code": sent.code,
                        "expiresAt": format_instant(sent.expires_at),
                    }
                    for sent in self._venue.access.recent_codes()
                ]
            )
        )
