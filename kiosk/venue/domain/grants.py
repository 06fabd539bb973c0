"""Admission grants: signed, single use, expiring. Validation and redemption are atomic.

A grant's token is derived from its record with the organization's signing secret, so the
record never stores the token itself and a copied database row cannot be replayed as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from kiosk.core.instants import format_instant, format_optional, parse_instant, require_instant
from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.domain.signing import BadSignature, TokenSigner

GrantStatus = Literal["active", "redeemed", "revoked", "expired"]
GRANT_KIND = "grant"


@dataclass(slots=True)
class Grant:
    id: str
    consumer_id: str
    distribution_type: str
    distribution_id: str
    sequence_id: str
    experience_id: str
    issued_at: datetime
    expires_at: datetime
    status: GrantStatus = "active"
    used_at: datetime | None = None  # redeemed, revoked or expired at

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "consumerId": self.consumer_id,
            "distributionType": self.distribution_type,
            "distributionId": self.distribution_id,
            "sequenceId": self.sequence_id,
            "experienceId": self.experience_id,
            "issuedAt": format_optional(self.issued_at),
            "expiresAt": format_optional(self.expires_at),
            "status": self.status,
            "usedAt": format_optional(self.used_at),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Grant:
        used = doc.get("usedAt")
        return cls(
            id=doc["id"],
            consumer_id=doc["consumerId"],
            distribution_type=doc["distributionType"],
            distribution_id=doc["distributionId"],
            sequence_id=doc["sequenceId"],
            experience_id=doc["experienceId"],
            issued_at=require_instant(doc["issuedAt"]),
            expires_at=require_instant(doc["expiresAt"]),
            status=doc["status"],
            used_at=parse_instant(used),
        )

    def record(self) -> tuple[str, str, dict[str, Any]]:
        return (GRANT_KIND, self.id, self.to_doc())


class GrantBook:
    """Every grant the venue has issued, and the rules for using one."""

    def __init__(self, signing_secret: bytes, grants: list[Grant] | None = None) -> None:
        self._signer = TokenSigner(signing_secret, "fgr1")
        self._grants = {grant.id: grant for grant in grants or []}

    def add(self, grant: Grant) -> None:
        self._grants[grant.id] = grant

    def get(self, grant_id: str) -> Grant | None:
        return self._grants.get(grant_id)

    def all(self) -> list[Grant]:
        """Every grant ever issued (none is deleted), for the operator's figures."""
        return list(self._grants.values())

    def token_for(self, grant: Grant) -> str:
        return self._signer.sign(
            {
                "g": grant.id,
                "d": grant.distribution_id,
                "x": grant.experience_id,
                "e": int(grant.expires_at.timestamp()),
            }
        )

    def check(self, token: str, now: datetime, *, experience_id: str | None = None) -> Grant:
        """The grant behind `token` if it may be used now; otherwise `GrantRefused`."""
        try:
            payload = self._signer.verify(token)
        except BadSignature as exc:
            raise RefusedError(
                "GRANT_INVALID", "This is not a grant issued by this venue server."
            ) from exc
        grant = self._grants.get(str(payload.get("g")))
        if grant is None or grant.distribution_id != payload.get("d"):
            raise RefusedError("GRANT_NOT_FOUND", "No such grant was issued.")
        if experience_id is not None and grant.experience_id != experience_id:
            raise RefusedError(
                "GRANT_WRONG_EXPERIENCE", "This grant belongs to a different experience."
            )
        if grant.status == "redeemed":
            raise RefusedError("GRANT_ALREADY_REDEEMED", "This grant has already been used.")
        if grant.status == "revoked":
            raise RefusedError("GRANT_REVOKED", "This grant was revoked by staff.")
        if grant.status == "expired" or now >= grant.expires_at:
            raise RefusedError("GRANT_EXPIRED", "This grant has expired.")
        return grant

    def describe(self, grant: Grant) -> dict[str, Any]:
        """What the grant API tells a server about a grant (never the token)."""
        body: dict[str, Any] = {
            "grantId": grant.id,
            "status": grant.status,
            "consumerId": grant.consumer_id,
            "distributionType": grant.distribution_type,
            "distributionId": grant.distribution_id,
            "sequenceId": grant.sequence_id,
            "experienceId": grant.experience_id,
            "issuedAt": format_instant(grant.issued_at),
            "expiresAt": format_instant(grant.expires_at),
        }
        if grant.used_at is not None:
            body["usedAt"] = format_instant(grant.used_at)
        return body
