"""Where each consumer's journey through each experience was last routed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from kiosk.core.instants import format_instant, require_instant

JOURNEY_KIND = "journey"


@dataclass(slots=True)
class JourneyRecord:
    consumer_id: str
    experience_id: str
    stage: Literal["gated", "routed"]
    sequence_id: str
    updated_at: datetime
    gates: list[dict[str, Any]] = field(default_factory=list)
    offers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.consumer_id}/{self.experience_id}"

    def to_doc(self) -> dict[str, Any]:
        return {
            "consumerId": self.consumer_id,
            "experienceId": self.experience_id,
            "stage": self.stage,
            "sequenceId": self.sequence_id,
            "updatedAt": format_instant(self.updated_at),
            "gates": self.gates,
            "offers": self.offers,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> JourneyRecord:
        return cls(
            consumer_id=doc["consumerId"],
            experience_id=doc["experienceId"],
            stage=doc["stage"],
            sequence_id=doc["sequenceId"],
            updated_at=require_instant(doc["updatedAt"]),
            gates=doc.get("gates", []),
            offers=doc.get("offers", []),
        )

    def record(self) -> tuple[str, str, dict[str, Any]]:
        return (JOURNEY_KIND, self.key, self.to_doc())


class JourneyBook:
    def __init__(self, records: list[JourneyRecord] | None = None) -> None:
        self._by_consumer: dict[str, dict[str, JourneyRecord]] = {}
        for record in records or []:
            self.put(record)

    def put(self, record: JourneyRecord) -> None:
        self._by_consumer.setdefault(record.consumer_id, {})[record.experience_id] = record

    def get(self, consumer_id: str, experience_id: str) -> JourneyRecord | None:
        return self._by_consumer.get(consumer_id, {}).get(experience_id)

    def for_consumer(self, consumer_id: str) -> list[JourneyRecord]:
        return list(self._by_consumer.get(consumer_id, {}).values())
