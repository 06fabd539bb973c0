"""Noticing that the journey moved to another sequence, and in which direction."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.sdk.events import RerouteDirection
from kiosk.wire.routing import RouteResult


@dataclass(frozen=True)
class Reroute:
    direction: RerouteDirection
    previous: str
    current: str


class RerouteTracker:
    def __init__(self) -> None:
        # Sequence id -> priority, from every route result seen.
        self._priorities: dict[str, float] = {}
        self._last_sequence: str | None = None

    def remember(self, route: RouteResult) -> None:
        for selection in [route.selected, *route.offers]:
            if selection is not None:
                self._priorities[selection.sequence.id] = selection.sequence.priority

    def resumed_at(self, sequence_id: str | None) -> None:
        """Where a resumed journey already was: not a reroute."""
        self._last_sequence = sequence_id

    def routed_to(self, sequence_id: str) -> Reroute | None:
        """The reroute, if the journey is now on a different sequence than before."""
        previous, self._last_sequence = self._last_sequence, sequence_id
        if previous is None or previous == sequence_id:
            return None
        return Reroute(self._direction(previous, sequence_id), previous, sequence_id)

    def _direction(self, previous: str, current: str) -> RerouteDirection:
        before, after = self._priorities.get(previous), self._priorities.get(current)
        if before is None or after is None:
            return "unknown"
        if after > before:
            return "upgrade"
        return "downgrade" if after < before else "lateral"
