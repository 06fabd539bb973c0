"""What a server may read about a consumer (`GET /consumers/{id}`, secret key) and the
organization's client-facing settings (`GET /organizations/{id}/settings`)."""

from __future__ import annotations

from typing import Any

from kiosk.core.instants import format_instant
from kiosk.venue.domain.errors import forbidden, not_found
from kiosk.venue.state import ORG_KIND, VenueState
from kiosk.venue.unit_of_work import UnitOfWork


class ConsumerService:
    def __init__(self, state: VenueState, uow: UnitOfWork) -> None:
        self._state = state
        self._uow = uow

    def record(self, consumer_id: str) -> dict[str, Any]:
        """The consumer as the venue knows them: contact details from their sign-ins and
        member claims, engagement from their journeys, the loyalty balance from the ledger.
        Counters the venue does not keep (orders, returns, scores) take the spec's defaults."""
        state = self._state
        sessions = state.sessions.of_consumer(consumer_id)
        if not sessions:
            raise not_found(f"No consumer with id {consumer_id!r}.")
        profile = state.consumers.profile(consumer_id)
        email = next((s.email for s in reversed(sessions) if s.email), None)
        phone = next((s.phone for s in reversed(sessions) if s.phone), None)
        if profile is not None and profile.email:
            email = email or profile.email
        experiences = {
            j.experience_id: j.updated_at for j in state.journeys.for_consumer(consumer_id)
        }
        for entry in state.consumers.entries_of(consumer_id):
            seen = experiences.get(entry.experience_id)
            experiences[entry.experience_id] = (
                max(seen, entry.entered_at) if seen else entry.entered_at
            )
        with self._uow.begin() as work:
            balance = state.loyalty.replay(consumer_id, work.now).balance
        last = max(experiences.values(), default=None)
        return {
            "id": consumer_id,
            "email": email,
            "phone": phone,
            "fullName": profile.full_name if profile else None,
            "loyaltyBalance": balance,
            "engagedCount": len(experiences),
            "lastEngagedAt": format_instant(last) if last else None,
        }

    # ---- organization settings -------------------------------------------------------------

    def settings(self, organization_id: str) -> dict[str, Any]:
        organization = self._state.organization
        if organization_id != organization.id:
            # A publishable key opens its own organization's settings only.
            raise forbidden("This publishable key does not belong to that organization.")
        return {"frameAncestors": list(organization.frame_ancestors)}

    def set_frame_ancestors(self, origins: list[str]) -> dict[str, Any]:
        state = self._state
        with self._uow.begin() as work:
            updated = state.organization.model_copy(update={"frame_ancestors": origins})
            work.add([(ORG_KIND, updated.id, updated.to_doc())])
            state.organization = updated
            return self.settings(updated.id)
