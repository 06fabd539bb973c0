"""The grant API for servers: validate, redeem (validate and consume), revoke."""

from __future__ import annotations

from typing import Any

from kiosk.venue.domain.engine import TickResult
from kiosk.venue.domain.grants import Grant
from kiosk.venue.state import VenueState
from kiosk.venue.unit_of_work import UnitOfWork


class GrantService:
    def __init__(self, state: VenueState, uow: UnitOfWork) -> None:
        self._state = state
        self._uow = uow

    def describe(self, grant: Grant) -> dict[str, Any]:
        return self._state.grants.describe(grant)

    def validate(self, token: str, experience_id: str | None = None) -> Grant:
        with self._uow.begin() as work:
            return self._state.grants.check(token, work.now, experience_id=experience_id)

    def redeem(self, token: str, experience_id: str | None = None) -> Grant:
        """Validate and consume in one step: a second redeem of the same token is refused."""
        with self._uow.begin() as work:
            grant = self.validate(token, experience_id)
            grant.status, grant.used_at = "redeemed", work.now
            work.add([grant.record()], consumers=[grant.consumer_id])
            engine = self._state.distributions.get(grant.distribution_id)
            if engine is not None:
                work.add(engine.grant_used(grant.consumer_id, work.now), engine=engine.id)
            return grant

    def revoke(self, token: str) -> Grant:
        with self._uow.begin() as work:
            grant = self.validate(token)
            grant.status, grant.used_at = "revoked", work.now
            work.add([grant.record()], consumers=[grant.consumer_id])
            engine = self._state.distributions.get(grant.distribution_id)
            if engine is not None:
                dirty = engine.grant_withdrawn(grant.consumer_id, "denied", work.now)
                work.settle(engine, TickResult(dirty=dirty))  # the freed slot admits the next
            return grant
