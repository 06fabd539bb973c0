"""The POS bridge's ASGI app: kiosks hand over, the POS reads and closes handoffs.

    POST /handoffs                       kiosk token      receive a handoff (see protocol.py)
    GET  /pos/handoffs?status=&reference= POS API token   pending (default), completed, ...
    GET  /pos/handoffs/{id}              POS API token
    POST /pos/handoffs/{id}/complete     POS API token    {"note"?}
    POST /pos/handoffs/{id}/cancel       POS API token    {"reason"?}
    GET  /health

(All bodies are JSON.)
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kiosk.core.asgi import (
    Background,
    lifespan_with,
    retry_after_headers,
    standard_handlers,
)
from kiosk.pos.protocol import HandoffRequest
from kiosk.pos_bridge.service import BridgeError, BridgeReply, BridgeService

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024

class CloseBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = Field(default=None, max_length=500)
    reason: str | None = Field(default=None, max_length=500)


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


async def _read_json(request: Request, *, optional: bool = False) -> dict[str, Any]:
    declared = request.headers.get("content-length")
    # ASCII digits only: '²'.isdigit() is true and int('²') raises (a 500, not a 413).
    too_long = declared is not None and declared.isascii() and declared.isdigit()
    if too_long and (len(declared) > 18 or int(declared) > MAX_BODY_BYTES):
        raise BridgeError(
            413, "PAYLOAD_TOO_LARGE", f"Bodies are limited to {MAX_BODY_BYTES} bytes."
        )
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise BridgeError(
                413, "PAYLOAD_TOO_LARGE", f"Bodies are limited to {MAX_BODY_BYTES} bytes."
            )
    if not raw.strip() and optional:
        return {}
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BridgeError(400, "VALIDATION_ERROR", "The body is not valid JSON.") from exc
    if not isinstance(data, dict):
        raise BridgeError(400, "VALIDATION_ERROR", "The body must be a JSON object.")
    return data


def _validate(model: type[BaseModel], data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # Never echo the input back: it may hold a grant.
        issues = [
            {"path": list(error["loc"]), "message": error["msg"]}
            for error in exc.errors(include_url=False, include_input=False, include_context=False)
        ]
        raise BridgeError(
            400, "VALIDATION_ERROR", "The request body is not valid.", issues=issues
        ) from None


def _reply(reply: BridgeReply) -> Response:
    headers = retry_after_headers(reply.retry_after)
    return JSONResponse(reply.body, status_code=reply.status, headers=headers)


async def _bridge_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, BridgeError)
    return _reply(BridgeReply(exc.status, exc.body(), exc.retry_after))


def _http_body(status: int, detail: str) -> dict[str, Any]:
    code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(status, "HTTP_ERROR")
    return {"code": code, "message": detail, "retryable": False}


_UNEXPECTED = {"code": "INTERNAL_ERROR", "message": "The POS bridge failed.", "retryable": True}


def create_bridge_app(
    service: BridgeService,
    *,
    background: dict[str, Background] | None = None,
    on_close: list[Callable[[], Awaitable[None]]] | None = None,
) -> Starlette:
    """The ASGI app around `service`. `background` names loops to run while serving (the
    webhook dispatcher); `on_close` runs at shutdown (closing HTTP clients). ASGITransport
    runs no lifespan, so tests drive those directly."""
    loops = dict(background or {})
    closers = list(on_close or [])

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def receive(request: Request) -> Response:
        kiosk_id = service.kiosk_for(_bearer(request))
        body = _validate(HandoffRequest, await _read_json(request))
        header_key = request.headers.get("idempotency-key")
        if header_key is not None and header_key != body.idempotency_key:
            raise BridgeError(
                400, "VALIDATION_ERROR", "Idempotency-Key differs from the body's key."
            )
        return _reply(await service.receive(kiosk_id, body))

    async def pos_list(request: Request) -> Response:
        service.check_pos(_bearer(request))
        status = request.query_params.get("status", "pending")
        reference = request.query_params.get("reference")
        items = service.handoffs(status, reference.upper() if reference else None)
        return JSONResponse({"data": items})

    async def pos_get(request: Request) -> Response:
        service.check_pos(_bearer(request))
        return JSONResponse(service.handoff(request.path_params["id"]))

    async def pos_close(request: Request) -> Response:
        service.check_pos(_bearer(request))
        action = request.path_params["action"]
        states = {"complete": "completed", "cancel": "cancelled"}
        if action not in states:
            raise BridgeError(404, "NOT_FOUND", "Use /complete or /cancel.")
        body = _validate(CloseBody, await _read_json(request, optional=True))
        reason = body.reason or body.note
        return JSONResponse(service.close(request.path_params["id"], states[action], reason))

    app = Starlette(
        routes=[
            Route("/health", health, methods=["GET"]),
            Route("/handoffs", receive, methods=["POST"]),
            Route("/pos/handoffs", pos_list, methods=["GET"]),
            Route("/pos/handoffs/{id}", pos_get, methods=["GET"]),
            Route("/pos/handoffs/{id}/{action}", pos_close, methods=["POST"]),
        ],
        lifespan=lifespan_with(loops, closers),
        exception_handlers={
            BridgeError: _bridge_error,
            # traceback=False: a bridge exception's message may quote a grant
            **standard_handlers(
                http_body=_http_body, unexpected_body=_UNEXPECTED, log=log, traceback=False
            ),
        },
    )
    return app
