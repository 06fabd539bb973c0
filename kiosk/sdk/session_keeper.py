"""The consumer session: a guest session on first use, a refresh shortly before the access
token expires and once on a 401, sign-in with a one-time code. Tokens stay in here."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kiosk.core.clock import Clock
from kiosk.core.instants import parse_instant
from kiosk.sdk.errors import (
    APIError,
    AuthenticationError,
    ConflictError,
    EntryReferenceNotFoundError,
    EntryReferenceRateLimitedError,
    EntryReferenceSpentError,
    ExchangeCodeRejectedError,
    NotFoundError,
    RateLimitedError,
)
from kiosk.sdk.session_store import StoredSession
from kiosk.sdk.transport import ConsumerTransport
from kiosk.wire.auth import (
    DrawEntryRequest,
    ExternalExchangeRequest,
    OtpRequest,
    OtpVerifyRequest,
    RefreshRequest,
    RefreshResponse,
    SessionResponse,
)

logger = logging.getLogger(__name__)


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


class SessionKeeper:
    """Holds the tokens; the transport asks it for one on every authenticated request."""

    def __init__(
        self,
        transport: ConsumerTransport,
        clock: Clock,
        *,
        refresh_margin_seconds: float,
        on_change: Callable[[], None] | None,
    ) -> None:
        self._transport = transport
        self._clock = clock
        self._refresh_margin = refresh_margin_seconds
        self._on_change = on_change
        self._tokens: _Tokens | None = None
        # One guest creation or refresh at a time; the others reuse its result.
        self._auth_lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"SessionKeeper(session={self.session!r})"

    @property
    def session(self) -> SessionInfo | None:
        tokens = self._tokens
        if tokens is None:
            return None
        return SessionInfo(tokens.consumer_id, tokens.session_type, tokens.expires_at)

    def restore(self, record: StoredSession) -> None:
        self._tokens = _Tokens(
            consumer_id=record.consumer_id,
            session_type=record.session_type,
            expires_at=record.expires_at,
            access_token=record.access_token,
            refresh_token=record.refresh_token,
        )

    def snapshot(self) -> StoredSession | None:
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

    def forget(self) -> None:
        if self._tokens is not None:
            self._tokens = None
            self._changed()

    async def ensure(self) -> SessionInfo:
        async with self._auth_lock:
            if self._tokens is None:
                body = await self._transport.call(SessionResponse, "POST", "/auth/guest")
                self._adopt(body)
                logger.info("started a guest consumer session")
        session = self.session
        assert session is not None
        return session

    async def logout(self) -> None:
        if self._tokens is None:
            return
        try:
            await self._transport.request("POST", "/auth/logout", tokens=self, retry=False)
        except APIError as exc:
            logger.info("logout failed (%s); forgetting the session anyway", type(exc).__name__)
        self.forget()

    async def request_otp(
        self, *, email: str | None, phone: str | None, default_country: str | None
    ) -> None:
        body = OtpRequest(email=email, phone=phone, default_country=default_country)
        await self._transport.request("POST", "/auth/otp/request", json=body.to_wire())

    async def verify_otp(
        self, code: str, *, email: str | None, phone: str | None, default_country: str | None
    ) -> SessionInfo:
        body = OtpVerifyRequest(
            email=email, phone=phone, code=code, default_country=default_country
        )
        # Not under the auth lock: sending the guest token may itself need a refresh.
        response = await self._transport.request(
            "POST",
            "/auth/otp/verify",
            json=body.to_wire(),
            tokens=self if self._tokens is not None else None,
            retry=False,
        )
        self._adopt(self._transport.parse(SessionResponse, response))
        logger.info("signed in with a one-time code")
        session = self.session
        assert session is not None
        return session

    async def exchange_external(self, exchange_code: str) -> SessionInfo:
        """Sign in with a one-time code the store's member system minted (a member card's
        QR): `POST /auth/external/exchange`. A current guest session is sent along, so a new
        member keeps the guest's place. Never logs the code."""
        body = ExternalExchangeRequest(exchange_code=exchange_code)
        try:
            response = await self._transport.request(
                "POST",
                "/auth/external/exchange",
                json=body.to_wire(),
                tokens=self if self._tokens is not None else None,
                retry=False,  # the code is single use: never send it twice
            )
        except AuthenticationError as exc:
            reason = exc.body.get("error", "") if isinstance(exc.body, dict) else ""
            if not reason.startswith("exchange_code_"):
                raise
            raise ExchangeCodeRejectedError(
                "The member code was refused; ask for a new one.", reason=reason
            ) from None
        self._adopt(self._transport.parse(SessionResponse, response))
        logger.info("signed in with a member system's exchange code")
        session = self.session
        assert session is not None
        return session

    async def resume_draw_entry(self, experience_id: str, reference: str) -> SessionInfo:
        """Become the consumer whose entry in the experience's draw has `reference`
        (`POST /auth/draw-entry`, the venue's extension). Never logs the reference."""
        body = DrawEntryRequest(experience_id=experience_id, reference=reference)
        try:
            response = await self._transport.request(
                "POST", "/auth/draw-entry", json=body.to_wire(), retry=False
            )
        except NotFoundError:
            raise EntryReferenceNotFoundError(
                "No entry in this experience's draw has that reference."
            ) from None
        except RateLimitedError as exc:
            raise EntryReferenceRateLimitedError(
                "Too many wrong references; wait before trying again.",
                retry_after=exc.retry_after,
            ) from None
        except ConflictError as exc:
            if exc.code != "ENTRY_REFERENCE_SPENT":
                raise
            raise EntryReferenceSpentError(
                "This entry's result was already claimed or has expired."
            ) from None
        self._adopt(self._transport.parse(SessionResponse, response))
        logger.info("resumed a draw entry by its reference")
        session = self.session
        assert session is not None
        return session

    # -- TokenSource -------------------------------------------------------------------------

    async def access_token(self) -> str:
        tokens = self._tokens
        if tokens is None:
            await self.ensure()
            tokens = self._tokens
            assert tokens is not None
        if tokens.expires_at is not None:
            remaining = tokens.expires_at - self._clock.now()
            if remaining <= timedelta(seconds=self._refresh_margin):
                await self.refresh(tokens.access_token)
        current = self._tokens
        if current is None:  # pragma: no cover - refresh raises instead of clearing silently
            raise RuntimeError("no consumer session")
        return current.access_token

    async def refresh(self, stale_access_token: str) -> None:
        async with self._auth_lock:
            tokens = self._tokens
            if tokens is None or tokens.access_token != stale_access_token:
                return  # another request refreshed (or dropped) it while we waited
            body = RefreshRequest(refresh_token=tokens.refresh_token).to_wire()
            try:
                renewed = await self._transport.call(
                    RefreshResponse, "POST", "/auth/refresh", json=body
                )
            except AuthenticationError as exc:
                self._tokens = None
                self._changed()
                raise AuthenticationError(
                    "The consumer session expired and could not be renewed. "
                    "Start the journey again to get a new session.",
                    method=exc.method,
                    path=exc.path,
                    status_code=exc.status_code,
                ) from None
            self._tokens = _Tokens(
                consumer_id=tokens.consumer_id,
                session_type=tokens.session_type,
                expires_at=parse_instant(renewed.access_token_expires_at),
                access_token=renewed.access_token,
                refresh_token=renewed.refresh_token,
            )
            self._changed()
            logger.info("renewed the consumer session")

    def _adopt(self, body: SessionResponse) -> None:
        self._tokens = _Tokens(
            consumer_id=body.session.consumer_id,
            session_type=body.session.type,
            expires_at=parse_instant(body.session.expires_at),
            access_token=body.access_token,
            refresh_token=body.refresh_token,
        )
        self._changed()

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()
