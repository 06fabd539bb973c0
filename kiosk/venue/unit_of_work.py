"""One unit of work per request: time moves to `now` once, the action runs, one commit.

    with uow.begin() as work:      # ticks every distribution and waitlist to work.now
        effects = engine.enter(consumer, work.now)
        work.settle(engine, effects)   # the engine's records plus the grants they imply
        return answer(...)         # committed when the block ends, before the response

A refusal inside the block still commits what time passing changed (the engines moved on
whatever the request asked). Any other failure, or a failed commit, rebuilds memory from
the store (which rolled back), so nothing is half-applied; a failed commit is a 503.
Units nest: an inner `begin()` joins the outer one (one tick, one commit).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from kiosk.core.clock import Clock
from kiosk.venue.changes import ChangeFeed, Scope
from kiosk.venue.domain.engine import DistributionEngine, TickResult
from kiosk.venue.domain.errors import RefusalKind, RefusedError
from kiosk.venue.domain.grants import Grant
from kiosk.venue.domain.waitlists import Waitlist
from kiosk.venue.state import VenueState
from kiosk.venue.store import StoreError, VenueStore

log = logging.getLogger(__name__)

Record = tuple[str, str, dict[str, Any]]


class Work:
    """The open unit: its instant and the records it will commit."""

    def __init__(self, state: VenueState, now: datetime) -> None:
        self.state = state
        self.now = now
        self.records: list[Record] = []
        self.removed: list[tuple[str, str]] = []  # (kind, key) to delete, after the puts
        # Whose projections the records may change, for the event streams.
        self.scope = Scope()

    def add(
        self,
        records: Iterable[Record],
        *,
        consumers: Iterable[str] | None = None,
        engine: str | None = None,
    ) -> None:
        """Records to commit. Say whose projections they touch (`consumers`, an `engine`'s
        entrants) when that is known; otherwise every stream rechecks."""
        before = len(self.records)
        self.records.extend(records)
        if len(self.records) == before:
            return
        if consumers is None and engine is None:
            self.scope.everyone = True
        if consumers is not None:
            self.scope.consumers.update(consumers)
        if engine is not None:
            self.scope.engines.add(engine)

    def remove(self, kind: str, key: str) -> None:
        """Delete a record in this unit's commit (a pruned session); nobody's view changes."""
        self.removed.append((kind, key))

    def pending(self, kind: str, key: str) -> dict[str, Any] | None:
        """A record this unit will commit (the latest one written for `kind`/`key`)."""
        for record_kind, record_key, doc in reversed(self.records):
            if (record_kind, record_key) == (kind, key):
                return doc
        return None

    def settle(self, engine: DistributionEngine, effects: TickResult) -> None:
        """Record what an engine changed, and the grants its decisions issued or expired.
        The engine then catches up at this same instant (a free slot admits a newcomer at
        once); time itself does not move again."""
        effects.merge(engine.tick(self.now))
        self._grants(engine, effects)
        waitlist = self.state.waitlist_of(engine.sequence_id)
        if waitlist is not None:
            self._notify(waitlist, engine)

    def tick(self) -> None:
        """Open, admit, draw, settle and expire everything up to `now`."""
        state, now = self.state, self.now
        for engine in state.distributions.values():
            self._grants(engine, engine.tick(now))
        for waitlist in state.waitlists.values():
            engine = state.distribution_of(waitlist.sequence_id)
            if engine is not None:
                self._notify(waitlist, engine)

    def _notify(self, waitlist: Waitlist, engine: DistributionEngine) -> None:
        """Once a distribution has opened, everyone on its sequence's waitlist is notified."""
        if engine.lifecycle(self.now) != "scheduled":
            self.add(waitlist.notify_all(self.now))

    def _grants(self, engine: DistributionEngine, result: TickResult) -> None:
        if not (result.dirty or result.issued or result.expired_grant_ids):
            return  # most ticks change nothing (every request ticks every engine)
        state, now = self.state, self.now
        self.add(result.dirty, engine=engine.id)
        if result.issued or result.expired_grant_ids:
            self.scope.engines.add(engine.id)
        experience_id = state.experience_id_of(engine.sequence_id)
        for issue in result.issued:
            grant = Grant(
                id=issue.grant_id,
                consumer_id=issue.consumer_id,
                distribution_type=engine.mechanism,
                distribution_id=engine.id,
                sequence_id=engine.sequence_id,
                experience_id=experience_id,
                issued_at=now,
                expires_at=issue.expires_at,
            )
            state.grants.add(grant)
            self.records.append(grant.record())
        for grant_id in result.expired_grant_ids:
            grant = state.grants.get(grant_id)
            if grant is not None and grant.status == "active":
                grant.status, grant.used_at = "expired", now
                self.records.append(grant.record())


class UnitOfWork:
    def __init__(
        self,
        store: VenueStore,
        clock: Clock,
        state: VenueState,
        changes: ChangeFeed | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._state = state
        self._changes = changes
        self._open: Work | None = None

    def now(self) -> datetime:
        """The open unit's instant, or the clock's: for checks that change nothing."""
        return self._open.now if self._open is not None else self._clock.now()

    @contextmanager
    def begin(self) -> Iterator[Work]:
        if self._open is not None:  # nested: join the unit already open
            yield self._open
            return
        work = Work(self._state, self._clock.now())
        self._open = work
        try:
            work.tick()
            yield work
        except RefusedError:
            self._open = None
            try:
                self._commit(work)
            finally:
                self._ended(work)
            raise
        except BaseException:
            self._open = None
            self._state.reload()
            self._ended(work)
            raise
        self._open = None
        try:
            self._commit(work)
        finally:
            self._ended(work)

    def _ended(self, work: Work) -> None:
        """Tell the event streams, after the commit, what this unit may have changed."""
        if self._changes is None:
            return
        # Time alone moves phases (an opening hour, a close): cheap to compare per unit.
        signature = tuple(
            (engine.id, engine.lifecycle(work.now), engine.accepts_entries(work.now))
            for engine in self._state.distributions.values()
        )
        self._changes.unit_ended(work.scope, signature)

    def _commit(self, work: Work) -> None:
        if not work.records and not work.removed:
            return
        try:
            with self._store.transaction() as writer:
                for kind, key, doc in work.records:
                    writer.put(kind, key, doc)
                for kind, key in work.removed:
                    writer.delete(kind, key)
        except StoreError as exc:
            log.error("storage write failed, reloading from disk: %s", exc)
            self._state.reload()
            raise RefusedError(
                "storage_unavailable",
                "The venue server could not save this change; nothing was changed. "
                "Try again shortly.",
                RefusalKind.UNAVAILABLE,
            ) from exc
