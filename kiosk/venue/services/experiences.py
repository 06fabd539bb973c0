"""Being in an experience: `POST /experiences/{id}/enter`, `DELETE .../leave` (whatever the
mechanism the consumer was routed to) and `POST /experiences/archived-status`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from kiosk.core.instants import format_instant
from kiosk.venue.domain.consumers import ExperienceEntry
from kiosk.venue.domain.engine import TickResult
from kiosk.venue.domain.errors import RefusedError, not_found
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.services.catalog import CatalogService
from kiosk.venue.services.distributions import DistributionService, Leave
from kiosk.venue.state import VenueState
from kiosk.venue.unit_of_work import UnitOfWork


class ExperienceService:
    def __init__(
        self,
        state: VenueState,
        uow: UnitOfWork,
        catalog: CatalogService,
        distributions: DistributionService,
        leaves: Mapping[str, Leave],
    ) -> None:
        self._state = state
        self._uow = uow
        self._catalog = catalog
        self._distributions = distributions
        self._leaves = leaves  # by mechanism name (each MechanismSpec's `leave`)

    def enter(self, session: ConsumerSession, experience_id: str) -> dict[str, Any]:
        """Record that the consumer is in the experience. Entering again keeps the first
        `enteredAt`; entering after leaving starts a new stay."""
        state = self._state
        experience = state.experience(experience_id)
        with self._uow.begin() as work:
            if experience.archived:
                raise RefusedError("EXPERIENCE_ARCHIVED", "This experience is no longer offered.")
            if experience.close_at is not None and work.now >= experience.close_at:
                raise RefusedError("EXPERIENCE_CLOSED", "This experience has closed.")
            consumer = session.consumer_id
            entry = state.consumers.entry(consumer, experience_id)
            if entry is None or entry.left_at is not None:
                entry = ExperienceEntry(consumer, experience_id, work.now)
                work.add([entry.record()], consumers=[consumer])
                state.consumers.put_entry(entry)
            return {
                "experienceId": experience_id,
                "enteredAt": format_instant(entry.entered_at),
                "experience": self._catalog.wire_experience(experience_id).to_wire(),
            }

    def leave(self, session: ConsumerSession, experience_id: str) -> bool:
        """Give up the consumer's place in the experience: withdraw from the distribution
        they were routed to (through that mechanism's own rules, which may refuse: a highest
        bidder, a closed draw) and end their stay. True once they are out; False when there
        was nothing to leave. 404 if they never joined the experience at all."""
        state, consumer = self._state, session.consumer_id
        state.experience(experience_id)
        journey = state.journeys.get(consumer, experience_id)
        entry = state.consumers.entry(consumer, experience_id)
        routed = journey is not None and journey.stage == "routed"
        if not routed and entry is None:
            raise not_found("You have not joined this experience, so there is nothing to leave.")
        with self._uow.begin() as work:
            out: list[bool] = []
            engine = state.distribution_of(journey.sequence_id) if routed and journey else None
            if engine is not None:
                leave = self._leaves[engine.mechanism]

                def act(target: Any, now: datetime) -> TickResult:
                    changed, is_out = leave(target, consumer, now)
                    out.append(is_out)
                    return changed

                # As a consumer action: the mechanism's checks, then one settle (a freed
                # place admits the next in line at once).
                self._distributions.consumer_action(
                    session, engine.id, engine.mechanism, act, lambda target, now: None
                )
            if entry is not None and entry.left_at is None:
                ended = replace(entry, left_at=work.now)
                work.add([ended.record()], consumers=[consumer])
                state.consumers.put_entry(ended)
            if engine is None:
                return entry is not None  # in the experience, in no distribution: now out
            return out[0]

    def live_ids(self, experience_ids: list[str]) -> list[str]:
        """The requested experiences that exist and are not archived, in the asked order."""
        experiences = self._state.experiences
        seen: set[str] = set()
        live: list[str] = []
        for experience_id in experience_ids:
            experience = experiences.get(experience_id)
            if experience is not None and not experience.archived and experience_id not in seen:
                seen.add(experience_id)
                live.append(experience_id)
        return live
