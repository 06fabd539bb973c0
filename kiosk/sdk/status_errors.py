"""From an error response to the one typed `APIStatusError` for its status, in one place."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

import httpx
from pydantic import ValidationError

from kiosk.sdk.errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    NotOpenYetError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
)
from kiosk.sdk.retry import parse_retry_after
from kiosk.wire.errors import ConflictBody, ErrorBody, ValidationErrorBody


def status_error(
    method: str, path: str, response: httpx.Response, now: datetime
) -> APIStatusError:
    """The error for `response` (status >= 400), saying what failed and what to do."""
    status = response.status_code
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    server_message = _server_message(body)
    common: dict[str, Any] = {
        "method": method,
        "path": path,
        "status_code": status,
        "body": body,
        "request_id": response.headers.get("X-Request-Id"),
        "retry_after": parse_retry_after(response.headers.get("Retry-After"), now),
    }
    request = f"{method} {path}"
    detail = f" ({server_message})" if server_message else ""
    if status == 400:
        issues = []
        with contextlib.suppress(ValidationError):
            issues = ValidationErrorBody.model_validate(body).issues
        where = "; ".join(issue.message for issue in issues[:3])
        return BadRequestError(
            f"{request} was rejected as invalid{f' ({where})' if where else detail}. "
            "The request did not match the API; check the values sent.",
            issues=issues,
            **common,
        )
    if status == 401:
        return AuthenticationError(
            f"{request} was refused: the consumer session is missing or expired{detail}. "
            "Start the journey again to get a new session.",
            **common,
        )
    if status == 403:
        return PermissionDeniedError(
            f"{request} is not allowed for this publishable key or session{detail}. "
            "Check the organization id and publishable key.",
            **common,
        )
    if status == 404:
        return NotFoundError(
            f"{request} was not found{detail}. Check the experience id and the API URL.",
            **common,
        )
    if status in (409, 423):
        return _conflict(request, status, body, detail, common)
    if status == 429:
        return RateLimitedError(
            f"{request} was rate limited{detail}. Wait a moment, then try again.",
            **common,
        )
    if status >= 500:
        return ServerError(
            f"{request} failed on the server (HTTP {status}){detail}. Try again shortly; "
            "if it persists, check the server.",
            **common,
        )
    return APIStatusError(f"{request} failed with HTTP {status}{detail}.", **common)


def _conflict(
    request: str, status: int, body: Any, detail: str, common: dict[str, Any]
) -> APIStatusError:
    conflict = _conflict_body(body)
    code = conflict.code if conflict else None
    about = f" ({code}: {conflict.message or ''})" if conflict else detail
    if status == 423:
        when = (
            f"; retry in {common['retry_after']:.0f} s"
            if common["retry_after"] is not None
            else ""
        )
        return NotOpenYetError(
            f"{request} is not open yet{about}{when}. Wait until it opens, then try again.",
            code=code,
            **common,
        )
    action = conflict.action if conflict else None
    advice = (
        "Reroute the journey, then try again."
        if action == "reroute"
        else "Refresh the journey and use the actions its current view offers."
    )
    return ConflictError(
        f"{request} conflicts with the journey's current state{about}. {advice}",
        code=code,
        action=action,
        details=conflict.details if conflict else None,
        **common,
    )


def _server_message(body: Any) -> str | None:
    if not isinstance(body, dict):
        return None
    try:
        parsed = ErrorBody.model_validate(body)
    except ValidationError:
        return None
    text = parsed.message or parsed.error
    return text[:200] if text else None


def _conflict_body(body: Any) -> ConflictBody | None:
    try:
        return ConflictBody.model_validate(body)
    except ValidationError:
        return None
