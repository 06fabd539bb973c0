"""Access paths: which gates a consumer meets on a sequence, access-code lists with use
limits, and a limiter for wrong codes so a code cannot be guessed at a kiosk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from kiosk.venue.domain.attempts import MissLimiter
from kiosk.venue.domain.catalog import Sequence
from kiosk.wire.routing import (
    AccessCodeGate,
    AccessCodeReason,
    AuthenticationGate,
    Gate,
)

ACCESS_CODE_KIND = "access_code"


def normalize_code(code: str) -> str:
    """Codes are case-insensitive and forgiving of stray spaces."""
    return code.strip().casefold()


@dataclass(slots=True)
class AccessCode:
    """One code of a sequence's list. `max_uses` None means unlimited."""

    sequence_id: str
    code: str  # normalized
    max_uses: int | None = None
    consumers: list[str] = field(default_factory=list)  # who used it (limited codes only)

    @property
    def key(self) -> str:
        return f"{self.sequence_id}/{self.code}"

    def usable_by(self, consumer_id: str) -> bool:
        if self.max_uses is None or consumer_id in self.consumers:
            return True
        return len(self.consumers) < self.max_uses

    def to_doc(self) -> dict[str, Any]:
        return {
            "sequenceId": self.sequence_id,
            "code": self.code,
            "maxUses": self.max_uses,
            "consumers": self.consumers,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> AccessCode:
        return cls(doc["sequenceId"], doc["code"], doc["maxUses"], list(doc["consumers"]))

    def record(self) -> tuple[str, str, dict[str, Any]]:
        return (ACCESS_CODE_KIND, self.key, self.to_doc())


class AccessCodes:
    """The code lists of every sequence (beside each sequence's single `access_code`)."""

    def __init__(self, codes: list[AccessCode] | None = None) -> None:
        self._codes: dict[str, AccessCode] = {}
        # Sequences with a code list: every enter asks, and a list may hold thousands.
        self._listed: set[str] = set()
        for code in codes or []:
            self.add(code)

    def add(self, code: AccessCode) -> None:
        self._codes[code.key] = code
        self._listed.add(code.sequence_id)

    def of(self, sequence_id: str) -> list[AccessCode]:
        return [c for c in self._codes.values() if c.sequence_id == sequence_id]

    def protects(self, sequence: Sequence) -> bool:
        return sequence.access_code is not None or sequence.id in self._listed

    def match(self, sequence: Sequence, given: str | None, consumer_id: str) -> bool | AccessCode:
        """True (the sequence's own code), the matching list code, or False."""
        if given is None or not given.strip():
            return False
        wanted = normalize_code(given)
        if sequence.access_code is not None and normalize_code(sequence.access_code) == wanted:
            return True
        listed = self._codes.get(f"{sequence.id}/{wanted}")
        if listed is not None and listed.usable_by(consumer_id):
            return listed
        return False


@dataclass(frozen=True)
class Requirements:
    """What a sequence asks of a consumer before it admits them."""

    needs_sign_in: bool
    protected: bool


def gates_for(
    requirements: Requirements, *, signed_in: bool, code_ok: bool, code_given: bool
) -> list[Gate]:
    gates: list[Gate] = []
    if requirements.needs_sign_in and not signed_in:
        gates.append(AuthenticationGate())
    if requirements.protected and not code_ok:
        if code_given:
            reason = AccessCodeReason(code="ACCESS_CODE_INVALID")
            gates.append(AccessCodeGate(status="invalid", reason=reason))
        else:
            reason = AccessCodeReason(code="ACCESS_CODE_REQUIRED")
            gates.append(AccessCodeGate(status="missing", reason=reason))
    return gates


class WrongCodeLimiter:
    """At most `limit` wrong codes per window, per consumer and per kiosk (client address).

    A fresh guest session per try does not get around it: the kiosk's count holds. In
    memory on purpose: a restart forgives, and nothing here is worth a disk write per try.
    """

    def __init__(
        self,
        *,
        per_consumer: int = 5,
        per_kiosk: int = 20,
        window: timedelta = timedelta(minutes=10),
    ) -> None:
        self._misses = MissLimiter({"consumer": per_consumer, "kiosk": per_kiosk}, window)

    def __len__(self) -> int:
        return len(self._misses)

    @staticmethod
    def _keys(consumer_id: str, kiosk: str | None) -> list[tuple[str, str]]:
        return [("consumer", consumer_id)] + ([("kiosk", kiosk)] if kiosk is not None else [])

    def retry_after(self, consumer_id: str, kiosk: str | None, now: datetime) -> float | None:
        """Seconds until this consumer (or kiosk) may try a code again; None if they may."""
        return self._misses.retry_after(self._keys(consumer_id, kiosk), now)

    def record_miss(self, consumer_id: str, kiosk: str | None, now: datetime) -> None:
        self._misses.record_miss(self._keys(consumer_id, kiosk), now)
