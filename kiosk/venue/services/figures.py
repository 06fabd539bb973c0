"""The operator's live figures: per distribution, its state, entrants, line, admissions and
grants; and a storage check for readiness. Read by `/metrics`, `/operator/status` and so
`kiosk venue status`.

Admissions and grant counts are counted from the grant ledger (no grant is ever deleted),
not from in-process counters, so they survive a restart or a restore unchanged. Only counts
and ids: never who is in line, never a token.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from kiosk.venue.domain.engine import DistributionEngine
from kiosk.venue.domain.grants import Grant
from kiosk.venue.state import ORG_KIND, VenueState
from kiosk.venue.store import StoreError
from kiosk.venue.unit_of_work import UnitOfWork

RATE_WINDOW = timedelta(minutes=1)
GRANT_STATUSES = ("active", "redeemed", "expired", "revoked")


@dataclass(frozen=True)
class DistributionFigures:
    experience_id: str
    experience_name: str
    sequence_name: str
    distribution_id: str
    mechanism: str
    state: str  # scheduled, open, paused, settling, closed
    entrants: int
    waiting: int | None  # the line's length (queues only)
    admitted: int  # grants issued, ever
    admitted_last_minute: int
    admit_rate: float | None  # configured, per minute (queues only)
    grants: dict[str, int] = field(default_factory=dict)  # by status; "active" = live

    def to_doc(self) -> dict[str, Any]:
        return {
            "experienceId": self.experience_id,
            "experienceName": self.experience_name,
            "sequenceName": self.sequence_name,
            "distributionId": self.distribution_id,
            "mechanism": self.mechanism,
            "state": self.state,
            "entrants": self.entrants,
            "waiting": self.waiting,
            "admitted": self.admitted,
            "admittedLastMinute": self.admitted_last_minute,
            "admitRate": self.admit_rate,
            "grantsLive": self.grants.get("active", 0),
            "grants": dict(self.grants),
        }


def _entrants(engine: DistributionEngine, view: dict[str, Any]) -> int:
    """Who took part, in each mechanism's own terms (entries, bidders, bookings)."""
    count = getattr(engine, "entrant_count", None)
    if isinstance(count, int):
        return count
    if "entries" in view:
        return int(view["entries"] or 0)
    if "bidderCount" in view:
        return int(view["bidderCount"] or 0)
    bookings = view.get("bookings")
    if isinstance(bookings, dict):
        return sum(int(n) for n in bookings.values())
    return 0


def _state(view: dict[str, Any]) -> str:
    lifecycle = str(view.get("lifecycle", "open"))
    return "paused" if lifecycle == "open" and view.get("paused") else lifecycle


class FiguresService:
    def __init__(self, state: VenueState, uow: UnitOfWork) -> None:
        self._state = state
        self._uow = uow

    def snapshot(self) -> list[DistributionFigures]:
        """Every distribution's figures as of now (time moves first; nothing else changes)."""
        state = self._state
        with self._uow.begin() as work:
            now = work.now
            by_distribution: dict[str, list[Grant]] = {}
            for grant in state.grants.all():
                by_distribution.setdefault(grant.distribution_id, []).append(grant)
            figures = []
            for engine in state.distributions.values():
                sequence = state.sequences.get(engine.sequence_id)
                experience = state.experiences.get(sequence.experience_id) if sequence else None
                figures.append(
                    self._figures(
                        engine,
                        by_distribution.get(engine.id, []),
                        now,
                        experience_id=experience.id if experience else "",
                        experience_name=experience.name if experience else "",
                        sequence_name=sequence.name if sequence else "",
                    )
                )
        return sorted(figures, key=lambda f: (f.experience_name, f.sequence_name))

    def _figures(
        self,
        engine: DistributionEngine,
        grants: list[Grant],
        now: datetime,
        *,
        experience_id: str,
        experience_name: str,
        sequence_name: str,
    ) -> DistributionFigures:
        view = engine.describe(now)
        # An active grant past its expiry that no tick has expired yet is not live.
        statuses = Counter(
            "expired" if g.status == "active" and g.expires_at <= now else g.status for g in grants
        )
        since = now - RATE_WINDOW
        rate = view.get("admitRate") if engine.mechanism == "queue" else None
        return DistributionFigures(
            experience_id=experience_id,
            experience_name=experience_name,
            sequence_name=sequence_name,
            distribution_id=engine.id,
            mechanism=engine.mechanism,
            state=_state(view),
            entrants=_entrants(engine, view),
            waiting=int(view.get("queued") or 0) if engine.mechanism == "queue" else None,
            admitted=len(grants),
            admitted_last_minute=sum(1 for g in grants if g.issued_at > since),
            admit_rate=float(rate) if rate is not None else None,
            grants={status: statuses[status] for status in GRANT_STATUSES},
        )

    def check_storage(self) -> None:
        """A real read of the database (the organization's record); `StoreError` if the
        storage cannot answer or no longer holds this venue."""
        org = self._state.organization
        if self._state.stored(ORG_KIND, org.id) is None:
            raise StoreError("the venue database no longer holds this organization")
