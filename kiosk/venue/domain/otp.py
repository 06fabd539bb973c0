"""One-time codes by email or phone, for sequences that need a signed-in consumer.

Sending is pluggable (`OtpSender`). The local default never tells the consumer the code:
it logs it for the venue's staff and keeps the latest codes for the operator API, so an
in-store draw can be run with staff reading codes to customers after checking their ID.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from kiosk.venue.domain.attempts import MissLimiter
from kiosk.venue.domain.errors import (
    RefusalKind,
    RefusedError,
    invalid,
    rate_limited,
    unauthorized,
)

log = logging.getLogger(__name__)

CODE_TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 5
REQUESTS_PER_WINDOW = 3
REQUEST_WINDOW = timedelta(minutes=10)

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")


def destination_of(email: str | None, phone: str | None) -> str:
    """One normalized identity: `email:...` or `phone:+...`. A missing or malformed one is
    the request's own fault: a 400 `validation_error` naming the field, never a 409."""
    if bool(email) == bool(phone):
        raise _bad_destination(None, "Give exactly one of email or phone.")
    if email:
        email = email.strip().lower()
        if not _EMAIL.match(email):
            raise _bad_destination("email", "That email address does not look right.")
        return f"email:{email}"
    digits = re.sub(r"[\s().-]", "", phone or "")
    if not re.fullmatch(r"\+?\d{6,15}", digits):
        raise _bad_destination("phone", "That phone number does not look right.")
    return f"phone:{digits if digits.startswith('+') else '+' + digits}"


def _bad_destination(field: str | None, message: str) -> RefusedError:
    """The spec's 400 body, with the issue at `field` (or at the body for neither/both)."""
    path = [{"type": "object", "origin": "value", "input": None, "key": field}] if field else []
    expected = field or "exactly one of email or phone"
    issue = {
        "kind": "schema",
        "type": field or "object",
        "expected": expected,
        "received": "string" if field else "object",
        "message": message,
        "path": path,
    }
    return invalid([issue], message)


class OtpSender(Protocol):
    def send(self, destination: str, code: str, now: datetime) -> None: ...


@dataclass(frozen=True)
class SentCode:
    destination: str
    code: str
    expires_at: datetime


class StaffOtpSender:
    """The local default: the code goes to the operator API only (`GET /operator/otp`), for
    staff to read out; the log says one was sent, never the code or where it went.

    It keeps the latest code per contact, not the latest codes overall, so requests for
    other contacts (a flood of anonymous ones) cannot push a real customer's code out of
    the staff list; expired codes go first, and past `keep` contacts the oldest.
    """

    def __init__(self, keep: int = 1000) -> None:
        if keep < 1:
            raise ValueError("keep must be at least 1")
        self._keep = keep
        self._latest: dict[str, SentCode] = {}  # by contact, oldest first

    def send(self, destination: str, code: str, now: datetime) -> None:
        log.info("one-time code sent; staff read it with GET /operator/otp")
        self._latest.pop(destination, None)
        self._latest[destination] = SentCode(destination, code, now + CODE_TTL)
        for stale in [d for d, sent in self._latest.items() if sent.expires_at <= now]:
            del self._latest[stale]
        while len(self._latest) > self._keep:
            del self._latest[next(iter(self._latest))]

    def recent(self, now: datetime) -> list[SentCode]:
        """Newest first, one per contact, unexpired."""
        return [sent for sent in reversed(self._latest.values()) if sent.expires_at > now]


@dataclass
class _Challenge:
    code_hash: str
    expires_at: datetime
    attempts: int = 0


def _hash(destination: str, code: str) -> str:
    return hashlib.sha256(f"{destination}:{code}".encode()).hexdigest()


class OtpBook:
    """Open challenges, in memory: they live five minutes; a restart asks for a new code.

    At most `per_contact` codes per `window` for one contact; wrong codes lock out the
    contact and the kiosk (client address) that tried them (`verify`'s `client`)."""

    def __init__(
        self,
        sender: OtpSender,
        *,
        per_contact: int = REQUESTS_PER_WINDOW,
        window: timedelta = REQUEST_WINDOW,
        wrong_per_client: int = 10,
        wrong_per_contact: int = MAX_ATTEMPTS * REQUESTS_PER_WINDOW,
    ) -> None:
        self._sender = sender
        self._per_contact = per_contact
        self._window = window
        self._challenges: dict[str, _Challenge] = {}
        self._requests: dict[str, deque[datetime]] = {}
        self._misses = MissLimiter(
            {"client": wrong_per_client, "contact": wrong_per_contact}, window
        )

    def request(self, destination: str, now: datetime) -> None:
        if len(self._requests) > 1024:  # bounded: contacts quiet for a window are forgotten
            for stale in [d for d, r in self._requests.items() if now - r[-1] >= self._window]:
                del self._requests[stale]
        recent = self._requests.setdefault(destination, deque())
        while recent and now - recent[0] >= self._window:
            recent.popleft()
        if len(recent) >= self._per_contact:
            wait = (recent[0] + self._window - now).total_seconds()
            raise RefusedError(
                "OTP_RATE_LIMITED", "Too many codes asked for.", RefusalKind.RATE_LIMITED, wait
            )
        recent.append(now)
        code = f"{secrets.randbelow(1_000_000):06d}"
        self._challenges[destination] = _Challenge(_hash(destination, code), now + CODE_TTL)
        self._sender.send(destination, code, now)

    def verify(
        self, destination: str, code: str, now: datetime, client: str | None = None
    ) -> None:
        keys = [("contact", destination)] + ([("client", client)] if client else [])
        wait = self._misses.retry_after(keys, now)
        if wait is not None:
            raise rate_limited("Too many wrong codes; wait before trying again.", wait)
        challenge = self._challenges.get(destination)
        if challenge is None or now >= challenge.expires_at:
            self._challenges.pop(destination, None)
            raise unauthorized("That code has expired; ask for a new one.", "otp_expired")
        challenge.attempts += 1
        if not secrets.compare_digest(challenge.code_hash, _hash(destination, code.strip())):
            self._misses.record_miss(keys, now)
            if challenge.attempts >= MAX_ATTEMPTS:
                self._challenges.pop(destination, None)
            raise unauthorized("That code is not right.", "otp_invalid")
        del self._challenges[destination]
