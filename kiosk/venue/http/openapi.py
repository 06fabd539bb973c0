"""The venue server's own OpenAPI document: our extensions to Fanfare's consumer API.

The consumer paths follow Fanfare's published consumer API file and are not repeated here.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from kiosk.venue.domain.catalog import (
    AccessCodesCreate,
    ExperienceCreate,
    ExperienceUpdate,
    SequenceCreate,
    SequenceUpdate,
    WaitlistCreate,
)
from kiosk.venue.http.catalog_api import OrganizationSettings
from kiosk.venue.http.grant_api import GrantTokenBody
from kiosk.venue.http.health_api import health_openapi
from kiosk.venue.http.keys_api import RotateKeyBody
from kiosk.venue.http.loyalty_api import openapi_paths as loyalty_openapi
from kiosk.venue.http.status_api import status_openapi
from kiosk.venue.http.status_extensions import status_extension_paths
from kiosk.venue.mechanisms import MECHANISMS
from kiosk.wire.auth import DrawEntryRequest
from kiosk.wire.routing import ExperienceMedia, LiveStatus

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}
CONFLICT = {
    "type": "object",
    "required": ["code"],
    "properties": {
        "code": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"},
        "message": {"type": "string"},
    },
}
GRANT = {
    "type": "object",
    "properties": {
        name: {"type": "string"}
        for name in (
            "grantId",
            "status",
            "consumerId",
            "distributionType",
            "distributionId",
            "sequenceId",
            "experienceId",
            "issuedAt",
            "expiresAt",
            "usedAt",
        )
    },
}


def _body(model: type[BaseModel]) -> dict[str, Any]:
    return {
        "required": True,
        "content": {"application/json": {"schema": model.model_json_schema(by_alias=True)}},
    }


def _responses(
    ok: str, schema: dict[str, Any] | None = None, conflict: str | None = None
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {
            "description": ok,
            "content": {"application/json": {"schema": schema or {"type": "object"}}},
        },
        "400": {"description": "Invalid body (validation_error with issues)"},
        "401": {"description": "No secret key", "content": {"application/json": {"schema": ERROR}}},
        "403": {"description": "Wrong key", "content": {"application/json": {"schema": ERROR}}},
        "404": {"description": "Unknown id", "content": {"application/json": {"schema": ERROR}}},
    }
    if conflict:
        responses["409"] = {
            "description": conflict,
            "content": {"application/json": {"schema": CONFLICT}},
        }
    return responses


def _op(summary: str, body: type[BaseModel] | None = None, **responses: Any) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "security": [{"SecretKey": []}],
        "responses": _responses(summary, **responses),
    }
    if body is not None:
        operation["requestBody"] = _body(body)
    return operation


def experience_extension() -> dict[str, Any]:
    """Our fields on the consumer API's experience object (GET /experiences/{experienceId}).
    Fanfare's schema allows extra properties there; a client that does not know them
    ignores them."""
    media = ExperienceMedia.model_json_schema(by_alias=True)
    status = LiveStatus.model_json_schema(by_alias=True)
    media.pop("title", None)
    status.pop("title", None)
    return {
        "type": "object",
        "description": (
            "Extension fields of the consumer API's experience object. 'description' is the "
            "default language's; the i18n object carries it per language as 'description' "
            '(e.g. {"es": {"name": "...", "description": "..."}}). Media URLs are relative to '
            "the venue (/media/<file>) or absolute, and public (no key, no token). "
            "liveStatus is read-only and needs no consumer session: queues give waiting and "
            "waitSeconds, scheduled ones opensAt, draws and auctions closesAt, auctions "
            "currentPrice (the highest bid or the live price), timed releases available; "
            "state is scheduled, open, sold_out or closed."
        ),
        "properties": {
            "description": {"type": ["string", "null"], "maxLength": 1000},
            "media": {"anyOf": [media, {"type": "null"}]},
            "liveStatus": {"anyOf": [status, {"type": "null"}]},
        },
    }


MEDIA_PATH = {
    "get": {
        "summary": "A public image of the catalogue (PNG, WebP or JPEG), cacheable",
        "security": [],
        "parameters": [
            {
                "name": "name",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},
            }
        ],
        "responses": {
            "200": {
                "description": "The image, with ETag and Cache-Control",
                "content": {
                    media_type: {"schema": {"type": "string", "format": "binary"}}
                    for media_type in ("image/png", "image/webp", "image/jpeg")
                },
            },
            "304": {"description": "Not modified (If-None-Match)"},
            "404": {
                "description": "No such image (also any path, '..', or a name outside the "
                "media directory)",
                "content": {"application/json": {"schema": ERROR}},
            },
        },
    }
}


def draw_entry_openapi() -> dict[str, Any]:
    """Our extension: come back to a draw entry by its reference."""
    session = {"type": "object", "description": "The same shape as POST /auth/guest answers"}
    return {
        "post": {
            "summary": (
                "Come back to a draw entry: a consumer session for the consumer whose entry "
                "in the experience's draw has this reference (the same body as POST "
                "/auth/guest). The entrant's projection carries the reference as "
                "`distribution.details.entryReference` (GET /consumers/me, the routed "
                "sequence), and GET /experiences/{id} says `drawEntryReferences: true` when "
                "the experience has a draw. A reference is 6 characters of Crockford's base "
                "32 (case, spaces and O/I/L are forgiven), unique per draw, and works until "
                "the result is claimed or lapses (then 409 ENTRY_REFERENCE_SPENT). Wrong "
                "references are limited per client address (5 a minute) and per draw (30 a "
                "minute): 429 with Retry-After. References are never logged."
            ),
            "security": [{"PublishableKey": []}],
            "requestBody": _body(DrawEntryRequest),
            "responses": {
                "200": {
                    "description": "A consumer session for the entry's consumer",
                    "content": {"application/json": {"schema": session}},
                },
                "400": {"description": "Invalid body (validation_error with issues)"},
                "401": {
                    "description": "No publishable key",
                    "content": {"application/json": {"schema": ERROR}},
                },
                "403": {
                    "description": "Wrong publishable key",
                    "content": {"application/json": {"schema": ERROR}},
                },
                "404": {
                    "description": "No entry with that reference (or no draw)",
                    "content": {"application/json": {"schema": ERROR}},
                },
                "409": {
                    "description": "ENTRY_REFERENCE_SPENT: the result was claimed or lapsed",
                    "content": {"application/json": {"schema": CONFLICT}},
                },
                "429": {
                    "description": "Too many wrong references; see Retry-After",
                    "content": {"application/json": {"schema": ERROR}},
                },
            },
        }
    }


PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _parameter_description(path: str, name: str) -> str:
    """'The queue's id' for /operator/queues/{id} or /queues/{queueId}."""
    if name.endswith("Id") and name != "id":
        noun = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name[:-2]).lower()
    else:
        segments = path.split("/")
        collection = segments[segments.index(f"{{{name}}}") - 1]
        noun = collection.replace("-", " ").removesuffix("s")
    return f"The {noun}'s id (an unknown one answers 404)"


def declare_path_parameters(paths: dict[str, Any]) -> dict[str, Any]:
    """Every `{name}` of a templated path declared as a required path parameter (OpenAPI
    requires it; a client generator or a fuzzer cannot fill the path without it), on the
    path item, unless an operation declares it itself."""
    for path, item in paths.items():
        missing = [n for n in PATH_PARAMETER.findall(path) if not _declared_by_all(item, n)]
        for name in missing:
            item.setdefault("parameters", []).append(
                {
                    "name": name,
                    "in": "path",
                    "required": True,
                    "description": _parameter_description(path, name),
                    "schema": {"type": "string", "minLength": 1},
                }
            )
    return paths


def _declared_by_all(item: dict[str, Any], name: str) -> bool:
    def declares(parameters: list[dict[str, Any]]) -> bool:
        return any(p.get("in") == "path" and p["name"] == name for p in parameters)

    if declares(item.get("parameters", [])):
        return True
    operations = [item[m] for m in METHODS if m in item]
    return bool(operations) and all(declares(op.get("parameters", [])) for op in operations)


def venue_openapi() -> dict[str, Any]:
    grant_ok = {"type": "object", "properties": {"grant": GRANT}}
    refusals = (
        "Refused: GRANT_INVALID (forged or malformed), GRANT_NOT_FOUND, GRANT_EXPIRED, "
        "GRANT_ALREADY_REDEEMED, GRANT_REVOKED, GRANT_WRONG_EXPERIENCE"
    )
    paths: dict[str, Any] = {
        "/health": {
            "get": {
                "summary": "Liveness",
                "security": [],
                "responses": {"200": {"description": "Up"}},
            }
        },
        "/operator/organization": {"get": _op("The organization's id and publishable key")},
        "/operator/organization/settings": {
            "put": _op(
                "Set what GET /organizations/{organizationId}/settings answers: "
                "frameAncestors, the CSP frame-ancestors sources ('self' or an origin such "
                "as https://shop.example or https://*.example; at most 50)",
                OrganizationSettings,
            )
        },
        "/operator/experiences": {
            "get": _op("List experiences"),
            "post": _op("Create an experience", ExperienceCreate),
        },
        "/operator/experiences/{id}": {
            "get": _op("Get an experience"),
            "put": _op("Update an experience (partial)", ExperienceUpdate),
        },
        "/operator/sequences": {
            "get": _op("List sequences"),
            "post": _op("Create a sequence (optionally with an access code)", SequenceCreate),
        },
        "/operator/sequences/{id}": {
            "get": _op("Get a sequence"),
            "put": _op("Update a sequence (partial)", SequenceUpdate),
        },
        "/operator/sequences/{id}/access-codes": {
            "get": _op("The sequence's access-code lists with their uses"),
            "post": _op(
                "Add access codes (case-insensitive; maxUses 1 = single use, N = N uses, "
                "null = unlimited)",
                AccessCodesCreate,
            ),
        },
        "/operator/waitlists": {
            "get": _op("List waitlists with their entries"),
            "post": _op(
                "Attach a waitlist to a sequence that has not opened yet",
                WaitlistCreate,
                conflict="SEQUENCE_HAS_WAITLIST",
            ),
        },
        "/operator/waitlists/{id}": {"get": _op("A waitlist with its entries")},
        "/operator/otp": {
            "get": _op(
                "Recent one-time codes from the local sender, for staff to read out after "
                "checking a customer's identity (never sent to the consumer by this server)"
            )
        },
        "/operator/keys/secret/rotate": {
            "post": _op(
                "A new secret key (in the answer's secretKey); the current one stays valid for "
                "overlapSeconds (default one day), then is retired",
                RotateKeyBody,
            )
        },
        "/grants/validate": {
            "post": _op(
                "Check a grant without using it", GrantTokenBody, schema=grant_ok, conflict=refusals
            )
        },
        "/grants/redeem": {
            "post": _op(
                "Validate and consume a grant atomically (single use)",
                GrantTokenBody,
                schema=grant_ok,
                conflict=refusals,
            )
        },
        "/grants/revoke": {
            "post": _op(
                "Revoke an unused grant; its slot goes back to the line",
                GrantTokenBody,
                schema=grant_ok,
                conflict=refusals,
            )
        },
    }
    paths["/auth/draw-entry"] = draw_entry_openapi()
    # Here, not at the top: the stream's module brings sse-starlette and uvicorn, which the
    # kiosk's embedded venue (no stream over ASGITransport) never needs.
    from kiosk.venue.http.events_api import events_openapi

    paths.update(events_openapi())
    paths.update(loyalty_openapi(_op))
    paths.update(health_openapi())
    paths.update(status_openapi(_op))
    paths["/media/{name}"] = MEDIA_PATH
    for mechanism in MECHANISMS:
        paths.update(mechanism.openapi_paths(_op))
    paths.update(status_extension_paths(ERROR, CONFLICT))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Fanfare Kiosk venue server",
            "version": "1.0.0",
            "description": (
                "Consumer paths (/auth, /experiences, /consumers/me, /queues/...) follow "
                "Fanfare's consumer API (fanfare-consumer-api.json) with the publishable key. "
                "This document covers our extensions: the operator API and the grant API for "
                "servers, both with the secret key as 'Authorization: Bearer sk_...', and, on "
                "Fanfare's own consumer paths (x-fanfare-consumer-api), the statuses the venue "
                "answers there that Fanfare's file does not list (404 for an unknown id, 409 "
                "and 423 refusals, 413, 429; docs/api-status-choices.md). Consumer "
                "status responses carry an X-Poll-Interval header (seconds) as a polling hint; "
                "GET /consumers/me/events pushes the /consumers/me body as Server-Sent Events "
                "instead (see that path). "
                "A live appointment booking's projection (GET /consumers/me, the routed "
                "sequence) carries its booking reference as "
                "`distribution.details.bookingReference` (the consumer object is closed in "
                "Fanfare's spec): 6 characters of Crockford's base 32, unique per appointment, "
                "kept across a reschedule and dropped on cancel; the operator's check-in, "
                "no-show, complete and cancel take it as confirmationCode. "
                "A route answer's sequence (POST /experiences/{id}/route) that is not open yet "
                "but has a waitlist says availability 'waitlist' and carries `waitlistId` (our "
                "extension), the id for POST /waitlists/{waitlistId}/enter. "
                "An experience's i18n object (Fanfare's: language -> key -> text) holds its "
                "'name' per language and, our use of its free keys, each appointment "
                "location's name as 'location:<the location's name>' (e.g. "
                '{"ar": {"name": "...", "location:VIP lounge": "..."}}); a kiosk '
                "shows the customer's language and falls back to the default names. The "
                "experience object also carries our extension (components.schemas."
                "ExperienceExtension): a description, public media and a live status."
            ),
        },
        "components": {
            "securitySchemes": {
                "SecretKey": {"type": "http", "scheme": "bearer"},
                "ConsumerBearer": {"type": "http", "scheme": "bearer"},
                "PublishableKey": {"type": "apiKey", "in": "header", "name": "X-Publishable-Key"},
            },
            "schemas": {"ExperienceExtension": experience_extension()},
        },
        "paths": declare_path_parameters(paths),
    }
