"""Waitlists: an attachment on a sequence that has not opened yet. Joining never grants
access; when the sequence's distribution opens, everyone on the list is `notified`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from kiosk.core.instants import format_instant, format_optional, parse_instant, require_instant

WAITLIST_KIND = "waitlist"
WAITLIST_ENTRY_KIND = "waitlist_entry"

EntryStatus = Literal["waitlisted", "notified", "left"]


@dataclass(slots=True)
class WaitlistEntry:
    id: str
    waitlist_id: str
    consumer_id: str
    entered_at: datetime
    status: EntryStatus = "waitlisted"
    notified_at: datetime | None = None

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "waitlistId": self.waitlist_id,
            "consumerId": self.consumer_id,
            "enteredAt": format_instant(self.entered_at),
            "status": self.status,
            "notifiedAt": format_optional(self.notified_at),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> WaitlistEntry:
        notified = doc.get("notifiedAt")
        return cls(
            id=doc["id"],
            waitlist_id=doc["waitlistId"],
            consumer_id=doc["consumerId"],
            entered_at=require_instant(doc["enteredAt"]),
            status=doc["status"],
            notified_at=parse_instant(notified),
        )

    def record(self) -> tuple[str, str, dict[str, Any]]:
        return (WAITLIST_ENTRY_KIND, f"{self.waitlist_id}/{self.consumer_id}", self.to_doc())


@dataclass
class Waitlist:
    id: str
    sequence_id: str
    created_at: datetime
    entries: dict[str, WaitlistEntry] = field(default_factory=dict)
    # How many entries are still `waitlisted`: every unit of work asks an opened sequence's
    # list to notify them, and once everyone is notified that must not walk the whole list.
    _waiting: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._waiting = sum(1 for e in self.entries.values() if e.status == "waitlisted")

    def add_loaded(self, entry: WaitlistEntry) -> None:
        """An entry read back from the store."""
        previous = self.entries.get(entry.consumer_id)
        if previous is not None and previous.status == "waitlisted":
            self._waiting -= 1
        self.entries[entry.consumer_id] = entry
        if entry.status == "waitlisted":
            self._waiting += 1

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sequenceId": self.sequence_id,
            "createdAt": format_instant(self.created_at),
        }

    def record(self) -> tuple[str, str, dict[str, Any]]:
        return (WAITLIST_KIND, self.id, self.to_doc())

    def join(self, consumer_id: str, now: datetime) -> tuple[WaitlistEntry, list[Any]]:
        entry = self.entries.get(consumer_id)
        if entry is not None and entry.status != "left":
            return entry, []  # joining twice keeps your place
        entry = WaitlistEntry(str(uuid.uuid4()), self.id, consumer_id, now)
        self.entries[consumer_id] = entry
        self._waiting += 1
        return entry, [entry.record()]

    def leave(self, consumer_id: str) -> list[Any]:
        entry = self.entries.get(consumer_id)
        if entry is None or entry.status == "left":
            return []
        if entry.status == "waitlisted":
            self._waiting -= 1
        entry.status = "left"
        return [entry.record()]

    def notify_all(self, now: datetime) -> list[Any]:
        if not self._waiting:
            return []
        records = []
        for entry in self.entries.values():
            if entry.status == "waitlisted":
                entry.status, entry.notified_at = "notified", now
                records.append(entry.record())
        self._waiting = 0
        return records

    def status_of(self, consumer_id: str) -> str:
        entry = self.entries.get(consumer_id)
        if entry is None or entry.status == "left":
            return "not_waitlisted"
        return entry.status

    def position(self, consumer_id: str) -> int | None:
        entry = self.entries.get(consumer_id)
        if entry is None or entry.status == "left":
            return None
        active = sorted(
            (e for e in self.entries.values() if e.status != "left"), key=lambda e: e.entered_at
        )
        return next(i for i, e in enumerate(active, 1) if e.consumer_id == consumer_id)


def load_waitlists(
    waitlists: list[dict[str, Any]], entries: list[dict[str, Any]]
) -> dict[str, Waitlist]:
    loaded = {
        doc["id"]: Waitlist(doc["id"], doc["sequenceId"], require_instant(doc["createdAt"]))
        for doc in waitlists
    }
    for doc in entries:
        entry = WaitlistEntry.from_doc(doc)
        if entry.waitlist_id in loaded:
            loaded[entry.waitlist_id].add_loaded(entry)
    return loaded
