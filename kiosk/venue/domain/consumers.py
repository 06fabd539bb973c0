"""What the venue knows about a consumer beyond their sessions: who vouched for them (a
member system's name and email claims) and which experiences they entered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.core.instants import format_instant, parse_instant, require_instant

PROFILE_KIND = "consumer_profile"
EXPERIENCE_ENTRY_KIND = "experience_entry"


@dataclass(frozen=True, slots=True)
class ConsumerProfile:
    consumer_id: str
    updated_at: datetime
    email: str | None = None
    full_name: str | None = None

    def to_doc(self) -> dict[str, Any]:
        return {
            "consumerId": self.consumer_id,
            "updatedAt": format_instant(self.updated_at),
            "email": self.email,
            "fullName": self.full_name,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> ConsumerProfile:
        return cls(
            consumer_id=doc["consumerId"],
            updated_at=require_instant(doc["updatedAt"]),
            email=doc.get("email"),
            full_name=doc.get("fullName"),
        )

    def record(self) -> tuple[str, str, dict[str, Any]]:
        return (PROFILE_KIND, self.consumer_id, self.to_doc())


@dataclass(frozen=True, slots=True)
class ExperienceEntry:
    """`POST /experiences/{id}/enter`: the consumer is in the experience since `entered_at`
    (entering again keeps that time), until they leave it."""

    consumer_id: str
    experience_id: str
    entered_at: datetime
    left_at: datetime | None = None

    @property
    def key(self) -> str:
        return f"{self.experience_id}/{self.consumer_id}"

    def to_doc(self) -> dict[str, Any]:
        return {
            "consumerId": self.consumer_id,
            "experienceId": self.experience_id,
            "enteredAt": format_instant(self.entered_at),
            "leftAt": format_instant(self.left_at) if self.left_at else None,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> ExperienceEntry:
        return cls(
            consumer_id=doc["consumerId"],
            experience_id=doc["experienceId"],
            entered_at=require_instant(doc["enteredAt"]),
            left_at=parse_instant(doc.get("leftAt")),
        )

    def record(self) -> tuple[str, str, dict[str, Any]]:
        return (EXPERIENCE_ENTRY_KIND, self.key, self.to_doc())


class ConsumerBook:
    """Profiles and experience entries, by consumer."""

    def __init__(self, profiles: list[ConsumerProfile], entries: list[ExperienceEntry]) -> None:
        self._profiles = {p.consumer_id: p for p in profiles}
        self._entries: dict[str, dict[str, ExperienceEntry]] = {}
        for entry in entries:
            self.put_entry(entry)

    def profile(self, consumer_id: str) -> ConsumerProfile | None:
        return self._profiles.get(consumer_id)

    def put_profile(self, profile: ConsumerProfile) -> None:
        self._profiles[profile.consumer_id] = profile

    def entry(self, consumer_id: str, experience_id: str) -> ExperienceEntry | None:
        return self._entries.get(consumer_id, {}).get(experience_id)

    def entries_of(self, consumer_id: str) -> list[ExperienceEntry]:
        return list(self._entries.get(consumer_id, {}).values())

    def put_entry(self, entry: ExperienceEntry) -> None:
        self._entries.setdefault(entry.consumer_id, {})[entry.experience_id] = entry
