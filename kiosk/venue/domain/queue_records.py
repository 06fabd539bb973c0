"""A queue's stored records (entries, runtime) and the Fenwick tree that counts who left
the middle of the line, so positions are answered in O(log n)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from kiosk.core.instants import format_optional, parse_instant, require_instant
from kiosk.venue.domain.fairness import ShuffleRecord

EntryStatus = Literal["queued", "granted", "completed", "left", "expired", "denied", "closed"]


@dataclass(slots=True)
class QueueEntry:
    consumer_id: str
    entered_at: datetime
    ticket: int | None = None  # place in FIFO order; None until the early arrivals are shuffled
    status: EntryStatus = "queued"
    grant_id: str | None = None
    granted_at: datetime | None = None
    expires_at: datetime | None = None
    ended_at: datetime | None = None
    reason: str | None = None

    def to_doc(self) -> dict[str, Any]:
        return {
            "consumerId": self.consumer_id,
            "enteredAt": format_optional(self.entered_at),
            "ticket": self.ticket,
            "status": self.status,
            "grantId": self.grant_id,
            "grantedAt": format_optional(self.granted_at),
            "expiresAt": format_optional(self.expires_at),
            "endedAt": format_optional(self.ended_at),
            "reason": self.reason,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> QueueEntry:
        return cls(
            consumer_id=doc["consumerId"],
            entered_at=require_instant(doc["enteredAt"]),
            ticket=doc["ticket"],
            status=doc["status"],
            grant_id=doc["grantId"],
            granted_at=parse_instant(doc["grantedAt"]),
            expires_at=parse_instant(doc["expiresAt"]),
            ended_at=parse_instant(doc["endedAt"]),
            reason=doc["reason"],
        )


@dataclass
class QueueRuntime:
    """The queue's own moving parts, persisted beside its entries."""

    opened: bool = False
    paused: bool = False
    closed: bool = False
    next_ticket: int = 0
    allowance: float = 0.0
    last_tick: datetime | None = None
    shuffle: ShuffleRecord | None = None
    opened_at: datetime | None = None

    def to_doc(self) -> dict[str, Any]:
        return {
            "opened": self.opened,
            "paused": self.paused,
            "closed": self.closed,
            "nextTicket": self.next_ticket,
            "allowance": self.allowance,
            "lastTick": format_optional(self.last_tick),
            "shuffle": self.shuffle.to_doc() if self.shuffle else None,
            "openedAt": format_optional(self.opened_at),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> QueueRuntime:
        return cls(
            opened=doc["opened"],
            paused=doc["paused"],
            closed=doc["closed"],
            next_ticket=doc["nextTicket"],
            allowance=doc["allowance"],
            last_tick=parse_instant(doc["lastTick"]),
            shuffle=ShuffleRecord.from_doc(doc["shuffle"]) if doc.get("shuffle") else None,
            opened_at=parse_instant(doc.get("openedAt")),
        )


class Fenwick:
    """Counts marked tickets below an index in O(log n); grows by doubling."""

    def __init__(self, capacity: int = 1024) -> None:
        self._size = capacity
        self._tree = [0] * (capacity + 1)
        self._marks = bytearray(capacity)

    def mark(self, index: int) -> None:
        while index >= self._size:
            self._grow()
        if self._marks[index]:
            return
        self._marks[index] = 1
        i = index + 1
        while i <= self._size:
            self._tree[i] += 1
            i += i & -i

    def count_below(self, index: int) -> int:
        total = 0
        i = min(index, self._size)
        while i > 0:
            total += self._tree[i]
            i -= i & -i
        return total

    def _grow(self) -> None:
        marks = self._marks + bytearray(self._size)
        self._size *= 2
        self._marks = marks
        self._tree = [0] * (self._size + 1)
        for index, marked in enumerate(marks):
            if marked:
                i = index + 1
                while i <= self._size:
                    self._tree[i] += 1
                    i += i & -i
