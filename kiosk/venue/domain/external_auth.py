"""Sign-in vouched for by the store's own member system (Fanfare's external authentication).

The store's server, holding the secret key, names a member (`provider`, `issuer`,
`subject`, optional claims) and gets a one-time exchange code; the kiosk trades that code
(e.g. read from the member card's QR) for a consumer session. A code works once, for 60
seconds; only its SHA-256 is stored, so the database never holds a usable code.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from kiosk.core.instants import format_instant, parse_instant, require_instant
from kiosk.venue.domain.errors import unauthorized

EXCHANGE_CODE_KIND = "external_exchange_code"
EXCHANGE_CODE_TTL = timedelta(seconds=60)
CODE_PREFIX = "exc_"

Resolution = Literal["existing", "linked", "created"]


def identity_key(provider: str, issuer: str, subject: str) -> str:
    """The identity's key beside `email:` and `phone:` ones. The parts are length-prefixed
    so no choice of names can make two members collide."""
    return "external:" + "".join(f"{len(part)}:{part}" for part in (provider, issuer, subject))


def code_digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ExchangeCode:
    digest: str
    identity: str
    expires_at: datetime
    resolution: Resolution
    email: str | None = None
    full_name: str | None = None
    linked_consumer_id: str | None = None  # the consumer an email claim linked to
    used_at: datetime | None = None

    def to_doc(self) -> dict[str, Any]:
        return {
            "identity": self.identity,
            "expiresAt": format_instant(self.expires_at),
            "resolution": self.resolution,
            "email": self.email,
            "fullName": self.full_name,
            "linkedConsumerId": self.linked_consumer_id,
            "usedAt": format_instant(self.used_at) if self.used_at else None,
        }

    @classmethod
    def from_doc(cls, digest: str, doc: dict[str, Any]) -> ExchangeCode:
        return cls(
            digest=digest,
            identity=doc["identity"],
            expires_at=require_instant(doc["expiresAt"]),
            resolution=doc["resolution"],
            email=doc.get("email"),
            full_name=doc.get("fullName"),
            linked_consumer_id=doc.get("linkedConsumerId"),
            used_at=parse_instant(doc.get("usedAt")),
        )

    def record(self) -> tuple[str, str, dict[str, Any]]:
        return (EXCHANGE_CODE_KIND, self.digest, self.to_doc())


class ExchangeCodes:
    def __init__(self, codes: list[ExchangeCode] | None = None) -> None:
        self._codes = {code.digest: code for code in codes or []}

    def issue(
        self,
        identity: str,
        resolution: Resolution,
        now: datetime,
        *,
        email: str | None = None,
        full_name: str | None = None,
        linked_consumer_id: str | None = None,
    ) -> tuple[str, ExchangeCode]:
        """A new code (shown once, to the caller) and its stored form."""
        code = CODE_PREFIX + secrets.token_urlsafe(32)
        stored = ExchangeCode(
            digest=code_digest(code),
            identity=identity,
            expires_at=now + EXCHANGE_CODE_TTL,
            resolution=resolution,
            email=email,
            full_name=full_name,
            linked_consumer_id=linked_consumer_id,
        )
        return code, stored

    def redeem(self, code: str, now: datetime) -> ExchangeCode:
        """The code's stored form, marked used; refused if unknown, used or expired.
        Nothing changes until the caller stores the answer and calls `put`."""
        stored = self._codes.get(code_digest(code))
        if stored is None:
            raise unauthorized("This exchange code is not valid.", "exchange_code_invalid")
        if stored.used_at is not None:
            raise unauthorized("This exchange code was already used.", "exchange_code_used")
        if now >= stored.expires_at:
            raise unauthorized(
                "This exchange code has expired; ask for a new one.", "exchange_code_expired"
            )
        return replace(stored, used_at=now)

    def put(self, code: ExchangeCode) -> None:
        self._codes[code.digest] = code
