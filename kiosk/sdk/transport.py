"""One logical request to the consumer API: headers, retries, one idempotency key, one refresh.

It retries what is safe to retry, with exponential backoff and jitter, honours `Retry-After`,
and sends one `Idempotency-Key` per logical POST on every attempt. All waiting goes through
the injected clock. Tokens never reach a log line, a repr or an exception message.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from kiosk.core.clock import Clock
from kiosk.sdk.errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
)
from kiosk.sdk.fetched import Fetched, poll_hint
from kiosk.sdk.retry import RETRYABLE_STATUSES, RetryPolicy
from kiosk.sdk.server_time import ServerTime
from kiosk.sdk.status_errors import status_error
from kiosk.wire.base import wire_adapter

logger = logging.getLogger(__name__)

T = TypeVar("T")


class TokenSource(Protocol):
    """Where an authenticated request gets its bearer token (the consumer session)."""

    async def access_token(self) -> str: ...

    async def refresh(self, stale_access_token: str) -> None:
        """Renew the session after a 401 for `stale_access_token` (once per request)."""
        ...


class ConsumerTransport:
    def __init__(
        self,
        *,
        publishable_key: str,
        api_url: str,
        http: httpx.AsyncClient,
        clock: Clock,
        random: Callable[[], float],
        retry_policy: RetryPolicy,
        server_time: ServerTime | None = None,
    ) -> None:
        self._base_url = api_url.rstrip("/")
        self._publishable_key = publishable_key
        self._http = http
        self._clock = clock
        self._random = random
        self._retry = retry_policy
        self._server_time = server_time or ServerTime(clock)

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def server_time(self) -> ServerTime:
        """The server's clock, measured from every response's `Date` header."""
        return self._server_time

    async def call(
        self,
        model: type[T] | TypeAdapter[T],
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        tokens: TokenSource | None = None,
    ) -> T:
        """Send the request and read its body as `model`."""
        return self.parse(model, await self.request(method, path, json=json, tokens=tokens))

    async def fetch(
        self, model: type[T] | TypeAdapter[T], path: str, *, tokens: TokenSource
    ) -> Fetched[T]:
        """A read, with the cadence hint its response carried."""
        response = await self.request("GET", path, tokens=tokens)
        return Fetched(self.parse(model, response), poll_hint(response))

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        tokens: TokenSource | None = None,
        retry: bool = True,
    ) -> httpx.Response:
        """Send one logical request (authenticated when `tokens` is given)."""
        idempotency_key = str(uuid.uuid4()) if method == "POST" else None
        # A 423 means "not open yet"; waiting and asking again is safe only for reads.
        retry_not_open = method == "GET"
        retries = 0
        refreshed = False
        last_error: APIError | None = None
        # One attempt, up to `max_retries` retries, and one extra after a token refresh.
        for _attempt in range(self._retry.max_retries + 2):
            headers = {"X-Publishable-Key": self._publishable_key, "Accept": "application/json"}
            if idempotency_key is not None:
                headers["Idempotency-Key"] = idempotency_key
            used_token: str | None = None
            if tokens is not None:
                used_token = await tokens.access_token()
                headers["Authorization"] = f"Bearer {used_token}"
            sent_at = self._clock.now()
            try:
                response = await self._http.request(
                    method, self._base_url + path, json=json, headers=headers
                )
            except httpx.TimeoutException as exc:
                last_error = APITimeoutError(
                    f"{method} {path} timed out waiting for the Fanfare API at "
                    f"{self._base_url} ({type(exc).__name__}). Try again; if it keeps "
                    "happening, check the network.",
                    method=method,
                    path=path,
                )
            except httpx.TransportError as exc:
                last_error = APIConnectionError(
                    f"{method} {path} failed: cannot reach the Fanfare API at "
                    f"{self._base_url} ({type(exc).__name__}). Check the network and that "
                    "the server is running, then try again.",
                    method=method,
                    path=path,
                )
            else:
                logger.debug("%s %s -> %s", method, path, response.status_code)
                self._server_time.observe(response.headers.get("date"), sent_at, self._clock.now())
                if response.status_code < 400:
                    return response
                if response.status_code == 401 and used_token is not None and not refreshed:
                    assert tokens is not None  # a token was sent, so there is a source
                    refreshed = True
                    await tokens.refresh(used_token)
                    continue
                last_error = status_error(method, path, response, self._server_time.now())
            delay = self._retry_delay(last_error, retries, retry, retry_not_open)
            if delay is None:
                raise last_error
            retries += 1
            logger.warning(
                "%s %s failed (%s); retry %d of %d in %.1f s",
                method,
                path,
                type(last_error).__name__,
                retries,
                self._retry.max_retries,
                delay,
            )
            await self._clock.sleep(delay)
        assert last_error is not None
        raise last_error

    @asynccontextmanager
    async def stream(
        self,
        path: str,
        *,
        tokens: TokenSource,
        headers: dict[str, str],
        timeout: httpx.Timeout,  # noqa: ASYNC109 - httpx's own connect/read limits
    ) -> AsyncIterator[httpx.Response]:
        """An authenticated GET whose body is read as it arrives (the event stream).

        No retries (the caller reconnects with its own backoff), one token refresh after a
        401, an error status raised as its typed error, transport failures (also while the
        body is being read) as `APIConnectionError`."""
        url = self._base_url + path
        refreshed = False
        while True:
            used_token = await tokens.access_token()
            sent = {
                "X-Publishable-Key": self._publishable_key,
                "Authorization": f"Bearer {used_token}",
                **headers,
            }
            sent_at = self._clock.now()
            refresh = False
            try:
                async with self._http.stream("GET", url, headers=sent, timeout=timeout) as response:
                    self._server_time.observe(
                        response.headers.get("date"), sent_at, self._clock.now()
                    )
                    if response.status_code == 401 and not refreshed:
                        refresh = True
                    elif response.status_code >= 400:
                        await response.aread()
                        raise status_error("GET", path, response, self._server_time.now())
                    else:
                        yield response
                        return
            except httpx.TimeoutException as exc:
                raise APITimeoutError(
                    f"GET {path}: the stream from {self._base_url} went silent "
                    f"({type(exc).__name__}); reconnecting.",
                    method="GET",
                    path=path,
                ) from None
            except httpx.TransportError as exc:
                raise APIConnectionError(
                    f"GET {path}: the stream from {self._base_url} broke "
                    f"({type(exc).__name__}); reconnecting.",
                    method="GET",
                    path=path,
                ) from None
            if refresh:
                refreshed = True
                await tokens.refresh(used_token)

    def _retry_delay(
        self, error: APIError, retries: int, retry: bool, retry_not_open: bool
    ) -> float | None:
        if not retry or retries >= self._retry.max_retries:
            return None
        if isinstance(error, APIConnectionError):
            return self._retry.backoff(retries + 1, self._random)
        if not isinstance(error, APIStatusError):
            return None
        retryable = error.status_code in RETRYABLE_STATUSES or (
            error.status_code == 423 and retry_not_open
        )
        if not retryable:
            return None
        if error.retry_after is not None:
            # The server said when; waiting longer than we are willing to is the caller's call.
            return error.retry_after if error.retry_after <= self._retry.max_retry_after else None
        return self._retry.backoff(retries + 1, self._random)

    def parse(self, model: type[T] | TypeAdapter[T], response: httpx.Response) -> T:
        request = response.request
        method, path = request.method, request.url.path
        adapter = model if isinstance(model, TypeAdapter) else wire_adapter(model)
        try:
            return adapter.validate_json(response.content)
        except ValidationError as exc:
            # Only the locations and kinds of the problems: the input may hold a token.
            problems = "; ".join(
                f"{'.'.join(str(part) for part in error['loc']) or 'body'}: {error['type']}"
                for error in exc.errors()[:3]
            )
            raise APIResponseValidationError(
                f"{method} {path} returned a response the SDK cannot read ({problems}). "
                "Check that the API URL points at a Fanfare consumer API.",
                method=method,
                path=path,
            ) from None
