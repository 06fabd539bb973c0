"""An httpx client for Fanfare's consumer API (or the venue server, which speaks the same API).

It owns the consumer session: a guest session on first use, a refresh shortly before the
access token expires and once on a 401. It retries what is safe to retry, with exponential
backoff and jitter, honours `Retry-After`, and sends one `Idempotency-Key` per logical POST
on every attempt. All waiting goes through the injected clock. Tokens never reach a log
line, a repr or an exception message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random as random_module
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx
from pydantic import TypeAdapter, ValidationError

from kiosk.core.clock import Clock, SystemClock
from kiosk.core.instants import parse_instant
from kiosk.sdk.errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    NotOpenYetError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
)
from kiosk.sdk.retry import RETRYABLE_STATUSES, RetryPolicy, parse_retry_after
from kiosk.sdk.session_store import StoredSession
from kiosk.wire.auth import (
    OtpRequest,
    OtpVerifyRequest,
    RefreshRequest,
    RefreshResponse,
    SessionResponse,
)
from kiosk.wire.distributions import (
    AppointmentBooking,
    AppointmentMe,
    AppointmentSlot,
    AppointmentSlots,
    AuctionConsumerState,
    BidRequest,
    BookRequest,
    CancelRequest,
    DrawConsumerState,
    QueueConsumerState,
    RescheduleRequest,
    TimedReleaseConsumerState,
    TimedReleaseEnterRequest,
    WaitlistEntry,
    WaitlistStatus,
)
from kiosk.wire.errors import ConflictBody, ErrorBody, ValidationErrorBody
from kiosk.wire.projection import ConsumerMe
from kiosk.wire.routing import Experience, RouteRequest, RouteResult

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "http://127.0.0.1:4802"
POLL_INTERVAL_HEADER = "X-Poll-Interval"

T = TypeVar("T")

_QUEUE_STATE: TypeAdapter[QueueConsumerState] = TypeAdapter(QueueConsumerState)
_DRAW_STATE: TypeAdapter[DrawConsumerState] = TypeAdapter(DrawConsumerState)


@dataclass(frozen=True)
class SessionInfo:
    """What may be shown about the consumer session: no tokens."""

    consumer_id: str
    session_type: str
    expires_at: datetime | None


@dataclass
class _Tokens:
    consumer_id: str
    session_type: str
    expires_at: datetime | None
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)


class ConsumerClient:
    """The consumer API, typed: one method per endpoint the journey uses."""

    def __init__(
        self,
        *,
        publishable_key: str,
        api_url: str = DEFAULT_API_URL,
        http_client: httpx.AsyncClient | None = None,
        clock: Clock | None = None,
        random: Callable[[], float] | None = None,
        retry_policy: RetryPolicy | None = None,
        timeout: float = 10.0,
        refresh_margin_seconds: float = 60.0,
        on_session_change: Callable[[], None] | None = None,
    ) -> None:
        self._base_url = api_url.rstrip("/")
        self._publishable_key = publishable_key
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout)
        self._clock = clock or SystemClock()
        self._random = random or random_module.random
        self._retry = retry_policy or RetryPolicy()
        self._refresh_margin = refresh_margin_seconds
        self._on_session_change = on_session_change
        self._tokens: _Tokens | None = None
        # One guest creation or refresh at a time; the others reuse its result.
        self._auth_lock = asyncio.Lock()
        # The server's cadence hint from the most recent response, in seconds.
        self.poll_interval_hint: float | None = None

    def __repr__(self) -> str:
        return f"ConsumerClient(api_url={self._base_url!r})"

    @property
    def api_url(self) -> str:
        return self._base_url

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it; an injected one stays open."""
        if self._owns_http:
            await self._http.aclose()

    # -- session -----------------------------------------------------------------------------

    @property
    def session(self) -> SessionInfo | None:
        tokens = self._tokens
        if tokens is None:
            return None
        return SessionInfo(tokens.consumer_id, tokens.session_type, tokens.expires_at)

    def restore(self, record: StoredSession) -> None:
        """Adopt a persisted session (after a restart); it is refreshed when it expires."""
        self._tokens = _Tokens(
            consumer_id=record.consumer_id,
            session_type=record.session_type,
            expires_at=record.expires_at,
            access_token=record.access_token,
            refresh_token=record.refresh_token,
        )

    def snapshot(self) -> StoredSession | None:
        """The session as a record for a `SessionStore` (without journeys)."""
        tokens = self._tokens
        if tokens is None:
            return None
        return StoredSession(
            consumer_id=tokens.consumer_id,
            session_type=tokens.session_type,
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=tokens.expires_at,
        )

    def forget_session(self) -> None:
        """Drop the session locally (the kiosk wipes it after each customer)."""
        if self._tokens is not None:
            self._tokens = None
            self._session_changed()

    async def ensure_session(self) -> SessionInfo:
        """A consumer session: the current one, or a new guest session (`POST /auth/guest`)."""
        async with self._auth_lock:
            if self._tokens is None:
                response = await self._request("POST", "/auth/guest", auth=False)
                body = self._parse(SessionResponse, response)
                self._tokens = _Tokens(
                    consumer_id=body.session.consumer_id,
                    session_type=body.session.type,
                    expires_at=parse_instant(body.session.expires_at),
                    access_token=body.access_token,
                    refresh_token=body.refresh_token,
                )
                self._session_changed()
                logger.info("started a guest consumer session")
        session = self.session
        assert session is not None
        return session

    async def logout(self) -> None:
        """End the session on the server (best effort) and forget it here."""
        if self._tokens is None:
            return
        try:
            await self._request("POST", "/auth/logout", retry=False)
        except APIError as exc:
            logger.info("logout failed (%s); forgetting the session anyway", type(exc).__name__)
        self.forget_session()

    async def request_otp(
        self,
        *,
        email: str | None = None,
        phone: str | None = None,
        default_country: str | None = None,
    ) -> None:
        """Ask for a one-time code by email or phone (`POST /auth/otp/request`)."""
        body = OtpRequest(email=email, phone=phone, default_country=default_country)
        await self._request("POST", "/auth/otp/request", json=body.to_wire(), auth=False)

    async def verify_otp(
        self,
        code: str,
        *,
        email: str | None = None,
        phone: str | None = None,
        default_country: str | None = None,
    ) -> SessionInfo:
        """Sign in with the code. A current guest session is sent along, so the server keeps
        this consumer (and their place) while upgrading it to an authenticated one."""
        body = OtpVerifyRequest(
            email=email, phone=phone, code=code, default_country=default_country
        )
        # Not under the auth lock: sending the guest token may itself need a refresh.
        response = await self._request(
            "POST",
            "/auth/otp/verify",
            json=body.to_wire(),
            auth=self._tokens is not None,
            retry=False,
        )
        signed_in = self._parse(SessionResponse, response)
        self._tokens = _Tokens(
            consumer_id=signed_in.session.consumer_id,
            session_type=signed_in.session.type,
            expires_at=parse_instant(signed_in.session.expires_at),
            access_token=signed_in.access_token,
            refresh_token=signed_in.refresh_token,
        )
        self._session_changed()
        logger.info("signed in with a one-time code")
        session = self.session
        assert session is not None
        return session

    async def _access_token(self) -> str:
        tokens = self._tokens
        if tokens is None:
            await self.ensure_session()
            tokens = self._tokens
            assert tokens is not None
        if tokens.expires_at is not None:
            remaining = tokens.expires_at - self._clock.now()
            if remaining <= timedelta(seconds=self._refresh_margin):
                await self._refresh(tokens.access_token)
        current = self._tokens
        if current is None:  # pragma: no cover - _refresh raises instead of clearing silently
            raise RuntimeError("no consumer session")
        return current.access_token

    async def _refresh(self, stale_access_token: str) -> None:
        async with self._auth_lock:
            tokens = self._tokens
            if tokens is None or tokens.access_token != stale_access_token:
                return  # another request refreshed (or dropped) it while we waited
            body = RefreshRequest(refresh_token=tokens.refresh_token).to_wire()
            try:
                response = await self._request("POST", "/auth/refresh", json=body, auth=False)
            except AuthenticationError as exc:
                self._tokens = None
                self._session_changed()
                raise AuthenticationError(
                    "The consumer session expired and could not be renewed. "
                    "Start the journey again to get a new session.",
                    method=exc.method,
                    path=exc.path,
                    status_code=exc.status_code,
                ) from None
            renewed = self._parse(RefreshResponse, response)
            self._tokens = _Tokens(
                consumer_id=tokens.consumer_id,
                session_type=tokens.session_type,
                expires_at=parse_instant(renewed.access_token_expires_at),
                access_token=renewed.access_token,
                refresh_token=renewed.refresh_token,
            )
            self._session_changed()
            logger.info("renewed the consumer session")

    def _session_changed(self) -> None:
        if self._on_session_change is not None:
            self._on_session_change()

    # -- endpoints ---------------------------------------------------------------------------

    async def get_experience(self, experience_id: str) -> Experience:
        return self._parse(Experience, await self._request("GET", f"/experiences/{experience_id}"))

    async def route(self, experience_id: str, access_code: str | None = None) -> RouteResult:
        body = RouteRequest(access_code=access_code).to_wire()
        response = await self._request("POST", f"/experiences/{experience_id}/route", json=body)
        return self._parse(RouteResult, response)

    async def get_me(self) -> ConsumerMe:
        return self._parse(ConsumerMe, await self._request("GET", "/consumers/me"))

    async def leave_experience(self, experience_id: str) -> None:
        await self._request("DELETE", f"/experiences/{experience_id}/leave")

    async def enter_queue(self, queue_id: str) -> QueueConsumerState:
        return self._parse(_QUEUE_STATE, await self._request("POST", f"/queues/{queue_id}/enter"))

    async def leave_queue(self, queue_id: str) -> QueueConsumerState:
        return self._parse(_QUEUE_STATE, await self._request("POST", f"/queues/{queue_id}/leave"))

    async def queue_status(self, queue_id: str) -> QueueConsumerState:
        return self._parse(_QUEUE_STATE, await self._request("GET", f"/queues/{queue_id}/status"))

    async def enter_draw(self, draw_id: str) -> DrawConsumerState:
        return self._parse(_DRAW_STATE, await self._request("POST", f"/draws/{draw_id}/enter"))

    async def leave_draw(self, draw_id: str) -> DrawConsumerState:
        return self._parse(_DRAW_STATE, await self._request("POST", f"/draws/{draw_id}/leave"))

    async def enter_timed_release(
        self, timed_release_id: str, variant_id: str | None = None
    ) -> TimedReleaseConsumerState:
        body = TimedReleaseEnterRequest(variant_id=variant_id).to_wire()
        path = f"/timed-releases/{timed_release_id}/enter"
        return self._parse(TimedReleaseConsumerState, await self._request("POST", path, json=body))

    async def leave_timed_release(self, timed_release_id: str) -> None:
        await self._request("POST", f"/timed-releases/{timed_release_id}/leave")

    async def bid(self, auction_id: str, amount: Decimal) -> AuctionConsumerState:
        body = BidRequest(amount=amount).to_wire()
        response = await self._request("POST", f"/auctions/{auction_id}/bid", json=body)
        return self._parse(AuctionConsumerState, response)

    async def book_appointment(
        self, appointment_id: str, slot_id: str, location_id: str | None = None
    ) -> None:
        body = BookRequest(slot_id=slot_id, location_id=location_id).to_wire()
        await self._request("POST", f"/appointments/{appointment_id}/book", json=body)

    async def appointment_slots(
        self,
        appointment_id: str,
        start_date: date,
        end_date: date,
        timezone: str | None = None,
    ) -> list[AppointmentSlot]:
        """Bookable slots between two days (inclusive), for a slot picker."""
        query = {"startDate": start_date.isoformat(), "endDate": end_date.isoformat()}
        if timezone:
            query["timezone"] = timezone
        path = f"/appointments/{appointment_id}/slots?{urlencode(query)}"
        return self._parse(AppointmentSlots, await self._request("GET", path)).slots

    async def appointment_booking(self, appointment_id: str) -> AppointmentBooking | None:
        """The consumer's booking (with its confirmation code), if any."""
        response = await self._request("GET", f"/appointments/{appointment_id}/me")
        return self._parse(AppointmentMe, response).booking

    async def cancel_appointment(
        self,
        appointment_id: str,
        slot_id: str,
        location_id: str | None = None,
        reason: str | None = None,
    ) -> None:
        body = CancelRequest(slot_id=slot_id, location_id=location_id, reason=reason).to_wire()
        await self._request("POST", f"/appointments/{appointment_id}/cancel", json=body)

    async def reschedule_appointment(
        self, appointment_id: str, new_slot_id: str, new_location_id: str | None = None
    ) -> None:
        body = RescheduleRequest(new_slot_id=new_slot_id, new_location_id=new_location_id)
        path = f"/appointments/{appointment_id}/reschedule"
        await self._request("POST", path, json=body.to_wire())

    async def join_waitlist(self, waitlist_id: str) -> WaitlistEntry:
        response = await self._request("POST", f"/waitlists/{waitlist_id}/enter")
        return self._parse(WaitlistEntry, response)

    async def leave_waitlist(self, waitlist_id: str) -> None:
        await self._request("DELETE", f"/waitlists/{waitlist_id}/leave")

    async def waitlist_status(self, waitlist_id: str) -> WaitlistStatus:
        response = await self._request("GET", f"/waitlists/{waitlist_id}/status")
        return self._parse(WaitlistStatus, response)

    # -- transport ---------------------------------------------------------------------------

    async def _request(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        auth: bool = True,
        retry: bool = True,
    ) -> httpx.Response:
        """Send one logical request: retries, one idempotency key, one refresh on a 401."""
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
            if auth:
                used_token = await self._access_token()
                headers["Authorization"] = f"Bearer {used_token}"
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
                self._note_poll_hint(response)
                logger.debug("%s %s -> %s", method, path, response.status_code)
                if response.status_code < 400:
                    return response
                if response.status_code == 401 and used_token is not None and not refreshed:
                    refreshed = True
                    await self._refresh(used_token)
                    continue
                last_error = self._status_error(method, path, response)
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

    def _note_poll_hint(self, response: httpx.Response) -> None:
        value = response.headers.get(POLL_INTERVAL_HEADER)
        try:
            hint = float(value) if value is not None else None
        except ValueError:
            hint = None
        self.poll_interval_hint = hint if hint is not None and hint > 0 else None

    def _status_error(self, method: str, path: str, response: httpx.Response) -> APIStatusError:
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
            "retry_after": parse_retry_after(
                response.headers.get("Retry-After"), self._clock.now()
            ),
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

    def _parse(self, model: type[T] | TypeAdapter[T], response: httpx.Response) -> T:
        request = response.request
        method, path = request.method, request.url.path
        adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
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
