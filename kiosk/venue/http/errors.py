"""The one place a refusal becomes an HTTP answer: its kind picks the status, the spec's
error shapes pick the body, `Retry-After` says when to come back."""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kiosk.core.asgi import ExceptionHandler, retry_after_headers, standard_handlers
from kiosk.venue.domain.errors import RefusalKind, RefusedError

STATUS: dict[RefusalKind, int] = {
    RefusalKind.INVALID: 400,
    RefusalKind.UNAUTHORIZED: 401,
    RefusalKind.FORBIDDEN: 403,
    RefusalKind.NOT_FOUND: 404,
    RefusalKind.CONFLICT: 409,
    RefusalKind.TOO_LARGE: 413,
    RefusalKind.NOT_OPEN: 423,
    RefusalKind.RATE_LIMITED: 429,
    RefusalKind.UNAVAILABLE: 503,
}
# The `error` name of the spec's `{error, message}` body, per kind.
ERROR_NAME: dict[RefusalKind, str] = {
    RefusalKind.INVALID: "validation_error",
    RefusalKind.UNAUTHORIZED: "unauthorized",
    RefusalKind.FORBIDDEN: "forbidden",
    RefusalKind.NOT_FOUND: "not_found",
    RefusalKind.TOO_LARGE: "payload_too_large",
    RefusalKind.RATE_LIMITED: "rate_limited",
    RefusalKind.UNAVAILABLE: "storage_unavailable",
}
# These kinds answer with the spec's `{code, message, action?, details?}` body.
CODED = {RefusalKind.CONFLICT, RefusalKind.NOT_OPEN}


# Messages may quote what the client sent (an id in a path): never kilobytes of it back.
MAX_MESSAGE = 300


def clip(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def status_of(error: RefusedError) -> int:
    return STATUS[error.kind]


def error_body(error: RefusedError) -> dict[str, Any]:
    if error.kind in CODED:
        body: dict[str, Any] = {"code": error.code, "message": clip(error.message)}
        if error.action:
            body["action"] = error.action
        if error.details is not None:
            body["details"] = error.details
        return body
    if error.kind is RefusalKind.INVALID:
        return {"error": "validation_error", "issues": (error.details or {}).get("issues", [])}
    # Lower-case codes are error names the spec itself gives (`otp_invalid`); upper-case ones
    # are ours (`QUEUE_FULL`) and the wire shows the kind's name instead.
    name = error.code if error.code.islower() else ERROR_NAME[error.kind]
    return {"error": name, "message": clip(error.message)}


def error_response(error: RefusedError) -> JSONResponse:
    return JSONResponse(
        error_body(error),
        status_code=status_of(error),
        headers=retry_after_headers(error.retry_after),
    )


async def _refused(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, RefusedError)
    return error_response(exc)


def _http_body(status: int, detail: str) -> dict[str, Any]:
    names = {404: "not_found", 405: "method_not_allowed"}
    return {"error": names.get(status, "http_error"), "message": clip(detail)}


def exception_handlers(log: logging.Logger) -> dict[Any, ExceptionHandler]:
    """Refusals, Starlette's own HTTP errors, and a bare 500 for anything unexpected."""
    return {
        RefusedError: _refused,
        **standard_handlers(
            http_body=_http_body,
            unexpected_body={
                "error": "internal_error",
                "message": "Something went wrong on the venue server.",
            },
            log=log,
        ),
    }
