"""From queue state to the consumer API's `/queues/{id}/status` shapes."""

from __future__ import annotations

from datetime import datetime

from kiosk.venue.domain.engine import TokenFor
from kiosk.venue.domain.queue import QueueEngine, QueueEntry
from kiosk.wire.distributions import (
    CompletedState,
    DeniedState,
    GrantedState,
    LeftState,
    NotQueuedState,
    QueuedState,
)

QueueStatus = QueuedState | NotQueuedState | LeftState | GrantedState | CompletedState | DeniedState


def queue_status(
    engine: QueueEngine, entry: QueueEntry | None, now: datetime, token_for: TokenFor
) -> QueueStatus:
    if entry is None:
        return NotQueuedState()
    if entry.status == "queued":
        return QueuedState(
            position=engine.position(entry),
            estimated_wait_time_in_seconds=engine.estimated_wait_seconds(entry, now),
            position_display_mode="precise" if entry.ticket is not None else "qualitative",
        )
    if entry.status == "granted":
        return GrantedState(
            admission_grant=token_for(entry.grant_id or ""),
            expires_at=entry.expires_at,
            dequeued_at=entry.granted_at,
        )
    if entry.status == "completed":
        return CompletedState(completed_at=entry.ended_at)
    if entry.status == "left":
        return LeftState(dequeued_at=entry.ended_at)
    return DeniedState(reason=entry.reason or "DENIED", dequeued_at=entry.ended_at)
