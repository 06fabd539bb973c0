"""An httpx client for Fanfare's consumer API (or the venue server, which speaks the same API).

It owns the consumer session (`SessionKeeper`) and the transport (`ConsumerTransport`:
retries, backoff, `Retry-After`, idempotency keys, typed errors), and groups the endpoints
by mechanism (`client.queues`, `client.auctions`, ...). Tokens never reach a log line, a
repr or an exception message.
"""

from __future__ import annotations

import random as random_module
from collections.abc import Callable
from decimal import Decimal

import httpx

from kiosk.core.clock import Clock, SystemClock
from kiosk.sdk.endpoints import (
    AppointmentApi,
    AuctionApi,
    DrawApi,
    LoyaltyApi,
    QueueApi,
    TimedReleaseApi,
    WaitlistApi,
)
from kiosk.sdk.fetched import POLL_INTERVAL_HEADER, Fetched
from kiosk.sdk.push import EventSource
from kiosk.sdk.retry import RetryPolicy
from kiosk.sdk.server_time import ServerTime
from kiosk.sdk.session_keeper import SessionInfo, SessionKeeper
from kiosk.sdk.session_store import StoredSession
from kiosk.sdk.transport import ConsumerTransport
from kiosk.wire.distributions import AuctionConsumerState, DrawConsumerState
from kiosk.wire.projection import ConsumerMe
from kiosk.wire.routing import Experience, RouteRequest, RouteResult

DEFAULT_API_URL = "http://127.0.0.1:4802"

__all__ = ["DEFAULT_API_URL", "POLL_INTERVAL_HEADER", "ConsumerClient", "SessionInfo"]


class ConsumerClient:
    """The consumer API, typed: the session, the journey endpoints, and one API per mechanism."""

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
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout)
        clock = clock or SystemClock()
        self._transport = ConsumerTransport(
            publishable_key=publishable_key,
            api_url=api_url,
            http=self._http,
            clock=clock,
            random=random or random_module.random,
            retry_policy=retry_policy or RetryPolicy(),
            server_time=ServerTime(clock),
        )
        # Token expiry is the server's instant: compared on the server's time.
        self._sessions = SessionKeeper(
            self._transport,
            self._transport.server_time,
            refresh_margin_seconds=refresh_margin_seconds,
            on_change=on_session_change,
        )
        self.queues = QueueApi(self._transport, self._sessions)
        self.draws = DrawApi(self._transport, self._sessions)
        self.timed_releases = TimedReleaseApi(self._transport, self._sessions)
        self.auctions = AuctionApi(self._transport, self._sessions)
        self.appointments = AppointmentApi(self._transport, self._sessions)
        self.waitlists = WaitlistApi(self._transport, self._sessions)
        self.loyalty = LoyaltyApi(self._transport, self._sessions)
        # The venue's event stream (our extension); Fanfare's cloud has none.
        self.events = EventSource(self._transport, self._sessions)

    def __repr__(self) -> str:
        return f"ConsumerClient(api_url={self.api_url!r})"

    @property
    def api_url(self) -> str:
        return self._transport.base_url

    @property
    def server_time(self) -> ServerTime:
        """The server's clock (`server_time.now()`), from its responses' `Date` headers."""
        return self._transport.server_time

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it; an injected one stays open."""
        if self._owns_http:
            await self._http.aclose()

    # -- session -----------------------------------------------------------------------------

    @property
    def session(self) -> SessionInfo | None:
        return self._sessions.session

    def restore(self, record: StoredSession) -> None:
        """Adopt a persisted session (after a restart); it is refreshed when it expires."""
        self._sessions.restore(record)

    def snapshot(self) -> StoredSession | None:
        """The session as a record for a `SessionStore` (without journeys)."""
        return self._sessions.snapshot()

    def forget_session(self) -> None:
        """Drop the session locally (the kiosk wipes it after each customer)."""
        self._sessions.forget()

    async def ensure_session(self) -> SessionInfo:
        """A consumer session: the current one, or a new guest session (`POST /auth/guest`)."""
        return await self._sessions.ensure()

    async def logout(self) -> None:
        """End the session on the server (best effort) and forget it here."""
        await self._sessions.logout()

    async def request_otp(
        self,
        *,
        email: str | None = None,
        phone: str | None = None,
        default_country: str | None = None,
    ) -> None:
        """Ask for a one-time code by email or phone (`POST /auth/otp/request`)."""
        await self._sessions.request_otp(email=email, phone=phone, default_country=default_country)

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
        return await self._sessions.verify_otp(
            code, email=email, phone=phone, default_country=default_country
        )

    async def exchange_external(self, exchange_code: str) -> SessionInfo:
        """Sign in with a member system's one-time code (`POST /auth/external/exchange`)."""
        return await self._sessions.exchange_external(exchange_code)

    async def resume_draw_entry(self, experience_id: str, reference: str) -> SessionInfo:
        """Become the consumer whose draw entry has `reference` (the venue's extension)."""
        return await self._sessions.resume_draw_entry(experience_id, reference)

    # -- journey endpoints -------------------------------------------------------------------

    async def get_experience(self, experience_id: str) -> Experience:
        path = f"/experiences/{experience_id}"
        return await self._transport.call(Experience, "GET", path, tokens=self._sessions)

    async def route(self, experience_id: str, access_code: str | None = None) -> RouteResult:
        body = RouteRequest(access_code=access_code).to_wire()
        path = f"/experiences/{experience_id}/route"
        return await self._transport.call(
            RouteResult, "POST", path, json=body, tokens=self._sessions
        )

    async def get_me(self) -> ConsumerMe:
        return (await self.fetch_me()).value

    async def fetch_me(self) -> Fetched[ConsumerMe]:
        """`GET /consumers/me` with the server's cadence hint (`X-Poll-Interval`)."""
        return await self._transport.fetch(ConsumerMe, "/consumers/me", tokens=self._sessions)

    async def leave_experience(self, experience_id: str) -> None:
        path = f"/experiences/{experience_id}/leave"
        await self._transport.request("DELETE", path, tokens=self._sessions)

    # -- shortcuts kept for callers written before the per-mechanism APIs --------------------

    async def enter_draw(self, draw_id: str) -> DrawConsumerState:
        return await self.draws.enter(draw_id)

    async def bid(self, auction_id: str, amount: Decimal) -> AuctionConsumerState:
        return await self.auctions.bid(auction_id, amount)
