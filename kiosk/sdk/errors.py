"""The SDK's errors: one hierarchy, each message saying what failed and what to do next.

Messages name the request (method and path) and never contain a token or a grant.
"""

from __future__ import annotations

from typing import Any

from kiosk.wire.errors import ValidationIssue


class FanfareError(Exception):
    """Base class of every error the SDK raises."""


class ActionUnavailableError(FanfareError):
    """An action was called through a view that the journey has moved on from."""


class JourneyError(FanfareError):
    """The journey could not continue (for example the server did not list it)."""


class APIError(FanfareError):
    """A request to the consumer API failed."""

    def __init__(self, message: str, *, method: str, path: str) -> None:
        super().__init__(message)
        self.method = method
        self.path = path


class APIConnectionError(APIError):
    """The server could not be reached, or the connection dropped."""


class APITimeoutError(APIConnectionError):
    """The server did not answer in time."""


class APIResponseValidationError(APIError):
    """The server answered with a body the SDK cannot read."""


class APIStatusError(APIError):
    """The server answered with an error status (4xx or 5xx)."""

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        status_code: int,
        body: Any = None,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.status_code = status_code
        self.body = body
        self.request_id = request_id
        # Seconds the server asked us to wait (`Retry-After`), when it said.
        self.retry_after = retry_after


class BadRequestError(APIStatusError):
    """400: the request did not match the schema; `issues` says where."""

    def __init__(self, message: str, *, issues: list[ValidationIssue], **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.issues = issues


class AuthenticationError(APIStatusError):
    """401: the consumer session is missing, expired or was revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the key or the session may not do this."""


class NotFoundError(APIStatusError):
    """404: the experience, distribution or consumer does not exist."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state; `action` may say what to do."""

    def __init__(
        self, message: str, *, code: str | None, action: str | None, details: Any, **kwargs: Any
    ) -> None:
        super().__init__(message, **kwargs)
        self.code = code
        self.action = action
        self.details = details


class NotOpenYetError(APIStatusError):
    """423: not open yet; `retry_after` (seconds) says when to try again, if known."""

    def __init__(self, message: str, *, code: str | None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.code = code


class RateLimitedError(APIStatusError):
    """429: too many requests (or the queue is full); `retry_after` in seconds, if known."""


class EntryReferenceError(FanfareError):
    """A draw entry could not be resumed by its reference (`fanfare.auth.resume_draw_entry`)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class EntryReferenceNotFoundError(EntryReferenceError):
    """No entry in the experience's draw has that reference (or it was withdrawn)."""


class EntryReferenceRateLimitedError(EntryReferenceError):
    """Too many wrong references from this kiosk or for this draw; `retry_after` seconds."""


class EntryReferenceSpentError(EntryReferenceError):
    """The entry's result was claimed or has lapsed: the reference no longer opens it."""


class ExchangeCodeRejectedError(FanfareError):
    """A member system's one-time code was refused (`fanfare.auth.exchange_external`):
    `reason` is `exchange_code_used`, `exchange_code_expired` or `exchange_code_invalid`.
    The store's server must ask for a new one."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class ServerError(APIStatusError):
    """5xx: the server failed."""
