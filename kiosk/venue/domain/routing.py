"""Routing: which sequence of an experience a consumer lands in, and what gates the rest.

Sequences are evaluated by priority, highest first. The first one the consumer may enter is
selected; gated sequences above it are returned as offers. With none admissible, the journey
is gated on the highest-priority sequence; with no sequences at all there is no access.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.venue.domain.catalog import Sequence
from kiosk.wire.routing import (
    Gate,
    Reason,
    RouteResult,
    RouteSelection,
    SequenceSummary,
)

Availability = str | None


@dataclass(frozen=True)
class Routing:
    result: RouteResult
    sequence_id: str | None  # the selected sequence, routed or gated


def route(
    experience_id: str,
    sequences: list[Sequence],
    gates_of: Callable[[Sequence], list[Gate]],
    availability: Callable[[Sequence], Availability],
    waitlist_of: Callable[[Sequence], str | None] = lambda sequence: None,
) -> Routing:
    ordered = sorted(sequences, key=lambda s: -s.priority)
    if not ordered:
        return Routing(
            RouteResult(
                experience_id=experience_id,
                outcome="no_access",
                outcome_reasons=[Reason(code="NO_SEQUENCES")],
            ),
            None,
        )
    gated: list[RouteSelection] = []
    for sequence in ordered:
        gates = gates_of(sequence)
        summary = SequenceSummary(
            id=sequence.id,
            name=sequence.name,
            experience_id=experience_id,
            priority=sequence.priority,
            color=sequence.color,
            availability=availability(sequence),  # type: ignore[arg-type]
            waitlist_id=waitlist_of(sequence),
        )
        reasons = [Reason(code=gate.reason.code) for gate in gates]
        if gates:
            gated.append(
                RouteSelection(sequence=summary, status="gated", gates=gates, reasons=reasons)
            )
            continue
        selected = RouteSelection(sequence=summary, status="admissible")
        return Routing(
            RouteResult(
                experience_id=experience_id, outcome="routed", selected=selected, offers=gated
            ),
            sequence.id,
        )
    first = gated[0]
    return Routing(
        RouteResult(
            experience_id=experience_id,
            outcome="gated",
            selected=first,
            outcome_reasons=list(first.reasons),
        ),
        first.sequence.id,
    )
