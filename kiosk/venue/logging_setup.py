"""The venue server's logs: plain text (the default) or JSON lines (`--log-format json`), each
record with the id of the request it was written for (the `X-Request-Id` the client got).

Secrets stay out: nothing here logs a body, a header or a raw path, and as a second line of
defence every message is scrubbed of anything shaped like a key (`sk_...`, `pk_...`) or a
signed token (access, refresh, grant: `<prefix>.<payload>.<mac>`).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

LogFormat = Literal["text", "json"]
LOG_FORMATS: tuple[LogFormat, ...] = ("text", "json")

# Set by the app's RequestIdMiddleware for the duration of one request.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "venue_request_id", default=None
)

# The request fields the access log adds (`extra=`), in the order a reader wants them.
REQUEST_FIELDS = ("method", "route", "status", "duration_ms")
_SECRET = re.compile(
    r"\b(?:sk|pk)_[A-Za-z0-9_]{8,}"  # keys
    r"|\b[a-z]{2,5}\d\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"  # signed tokens
)
REDACTED = "[redacted]"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def redact(text: str) -> str:
    return _SECRET.sub(REDACTED, text)


class RequestContextFilter(logging.Filter):
    """Stamps each record with the current request's id (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class RedactingFormatter(logging.Formatter):
    """Text lines, scrubbed; the request fields appended as `key=value` when present."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = [f"{k}={getattr(record, k)}" for k in REQUEST_FIELDS if hasattr(record, k)]
        rid = getattr(record, "request_id", None)
        if rid:
            extras.append(f"request_id={rid}")
        return redact(" ".join([line, *extras]) if extras else line)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and fields."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        rid = getattr(record, "request_id", None)
        if rid:
            doc["request_id"] = rid
        for key in REQUEST_FIELDS:
            if hasattr(record, key):
                doc[key] = getattr(record, key)
        if record.exc_info:
            doc["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(doc, ensure_ascii=False, default=str)


def configure_logging(
    log_format: LogFormat = "text", *, level: int = logging.INFO, stream: TextIO | None = None
) -> logging.Handler:
    """Route every logger (uvicorn's too: serve runs it with `log_config=None`) through one
    handler on the root logger, in `log_format`. Returns the handler (tests remove it)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else RedactingFormatter(TEXT_FORMAT)
    )
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler
