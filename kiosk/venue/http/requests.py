"""Reading requests safely: bounded bodies, strict JSON, keys and bearer tokens."""

from __future__ import annotations

import json
import math
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from kiosk.venue.domain.errors import RefusalKind, RefusedError, invalid

MAX_BODY_BYTES = 64 * 1024

Body = TypeVar("Body", bound=BaseModel)


def invalid_request(issues: list[dict[str, Any]]) -> RefusedError:
    """400 with the spec's `validation_error` body."""
    return invalid(issues, "The request body is not valid.")


def _issue(
    kind: str, type_: str, expected: str, received: str, message: str, path: tuple[Any, ...] = ()
) -> dict[str, Any]:
    return {
        "kind": kind,
        "type": type_,
        "expected": expected,
        "received": received,
        "message": message,
        # The offending input is not echoed back: it may be large or hostile.
        "path": [
            {
                "type": "array" if isinstance(key, int) else "object",
                "origin": "value",
                "input": None,
                "key": key,
            }
            for key in path
        ],
    }


def _too_large() -> RefusedError:
    return RefusedError(
        "payload_too_large",
        f"Request bodies are limited to {MAX_BODY_BYTES} bytes.",
        RefusalKind.TOO_LARGE,
    )


def whole_number(text: str) -> int | None:
    """`text` as a whole number if it is one in ASCII digits, else None. `str.isdigit()`
    alone also says yes to '²' or '۳', and `int()` refuses '²' and any number over 4300
    digits: a query like `?limit=%C2%B2` answered 500 (found by fuzzing)."""
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text)


async def read_body(request: Request) -> bytes:
    declared = whole_number(request.headers.get("content-length") or "")
    if declared is not None and declared > MAX_BODY_BYTES:
        raise _too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _too_large()
        chunks.append(chunk)
    return b"".join(chunks)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


async def read_json(request: Request, model: type[Body], *, optional: bool = False) -> Body:
    raw = await read_body(request)
    if not raw.strip():
        if optional:
            return model()
        raise invalid_request(
            [_issue("schema", "object", "object", "undefined", "A JSON body is required.")]
        )
    try:
        data = json.loads(raw, parse_float=_finite_float, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError too
        raise invalid_request(
            [_issue("schema", "json", "JSON", "text", f"The body is not valid JSON: {exc}")]
        ) from exc
    try:
        # JSON may spell lone surrogates (`"\ud800"`); they cannot be stored or echoed back.
        json.dumps(data, ensure_ascii=False).encode()
    except UnicodeEncodeError as exc:
        raise invalid_request(
            [_issue("schema", "json", "text", "surrogate", "The body holds invalid Unicode.")]
        ) from exc
    if not isinstance(data, dict):
        raise invalid_request(
            [
                _issue(
                    "schema",
                    "object",
                    "object",
                    type(data).__name__,
                    "The body must be a JSON object.",
                )
            ]
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid_request(
            [
                _issue(
                    "schema",
                    error["type"],
                    str(error.get("ctx", {}).get("expected", error["type"])),
                    type(error.get("input")).__name__,
                    error["msg"],
                    tuple(error["loc"]),
                )
                for error in exc.errors(include_url=False)
            ]
        ) from exc


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
