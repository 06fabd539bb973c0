"""Journey events: for toasts, announcements and analytics, never for deciding what to render."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

EventKind = Literal[
    "reroute", "sequence_change", "distribution_change", "requirement", "error", "info"
]
Severity = Literal["info", "success", "warning", "error"]
Audience = Literal["user", "system", "analytics"]
RerouteDirection = Literal["upgrade", "downgrade", "lateral", "unknown"]


class JourneyEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    ts: datetime
    kind: EventKind
    severity: Severity
    audience: Audience
    message: str
    detail: dict[str, Any] = Field(default_factory=dict)


class EventLog:
    """The newest events of one journey (bounded), and which of them were acknowledged."""

    def __init__(self, limit: int = 50) -> None:
        self._limit = limit
        self._events: list[JourneyEvent] = []
        self._acked: set[str] = set()
        self._counter = 0

    @property
    def events(self) -> tuple[JourneyEvent, ...]:
        return tuple(self._events)

    @property
    def latest(self) -> JourneyEvent | None:
        """The newest event not yet acknowledged."""
        for event in reversed(self._events):
            if event.id not in self._acked:
                return event
        return None

    def add(
        self,
        ts: datetime,
        kind: EventKind,
        severity: Severity,
        message: str,
        *,
        audience: Audience = "user",
        detail: dict[str, Any] | None = None,
    ) -> JourneyEvent:
        self._counter += 1
        event = JourneyEvent(
            id=f"evt_{self._counter}",
            ts=ts,
            kind=kind,
            severity=severity,
            audience=audience,
            message=message,
            detail=detail or {},
        )
        self._events.append(event)
        if len(self._events) > self._limit:
            dropped = self._events[: -self._limit]
            self._events = self._events[-self._limit :]
            self._acked.difference_update(item.id for item in dropped)
        return event

    def ack(self, event_id: str) -> bool:
        if any(event.id == event_id for event in self._events):
            self._acked.add(event_id)
            return True
        return False
