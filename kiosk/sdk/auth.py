"""`fanfare.auth`: the consumer's session, as Fanfare's browser SDK exposes it.

Sign-in with a one-time code is how a consumer passes an `authentication` gate: request a
code, verify it, then call `view.reroute()` on the gated journey.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.sdk.client import ConsumerClient
from kiosk.sdk.session_keeper import SessionInfo


@dataclass(frozen=True)
class AuthCheck:
    is_authenticated: bool
    is_guest: bool
    session: SessionInfo | None


class Auth:
    def __init__(self, client: ConsumerClient) -> None:
        self._client = client

    def check(self) -> AuthCheck:
        session = self._client.session
        if session is None:
            return AuthCheck(is_authenticated=False, is_guest=False, session=None)
        guest = session.session_type == "guest"
        return AuthCheck(is_authenticated=not guest, is_guest=guest, session=session)

    async def guest(self) -> SessionInfo:
        return await self._client.ensure_session()

    async def resume_draw_entry(self, experience_id: str, reference: str) -> SessionInfo:
        """Come back to a draw entry by the reference the entry answered: the session becomes
        that entry's consumer (stored like a guest session), so the experience's journey
        resumes with the draw's result. Raises `EntryReferenceNotFoundError`,
        `EntryReferenceRateLimitedError` or `EntryReferenceSpentError`."""
        return await self._client.resume_draw_entry(experience_id, reference)

    async def exchange_external(self, exchange_code: str) -> SessionInfo:
        """Fanfare's `auth.exchangeExternal`: sign in with the one-time code the store's own
        member system minted (e.g. read from a member card's QR). Raises
        `ExchangeCodeRejectedError` for a used, expired or unknown code."""
        return await self._client.exchange_external(exchange_code)

    async def request_otp(
        self,
        *,
        email: str | None = None,
        phone: str | None = None,
        default_country: str | None = None,
    ) -> None:
        await self._client.request_otp(email=email, phone=phone, default_country=default_country)

    async def verify_otp(
        self,
        code: str,
        *,
        email: str | None = None,
        phone: str | None = None,
        default_country: str | None = None,
    ) -> SessionInfo:
        return await self._client.verify_otp(
            code, email=email, phone=phone, default_country=default_country
        )
