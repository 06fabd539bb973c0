"""Who is calling: the organization's keys, consumer sessions, one-time-code sign-in."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from kiosk.core.instants import format_instant
from kiosk.venue.domain.catalog import RetiredKey
from kiosk.venue.domain.errors import RefusalKind, RefusedError, forbidden, unauthorized
from kiosk.venue.domain.identity import SESSION_KIND, ConsumerSession
from kiosk.venue.domain.otp import OtpBook, OtpSender, SentCode, StaffOtpSender, destination_of
from kiosk.venue.keystore import SecretsError
from kiosk.venue.state import IDENTITY_KIND, VenueState
from kiosk.venue.unit_of_work import Record, UnitOfWork
from kiosk.wire.auth import ConsumerSession as WireSession
from kiosk.wire.auth import RefreshResponse, SessionResponse

# Ended sessions forgotten per tick: a backlog drains over ticks, no tick takes long.
PRUNE_BATCH = 500


def _same_key(given: str, expected: str) -> bool:
    # Headers may carry any byte; compare_digest refuses non-ASCII str, so compare bytes.
    return secrets.compare_digest(given.encode(), expected.encode())


class AccessService:
    def __init__(
        self, state: VenueState, uow: UnitOfWork, otp_sender: OtpSender, otp: OtpBook | None = None
    ) -> None:
        self._state = state
        self._uow = uow
        self.otp_sender = otp_sender
        self._otp = otp or OtpBook(otp_sender)

    # ---- keys (no unit of work: nothing changes) ------------------------------------------

    def check_publishable_key(self, key: str | None) -> None:
        if not key:
            raise unauthorized("Send the organization's publishable key in X-Publishable-Key.")
        if not _same_key(key, self._state.organization.publishable_key):
            raise forbidden("This publishable key is not valid for this venue.")

    def check_secret_key(self, key: str | None) -> None:
        if not key:
            raise unauthorized("Send the secret key as 'Authorization: Bearer sk_...'.")
        if not key.startswith("sk_"):
            raise forbidden("This path needs the secret key (sk_...), not a publishable key.")
        org, now = self._state.organization, self._uow.now()
        # Constant time, and every candidate compared: no early exit tells which one was near.
        candidates = [org.secret_key] + [r.key for r in org.retired_secret_keys if r.until > now]
        matches = [_same_key(key, candidate) for candidate in candidates]
        if not any(matches):
            raise forbidden("This secret key is not valid for this venue.")

    def rotate_secret_key(self, overlap: timedelta) -> tuple[str, datetime]:
        """A new secret key; the current one stays valid for `overlap`, then is retired.
        Keys past their overlap are dropped. Returns (new key, when the old one stops)."""
        with self._uow.begin() as work:
            org, now = self._state.organization, work.now
            until = now + overlap
            kept = [r for r in org.retired_secret_keys if r.until > now]
            new_key = "sk_" + org.secret_key.split("_")[1] + "_" + secrets.token_hex(24)
            org.retired_secret_keys = [*kept, RetiredKey(key=org.secret_key, until=until)]
            org.secret_key = new_key
            try:
                work.add(self._state.save_secrets(), consumers=())
            except SecretsError as exc:  # the unit rebuilds memory: the old key stays
                raise RefusedError(
                    "storage_unavailable",
                    "The new secret key could not be saved; the current one stays.",
                    RefusalKind.UNAVAILABLE,
                ) from exc
            return new_key, until

    def authenticate(self, access_token: str | None) -> ConsumerSession:
        if not access_token:
            raise unauthorized("Sign in first: send 'Authorization: Bearer <access token>'.")
        return self._state.sessions.authenticate(access_token, self._uow.now())

    # ---- sessions --------------------------------------------------------------------------

    def start_guest_session(self) -> SessionResponse:
        with self._uow.begin() as work:
            tokens = self._state.sessions.start_guest(work.now)
            work.add([tokens.session.record()], consumers=())  # a new consumer: no stream yet
            self._state.sessions.commit(tokens)
            return SessionResponse(
                session=WireSession(
                    type="guest",
                    consumer_id=tokens.session.consumer_id,
                    expires_at=format_instant(tokens.access_expires_at),
                ),
                access_token=tokens.access_token,
                refresh_token=tokens.refresh_token,
                refresh_token_ttl_seconds=_ttl(tokens.session, work.now),
                beacon_token=secrets.token_urlsafe(16),
            )

    def refresh_session(self, refresh_token: str) -> RefreshResponse:
        with self._uow.begin() as work:
            tokens = self._state.sessions.refresh(refresh_token, work.now)
            work.add([tokens.session.record()], consumers=())  # new tokens, same projection
            self._state.sessions.commit(tokens)
            return RefreshResponse(
                access_token=tokens.access_token,
                access_token_expires_at=format_instant(tokens.access_expires_at),
                refresh_token=tokens.refresh_token,
                refresh_token_ttl_seconds=_ttl(tokens.session, work.now),
                beacon_token=secrets.token_urlsafe(16),
            )

    def logout(self, session: ConsumerSession) -> None:
        with self._uow.begin() as work:
            revoked = self._state.sessions.revoked(session)
            work.add([revoked.record()], consumers=[session.consumer_id])  # its stream ends
            self._state.sessions.store(revoked)

    def prune_sessions(self, limit: int = PRUNE_BATCH) -> int:
        """Forget up to `limit` ended sessions (refresh expired, or logged out): their
        records are deleted. Bounded per call; the ticker calls it every tick."""
        with self._uow.begin() as work:
            sessions = self._state.sessions
            ended = sessions.expired(work.now, limit)
            for session in ended:
                work.remove(SESSION_KIND, session.id)
                sessions.forget(session)
            return len(ended)

    # ---- sign-in with a one-time code ------------------------------------------------------

    def request_otp(self, email: str | None, phone: str | None) -> None:
        with self._uow.begin() as work:
            self._otp.request(destination_of(email, phone), work.now)

    def verify_otp(
        self,
        email: str | None,
        phone: str | None,
        code: str,
        access_token: str | None,
        *,
        kiosk: str | None = None,
    ) -> SessionResponse:
        """An authenticated session. A guest who signs in keeps their consumer (and so their
        place); an identity seen before gets its own consumer back (one entry per person).
        Wrong codes lock out the contact and the kiosk (client address) that tried them."""
        with self._uow.begin() as work:
            state, now = self._state, work.now
            current = self.authenticate(access_token) if access_token else None
            destination = destination_of(email, phone)
            self._otp.verify(destination, code, now, kiosk)
            consumer_id = state.identities.get(destination)
            records: list[Record] = []
            if consumer_id is None:
                consumer_id = current.consumer_id if current is not None else str(uuid.uuid4())
                records.append((IDENTITY_KIND, destination, {"consumerId": consumer_id}))
            email_of = _part(destination, "email:")
            phone_of = _part(destination, "phone:")
            tokens = state.sessions.start(
                consumer_id, "authenticated", now, email=email_of, phone=phone_of
            )
            records.append(tokens.session.record())
            work.add(records)
            state.identities[destination] = consumer_id
            state.sessions.commit(tokens)
            return SessionResponse(
                session=WireSession(
                    type="authenticated",
                    consumer_id=consumer_id,
                    expires_at=format_instant(tokens.access_expires_at),
                    email=email_of,
                    phone=phone_of,
                ),
                access_token=tokens.access_token,
                refresh_token=tokens.refresh_token,
                refresh_token_ttl_seconds=_ttl(tokens.session, now),
                beacon_token=secrets.token_urlsafe(16),
            )

    def recent_codes(self) -> list[SentCode]:
        """Recent one-time codes, for staff to read out (the local sender's outbox)."""
        sender = self.otp_sender
        if not isinstance(sender, StaffOtpSender):
            return []
        return sender.recent(self._uow.now())


def _ttl(session: ConsumerSession, now: datetime) -> float:
    return (session.refresh_expires_at - now).total_seconds()


def _part(destination: str, prefix: str) -> str | None:
    return destination.removeprefix(prefix) if destination.startswith(prefix) else None
