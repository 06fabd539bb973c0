"""The ASGI shell both servers share: background loops for the lifespan, standard errors.

The venue server and the POS bridge differ in their error bodies (the consumer API's
`{"error", "message"}` against the bridge's `{"code", "message", "retryable"}`), so each
passes a function that builds its body; the status mapping and headers live here once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kiosk.core.tasks import start_task

Background = Callable[[], Coroutine[Any, Any, None]]
Closer = Callable[[], Awaitable[None]]
ErrorBody = Callable[[int, str], dict[str, Any]]
ExceptionHandler = Callable[[Request, Exception], Awaitable[Response]]


def lifespan_with(
    loops: dict[str, Background], closers: Sequence[Closer] = ()
) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """A Starlette lifespan that runs each named loop while serving, cancels and awaits them
    at shutdown, then runs `closers` in order."""

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        tasks = [start_task(loop(), name=name) for name, loop in loops.items()]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            for close in closers:
                await close()

    return lifespan


def retry_after_headers(seconds: float | None) -> dict[str, str]:
    """`Retry-After` in whole seconds, at least 1, when there is a wait to announce."""
    return {} if seconds is None else {"Retry-After": str(max(1, math.ceil(seconds)))}


def standard_handlers(
    *,
    http_body: ErrorBody,
    unexpected_body: dict[str, Any],
    log: logging.Logger,
    traceback: bool = True,
) -> dict[Any, ExceptionHandler]:
    """Handlers for Starlette's own HTTP errors (404, 405, ...) and for anything unexpected
    (a 500 whose body says nothing of the cause). With `traceback=False` the log names only
    the exception's type: for servers whose exceptions may carry a grant in their message."""

    async def http_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return JSONResponse(
            http_body(exc.status_code, str(exc.detail)),
            status_code=exc.status_code,
            headers=exc.headers,
        )

    async def unexpected(_: Request, exc: Exception) -> Response:
        if traceback:
            log.error("unexpected error while handling a request", exc_info=exc)
        else:
            log.error("unexpected error while handling a request: %s", type(exc).__name__)
        return JSONResponse(unexpected_body, status_code=500)

    return {HTTPException: http_error, Exception: unexpected}
