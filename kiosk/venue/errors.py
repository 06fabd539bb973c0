"""The venue server's errors. Each knows its HTTP status and the spec's body shape."""

from __future__ import annotations

from typing import Any


class VenueError(Exception):
    status = 500
    error = "internal_error"

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        return {"error": self.error, "message": self.message}


class Unauthenticated(VenueError):
    status, error = 401, "unauthorized"


class OtpRefused(VenueError):
    """401 `otp_invalid` / `otp_expired`, as Fanfare answers a wrong or stale code."""

    status = 401

    def __init__(self, error: str, message: str) -> None:
        super().__init__(message)
        self.error = error


class Forbidden(VenueError):
    status, error = 403, "forbidden"


class NotFound(VenueError):
    status, error = 404, "not_found"


class PayloadTooLarge(VenueError):
    status, error = 413, "payload_too_large"


class RateLimited(VenueError):
    status, error = 429, "rate_limited"


class StorageUnavailable(VenueError):
    status, error = 503, "storage_unavailable"


class Conflict(VenueError):
    """409 with the spec's `{code, message, action?}` body."""

    status = 409

    def __init__(
        self,
        code: str,
        message: str,
        *,
        action: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, retry_after=retry_after)
        self.code = code
        self.action = action

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.action:
            body["action"] = self.action
        return body


class NotOpenYet(Conflict):
    """423: the distribution is not open yet; `Retry-After` says when to come back."""

    status = 423
