"""Error bodies, as the consumer API's OpenAPI file declares them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from kiosk.wire.base import WireResponse


class IssuePathSegment(WireResponse):
    type: str
    origin: str
    input: Any = None
    key: str | int


class ValidationIssue(WireResponse):
    kind: str
    type: str
    expected: str
    received: str
    message: str
    path: list[IssuePathSegment] = Field(default_factory=list)


class ValidationErrorBody(WireResponse):
    """400: the request did not match the schema."""

    error: Literal["validation_error"] = "validation_error"
    issues: list[ValidationIssue]


class ErrorBody(WireResponse):
    """401, 403, 404, 413, 429, 500: `{error}`; we add a human `message`."""

    error: str
    message: str | None = None


class ConflictIssue(WireResponse):
    code: str | None = None
    message: str
    path: list[str | int] | None = None


class SupportInfo(WireResponse):
    confirmation_code: str | None = None
    message: str | None = None
    reference_code: str | None = None


class ConflictBody(WireResponse):
    """409 (and 423): a machine code, a message, and what the client may do next."""

    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    message: str | None = None
    action: str | None = None
    details: Any = None
    issues: list[ConflictIssue] | None = None
    support: SupportInfo | None = None
