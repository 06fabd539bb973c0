"""The `/consumers/me` sequence shapes every engine answers with: a phase with the consumer's
state, the granted phase with its admission grant, or the ended phase with its outcome.

Each takes the engine's `Distribution`, which already names the mechanism, the distribution
and its sequence, so an engine passes only what is its own.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.core.instants import format_optional
from kiosk.wire.projection import (
    AdmissionGrant,
    ConsumerState,
    Distribution,
    Outcome,
    OutcomeType,
    Phase,
    SequenceProjection,
)


def in_phase(
    phase: Phase, distribution: Distribution, consumer: ConsumerState | None = None
) -> SequenceProjection:
    return SequenceProjection(
        phase=phase, mechanism=distribution.type, distribution=distribution, consumer=consumer
    )


def granted(
    distribution: Distribution,
    consumer: ConsumerState,
    *,
    token: str,
    experience_id: str,
    issued_at: datetime | None,
    expires_at: datetime | None,
) -> SequenceProjection:
    """The consumer holds a live grant: `token` is theirs to hand to the point of sale."""
    grant = AdmissionGrant(
        token=token,
        distribution_type=distribution.type,  # type: ignore[arg-type]  # granting engines only
        distribution_id=distribution.id,
        sequence_id=distribution.sequence_id,
        experience_id=experience_id,
        issued_at=format_optional(issued_at),
        expires_at=format_optional(expires_at),
    )
    return SequenceProjection(
        phase="granted",
        mechanism=distribution.type,
        distribution=distribution,
        consumer=consumer,
        grant=grant,
    )


def ended(
    distribution: Distribution,
    consumer: ConsumerState | None,
    outcome: OutcomeType | str,
    at: datetime | None = None,
    reason: str | None = None,
) -> SequenceProjection:
    """The consumer's part is over: `outcome` says how, `at` when, `reason` why."""
    return SequenceProjection(
        phase="ended",
        mechanism=distribution.type,
        distribution=distribution,
        consumer=consumer,
        outcome=Outcome(
            type=outcome,  # type: ignore[arg-type]
            at=format_optional(at),
            distribution_id=distribution.id,
            distribution_type=distribution.type,
            reason=reason,
        ),
    )
