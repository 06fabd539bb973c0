"""Every mechanism's consumer and operator actions, run the same way: look up the engine,
check who may use it, then one unit of work (tick, act, settle, commit, answer)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from kiosk.venue.domain.catalog import Experience
from kiosk.venue.domain.engine import Dirty, DistributionEngine, TickResult
from kiosk.venue.domain.errors import RefusedError, forbidden
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.services.rules import check_may_use
from kiosk.venue.state import VenueState
from kiosk.venue.unit_of_work import UnitOfWork

T = TypeVar("T")
Action = Callable[[Any, datetime], TickResult]
Read = Callable[[Any, datetime], T]
# A mechanism's factory: the operator's create body -> a new engine and its records.
Factory = Callable[[Any, datetime, Experience], tuple[Any, Dirty]]
# A mechanism's leave: (engine, consumer, now) -> what changed, and whether they are out.
Leave = Callable[[Any, str, datetime], tuple[TickResult, bool]]


class DistributionService:
    def __init__(self, state: VenueState, uow: UnitOfWork) -> None:
        self._state = state
        self._uow = uow

    def get(self, distribution_id: str, mechanism: str) -> Any:
        return self._state.distribution(distribution_id, mechanism)

    def of_sequence(self, sequence_id: str) -> DistributionEngine | None:
        return self._state.distribution_of(sequence_id)

    def of_mechanism(self, mechanism: str) -> list[Any]:
        return self._state.distributions_of(mechanism)

    def create(self, factory: Factory, body: Any) -> Any:
        """Attach a new distribution to its sequence (one per sequence) and persist it."""
        state = self._state
        with self._uow.begin() as work:
            sequence = state.sequence(body.sequence_id)
            if state.distribution_of(sequence.id) is not None:
                raise RefusedError(
                    "SEQUENCE_HAS_DISTRIBUTION", "This sequence already has a distribution."
                )
            engine, records = factory(body, work.now, state.experience(sequence.experience_id))
            work.add(records)
            state.distributions[engine.id] = engine
            work.settle(engine, TickResult())  # one whose open time has passed opens now
            return engine

    def create_view(self, factory: Factory, body: Any, view: Read[T]) -> T:
        """Create, then answer with `view` of the new distribution (same unit of work)."""
        with self._uow.begin() as work:
            return view(self.create(factory, body), work.now)

    def consumer_action(
        self,
        session: ConsumerSession,
        distribution_id: str,
        mechanism: str,
        action: Action,
        respond: Read[T],
    ) -> T:
        """One consumer action: checks, then act and settle in one unit of work."""
        engine = self._state.distribution(distribution_id, mechanism)
        check_may_use(self._state, session, engine)
        if not getattr(engine.config, "supports_guest", True) and session.kind == "guest":
            raise forbidden("This needs a signed-in consumer, not a guest.")
        return self._act(engine, action, respond)

    def deny(
        self, distribution_id: str, mechanism: str, consumer_id: str, reason: str, respond: Read[T]
    ) -> T:
        """A server (secret key) takes a consumer out with `reason` (`POST /queues/{id}/deny`,
        `/draws/{id}/deny`): the engine's `deny`, and a live grant it withdraws is revoked,
        so the POS refuses it; the freed place goes to the next in line."""
        engine = self._state.distribution(distribution_id, mechanism)
        with self._uow.begin() as work:
            records, grant_id = engine.deny(consumer_id, reason, work.now)
            grant = self._state.grants.get(grant_id) if grant_id else None
            if grant is not None and grant.status == "active":
                grant.status, grant.used_at = "revoked", work.now
                records.append(grant.record())
            work.add(records, consumers=[consumer_id])
            work.settle(engine, TickResult())
            return respond(engine, work.now)

    def operator_action(
        self, distribution_id: str, mechanism: str, action: Action, respond: Read[T]
    ) -> T:
        return self._act(self._state.distribution(distribution_id, mechanism), action, respond)

    def read(self, distribution_id: str, mechanism: str, read: Read[T]) -> T:
        """A read of one distribution as of now (time moves first; the read changes nothing)."""
        engine = self._state.distribution(distribution_id, mechanism)
        with self._uow.begin() as work:
            return read(engine, work.now)

    def read_all(self, mechanism: str, read: Read[T]) -> list[T]:
        with self._uow.begin() as work:
            return [read(e, work.now) for e in self._state.distributions_of(mechanism)]

    def _act(self, engine: Any, action: Action, respond: Read[T]) -> T:
        with self._uow.begin() as work:
            work.settle(engine, action(engine, work.now))
            return respond(engine, work.now)
