"""From engine state to the consumer API's shapes: `/consumers/me` and `/queues/{id}/status`."""

from __future__ import annotations

from datetime import datetime

from kiosk.core.instants import format_optional
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
from kiosk.wire.projection import AdmissionGrant, Distribution, Outcome, QueueConsumer
from kiosk.wire.projection import SequenceProjection as Projected


def queue_distribution(engine: QueueEngine, now: datetime) -> Distribution:
    config = engine.config
    details: dict[str, object] = {
        "admitRate": config.admit_rate,
        "admissionExpirationSeconds": config.admission_expiration_seconds,
        "paused": engine.runtime.paused,
    }
    entry_opens = engine.entry_opens_at()
    if entry_opens is not None:
        details["entryOpensAt"] = format_optional(entry_opens)
    return Distribution(
        type="queue",
        id=config.id,
        sequence_id=config.sequence_id,
        lifecycle=engine.lifecycle(now),
        opens_at=format_optional(config.open_at),
        closes_at=format_optional(config.close_at),
        details=details,
    )


_OUTCOMES = {"completed": "completed", "left": "left", "expired": "expired", "closed": "closed"}


def queue_sequence(
    engine: QueueEngine,
    consumer_id: str,
    experience_id: str,
    now: datetime,
    token_for: TokenFor,
) -> Projected:
    distribution = queue_distribution(engine, now)
    entry = engine.entry(consumer_id)
    if entry is None:
        consumer = QueueConsumer(status="not_queued", distribution_id=engine.id)
        if distribution.lifecycle == "closed":
            outcome = Outcome(type="closed", distribution_id=engine.id, distribution_type="queue")
            return Projected(
                phase="ended",
                mechanism="queue",
                distribution=distribution,
                consumer=consumer,
                outcome=outcome,
            )
        phase = "enterable" if engine.accepts_entries(now) else "scheduled"
        return Projected(
            phase=phase,
            mechanism="queue",
            distribution=distribution,
            consumer=consumer if phase == "enterable" else None,
        )
    consumer = _queue_consumer(engine, entry)
    if entry.status == "queued":
        return Projected(
            phase="participating", mechanism="queue", distribution=distribution, consumer=consumer
        )
    if entry.status == "granted":
        grant = AdmissionGrant(
            token=token_for(entry.grant_id or ""),
            distribution_type="queue",
            distribution_id=engine.id,
            sequence_id=engine.config.sequence_id,
            experience_id=experience_id,
            issued_at=format_optional(entry.granted_at),
            expires_at=format_optional(entry.expires_at),
        )
        return Projected(
            phase="granted",
            mechanism="queue",
            distribution=distribution,
            consumer=consumer,
            grant=grant,
        )
    outcome = Outcome(
        type=_OUTCOMES.get(entry.status, "denied"),  # type: ignore[arg-type]
        at=format_optional(entry.ended_at),
        distribution_id=engine.id,
        distribution_type="queue",
        reason=entry.reason,
    )
    return Projected(
        phase="ended",
        mechanism="queue",
        distribution=distribution,
        consumer=consumer,
        outcome=outcome,
    )


def _queue_consumer(engine: QueueEngine, entry: QueueEntry) -> QueueConsumer:
    status = {
        "queued": "queued",
        "granted": "granted",
        "completed": "completed",
        "left": "left",
    }.get(entry.status, "denied")
    return QueueConsumer(
        status=status,  # type: ignore[arg-type]
        position=engine.position(entry) if entry.status == "queued" else None,
        entered_at=format_optional(entry.entered_at),
        granted_at=format_optional(entry.granted_at),
        denied_reason=entry.reason if status == "denied" else None,
        distribution_id=engine.id,
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
