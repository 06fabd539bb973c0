"""The queue's own actions: Fanfare's consumer paths and the operator's controls."""

from __future__ import annotations

from typing import Any

from kiosk.core.instants import format_optional
from kiosk.venue.domain import queue
from kiosk.venue.domain.catalog import QueueConfig, QueueCreate, QueueUpdate, apply_update
from kiosk.venue.domain.engine import TickResult
from kiosk.venue.domain.errors import RefusalKind, RefusedError, forbidden, not_found
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.domain.queue import QUEUE_KIND, SHUFFLE_KIND, QueueEngine
from kiosk.venue.domain.queue_projection import QueueStatus, queue_status
from kiosk.venue.services.distributions import DistributionService
from kiosk.venue.services.rules import check_may_use
from kiosk.venue.state import VenueState
from kiosk.venue.store import StoreError
from kiosk.venue.unit_of_work import UnitOfWork
from kiosk.wire.distributions import Queue as WireQueue

MECHANISM = "queue"


class QueueService:
    def __init__(
        self, state: VenueState, uow: UnitOfWork, distributions: DistributionService
    ) -> None:
        self._state = state
        self._uow = uow
        self._distributions = distributions

    def get(self, queue_id: str) -> QueueEngine:
        engine = self._state.distributions.get(queue_id)
        if not isinstance(engine, QueueEngine):
            raise not_found(f"No queue with id {queue_id!r}.")
        return engine

    def all(self) -> list[QueueEngine]:
        return self._state.distributions_of(MECHANISM)

    # ---- consumer API ----------------------------------------------------------------------

    def enter(self, session: ConsumerSession, queue_id: str) -> QueueStatus:
        state, engine = self._state, self.get(queue_id)
        check_may_use(state, session, engine)
        if not engine.config.supports_guest and session.kind == "guest":
            raise forbidden("This queue needs a signed-in consumer, not a guest.")
        with self._uow.begin() as work:
            entry, records = engine.enter(session.consumer_id, work.now)
            # Joining at the back of an open line moves nobody else (before opening, everyone
            # early sees the group's size): the event streams need wake only the entrant.
            joined = [session.consumer_id] if entry.ticket is not None else None
            work.add(records, consumers=joined, engine=None if joined else engine.id)
            work.settle(engine, TickResult())  # a free slot admits at once
            return queue_status(engine, entry, work.now, state.token_for)

    def leave(self, session: ConsumerSession, queue_id: str) -> QueueStatus:
        engine = self.get(queue_id)
        with self._uow.begin() as work:
            entry, records = engine.leave(session.consumer_id, work.now)
            work.add(records, engine=engine.id)
            return queue_status(engine, entry, work.now, self._state.token_for)

    def status(self, session: ConsumerSession, queue_id: str) -> tuple[QueueStatus, float]:
        """The consumer's status and the poll interval to hint (`X-Poll-Interval`)."""
        engine = self.get(queue_id)
        with self._uow.begin() as work:
            entry = engine.entry(session.consumer_id)
            status = queue_status(engine, entry, work.now, self._state.token_for)
            return status, engine.poll_interval(entry)

    # ---- servers (secret key): admit one (denying is DistributionService.deny) ----------

    def admit(self, queue_id: str, consumer_id: str) -> QueueStatus:
        engine = self.get(queue_id)
        with self._uow.begin() as work:
            admitted = engine.admit(consumer_id, work.now)
            work.settle(engine, TickResult(issued=admitted.issued, dirty=admitted.dirty))
            return queue_status(engine, engine.entry(consumer_id), work.now, self._state.token_for)

    def wire_queue(self, queue_id: str) -> WireQueue:
        engine = self.get(queue_id)
        with self._uow.begin() as work:
            config = engine.config
            return WireQueue(
                id=config.id,
                organization_id=self._state.organization.id,
                sequence_id=config.sequence_id,
                name=config.name,
                time_zone=config.time_zone,
                admit_rate=config.admit_rate,
                supports_guest=config.supports_guest,
                created_at=config.created_at,
                created_by="operator",
                capacity=config.capacity,
                max_admissions=config.max_admissions,
                admission_expiration_seconds=config.admission_expiration_seconds,
                loyalty_bias_enabled=config.loyalty_bias_enabled,
                open_at=config.open_at,
                close_at=config.close_at,
                status_override="ended" if engine.is_closed(work.now) else None,
                updated_at=config.updated_at,
            )

    # ---- operator API ----------------------------------------------------------------------

    def view(self, queue_id: str) -> dict[str, Any]:
        """The operator's view: config plus live counts, as of now."""
        engine = self.get(queue_id)
        with self._uow.begin():
            return self._view(engine)

    def views(self) -> list[dict[str, Any]]:
        with self._uow.begin():
            return [self._view(engine) for engine in self.all()]

    def create(self, body: QueueCreate) -> QueueEngine:
        return self._distributions.create(queue.create, body)

    def create_view(self, body: QueueCreate) -> dict[str, Any]:
        with self._uow.begin():
            return self._view(self.create(body))

    def update(self, queue_id: str, body: QueueUpdate) -> dict[str, Any]:
        engine = self.get(queue_id)
        with self._uow.begin() as work:
            updated = apply_update(engine.config, body, work.now)
            assert isinstance(updated, QueueConfig)
            engine.set_config(updated)
            work.settle(engine, TickResult(dirty=[(QUEUE_KIND, updated.id, updated.to_doc())]))
            return self._view(engine)

    def control(self, queue_id: str, action: str) -> QueueEngine:
        """Open, pause, resume or close the queue now."""
        engine = self.get(queue_id)
        with self._uow.begin() as work:
            records = engine.control(action, work.now)
            records.append((QUEUE_KIND, engine.id, engine.config.to_doc()))
            work.settle(engine, TickResult(dirty=records))
            return engine

    def control_view(self, queue_id: str, action: str) -> dict[str, Any]:
        with self._uow.begin():
            return self._view(self.control(queue_id, action))

    def shuffle_record(self, queue_id: str) -> dict[str, Any]:
        """The record that lets anyone replay the opening shuffle of early arrivals."""
        self.get(queue_id)
        with self._uow.begin() as work:  # a queue whose open_at has passed opens now
            try:
                record = work.pending(SHUFFLE_KIND, queue_id) or self._state.stored(
                    SHUFFLE_KIND, queue_id
                )
            except StoreError as exc:
                raise RefusedError(
                    "storage_unavailable", str(exc), RefusalKind.UNAVAILABLE
                ) from exc
            if record is None:
                raise not_found("This queue has not opened yet, so nothing was shuffled.")
            return record

    def _view(self, engine: QueueEngine) -> dict[str, Any]:
        now, runtime = self._uow.now(), engine.runtime
        return {
            **engine.config.to_doc(),
            "organizationId": self._state.organization.id,
            "lifecycle": engine.lifecycle(now),
            "paused": runtime.paused,
            "queued": engine.queued_count,
            "activeGrants": engine.active_grants,
            "openedAt": format_optional(runtime.opened_at),
            "shuffle": runtime.shuffle.to_doc() if runtime.shuffle else None,
        }
