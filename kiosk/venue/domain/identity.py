"""Consumer sessions: guest sign-in, access tokens, refresh-token rotation, logout."""

from __future__ import annotations

import hashlib
import heapq
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from kiosk.core.instants import format_instant, require_instant
from kiosk.venue.domain.errors import unauthorized
from kiosk.venue.domain.signing import BadSignature, TokenSigner

SESSION_KIND = "session"
ACCESS_TOKEN_TTL = timedelta(hours=1)
REFRESH_TOKEN_TTL = timedelta(days=30)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(slots=True)
class ConsumerSession:
    id: str
    consumer_id: str
    kind: Literal["guest", "authenticated"]
    refresh_hash: str
    refresh_expires_at: datetime
    created_at: datetime
    revoked: bool = False
    email: str | None = None
    phone: str | None = None

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "consumerId": self.consumer_id,
            "kind": self.kind,
            "refreshHash": self.refresh_hash,
            "refreshExpiresAt": format_instant(self.refresh_expires_at),
            "createdAt": format_instant(self.created_at),
            "revoked": self.revoked,
            "email": self.email,
            "phone": self.phone,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> ConsumerSession:
        return cls(
            id=doc["id"],
            consumer_id=doc["consumerId"],
            kind=doc["kind"],
            refresh_hash=doc["refreshHash"],
            refresh_expires_at=require_instant(doc["refreshExpiresAt"]),
            created_at=require_instant(doc["createdAt"]),
            revoked=doc["revoked"],
            email=doc.get("email"),
            phone=doc.get("phone"),
        )

    def record(self) -> tuple[str, str, dict[str, Any]]:
        return (SESSION_KIND, self.id, self.to_doc())


@dataclass(frozen=True)
class IssuedTokens:
    session: ConsumerSession
    access_token: str
    access_expires_at: datetime
    refresh_token: str


class Sessions:
    def __init__(self, signing_secret: bytes, sessions: list[ConsumerSession] | None = None):
        self._signer = TokenSigner(signing_secret, "fat1")
        self._sessions = {s.id: s for s in sessions or []}
        self._by_refresh = {s.refresh_hash: s.id for s in sessions or []}
        # When each session may be forgotten: (refresh expiry, or creation once revoked, id).
        # Entries go stale when a session is refreshed; `expired` skips those.
        self._ends = [(_end_of(s), s.id) for s in self._sessions.values()]
        heapq.heapify(self._ends)
        self._by_consumer: dict[str, list[str]] = {}
        for session in sessions or []:
            self._index_consumer(session)

    def __len__(self) -> int:
        return len(self._sessions)

    def _index_consumer(self, session: ConsumerSession) -> None:
        ids = self._by_consumer.setdefault(session.consumer_id, [])
        if session.id not in ids:
            ids.append(session.id)

    def of_consumer(self, consumer_id: str) -> list[ConsumerSession]:
        """Every session the consumer has had, oldest first (none: an unknown consumer)."""
        sessions = [self._sessions[i] for i in self._by_consumer.get(consumer_id, [])]
        return sorted(sessions, key=lambda s: s.created_at)

    def expired(self, now: datetime, limit: int) -> list[ConsumerSession]:
        """Up to `limit` sessions that have ended (refresh expired, or revoked), soonest
        first, at most `4 * limit` heap steps: bounded work whatever piled up."""
        found: list[ConsumerSession] = []
        steps = 0
        while self._ends and self._ends[0][0] <= now and len(found) < limit:
            steps += 1
            if steps > 4 * limit:
                break
            end, session_id = heapq.heappop(self._ends)
            session = self._sessions.get(session_id)
            if session is not None and _end_of(session) == end:
                found.append(session)
        return found

    def forget(self, session: ConsumerSession) -> None:
        """Drop an ended session (after its record was deleted)."""
        if self._sessions.get(session.id) is session:
            del self._sessions[session.id]
            if self._by_refresh.get(session.refresh_hash) == session.id:
                del self._by_refresh[session.refresh_hash]
            ids = self._by_consumer.get(session.consumer_id, [])
            if session.id in ids:
                ids.remove(session.id)
            if not ids:
                self._by_consumer.pop(session.consumer_id, None)

    def _track(self, session: ConsumerSession) -> None:
        heapq.heappush(self._ends, (_end_of(session), session.id))

    def start_guest(self, now: datetime) -> IssuedTokens:
        return self.start(str(uuid.uuid4()), "guest", now)

    def start(
        self,
        consumer_id: str,
        kind: Literal["guest", "authenticated"],
        now: datetime,
        *,
        email: str | None = None,
        phone: str | None = None,
    ) -> IssuedTokens:
        refresh = secrets.token_urlsafe(32)
        session = ConsumerSession(
            id=str(uuid.uuid4()),
            consumer_id=consumer_id,
            kind=kind,
            refresh_hash=_hash(refresh),
            refresh_expires_at=now + REFRESH_TOKEN_TTL,
            created_at=now,
            email=email,
            phone=phone,
        )
        return self._issue(session, refresh, now)

    def refresh(self, refresh_token: str, now: datetime) -> IssuedTokens:
        session_id = self._by_refresh.get(_hash(refresh_token))
        session = self._sessions.get(session_id) if session_id else None
        if session is None or session.revoked or now >= session.refresh_expires_at:
            raise unauthorized("The refresh token is not valid; start a new session.")
        refresh = secrets.token_urlsafe(32)
        renewed = replace(
            session, refresh_hash=_hash(refresh), refresh_expires_at=now + REFRESH_TOKEN_TTL
        )
        return self._issue(renewed, refresh, now)

    def _issue(self, session: ConsumerSession, refresh: str, now: datetime) -> IssuedTokens:
        expires = now + ACCESS_TOKEN_TTL
        access = self._signer.sign(
            {"c": session.consumer_id, "s": session.id, "e": int(expires.timestamp())}
        )
        return IssuedTokens(session, access, expires, refresh)

    def commit(self, tokens: IssuedTokens) -> None:
        """Make an issued session current (after it has been stored)."""
        session = tokens.session
        old = self._sessions.get(session.id)
        if old is not None:
            self._by_refresh.pop(old.refresh_hash, None)
        self._sessions[session.id] = session
        self._by_refresh[session.refresh_hash] = session.id
        self._index_consumer(session)
        self._track(session)

    def authenticate(self, access_token: str, now: datetime) -> ConsumerSession:
        try:
            payload = self._signer.verify(access_token)
        except BadSignature as exc:
            raise unauthorized("The access token is not valid.") from exc
        session = self._sessions.get(str(payload.get("s")))
        expires = payload.get("e")
        if session is None or session.revoked or session.consumer_id != payload.get("c"):
            raise unauthorized("The session has ended; start a new one.")
        if not isinstance(expires, int) or now.timestamp() >= expires:
            raise unauthorized("The access token has expired; refresh it.")
        return session

    def revoked(self, session: ConsumerSession) -> ConsumerSession:
        return replace(session, revoked=True)

    def store(self, session: ConsumerSession) -> None:
        self._sessions[session.id] = session
        self._index_consumer(session)
        self._track(session)


def _end_of(session: ConsumerSession) -> datetime:
    """A revoked session may go at once (its creation is in the past); others at expiry."""
    return session.created_at if session.revoked else session.refresh_expires_at
