"""The venue's one domain error: something the venue will not do, and why.

Engines and services raise `RefusedError`; they say what kind of refusal it is, never an
HTTP status. The edge (`kiosk.venue.http.errors`) maps each kind to a status and to the
spec's error body, once.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any


class RefusalKind(StrEnum):
    INVALID = "invalid"  # the request breaks a rule of its own (400)
    UNAUTHORIZED = "unauthorized"  # no valid credentials (401)
    FORBIDDEN = "forbidden"  # credentials, but not for this (403)
    NOT_FOUND = "not_found"  # (404)
    CONFLICT = "conflict"  # the state does not allow it now (409)
    TOO_LARGE = "too_large"  # the request body is too large (413)
    NOT_OPEN = "not_open"  # not open yet; `retry_after` says when (423 Locked)
    RATE_LIMITED = "rate_limited"  # full, or too many tries; `retry_after` says when (429)
    UNAVAILABLE = "unavailable"  # storage could not save the change (503)


class RefusedError(Exception):
    """A refusal with a machine `code`, a human `message`, a `kind`, an optional wait and
    optional `details` (the conflict body's `details`, or an invalid body's `issues`).
    `action` tells the client what to do instead (the spec's `action`, e.g. `reroute`)."""

    def __init__(
        self,
        code: str,
        message: str,
        kind: RefusalKind = RefusalKind.CONFLICT,
        retry_after: float | None = None,
        details: dict[str, Any] | None = None,
        *,
        action: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.kind = kind
        self.retry_after = retry_after
        self.details = details
        self.action = action


def invalid(
    issues: list[dict[str, Any]], message: str = "The request is not valid."
) -> RefusedError:
    """A 400 whose body lists `issues` in the spec's `validation_error` shape."""
    return RefusedError(
        "validation_error", message, RefusalKind.INVALID, details={"issues": issues}
    )


def not_found(message: str) -> RefusedError:
    return RefusedError("not_found", message, RefusalKind.NOT_FOUND)


def forbidden(message: str) -> RefusedError:
    return RefusedError("forbidden", message, RefusalKind.FORBIDDEN)


def unauthorized(message: str, code: str = "unauthorized") -> RefusedError:
    return RefusedError(code, message, RefusalKind.UNAUTHORIZED)


def not_open(code: str, message: str, opens_at: datetime, now: datetime) -> RefusedError:
    """Not open until `opens_at`: the client is told to try again then."""
    retry_after = (opens_at - now).total_seconds()
    return RefusedError(code, message, RefusalKind.NOT_OPEN, retry_after=retry_after)


def rate_limited(message: str, retry_after: float | None = None) -> RefusedError:
    return RefusedError("rate_limited", message, RefusalKind.RATE_LIMITED, retry_after)
