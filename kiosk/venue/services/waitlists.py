"""Waitlists before a sequence opens: the operator creates one, consumers join and leave."""

from __future__ import annotations

import uuid

from kiosk.core.instants import format_instant, format_optional
from kiosk.venue.domain.catalog import WaitlistCreate
from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.domain.waitlists import Waitlist
from kiosk.venue.state import VenueState
from kiosk.venue.unit_of_work import UnitOfWork
from kiosk.wire.distributions import WaitlistEntry as WireEntry
from kiosk.wire.distributions import WaitlistStatus


class WaitlistService:
    def __init__(self, state: VenueState, uow: UnitOfWork) -> None:
        self._state = state
        self._uow = uow

    def all(self) -> list[Waitlist]:
        return list(self._state.waitlists.values())

    def get(self, waitlist_id: str) -> Waitlist:
        return self._state.waitlist(waitlist_id)

    def of_sequence(self, sequence_id: str) -> Waitlist | None:
        return self._state.waitlist_of(sequence_id)

    def status(self, session: ConsumerSession, waitlist_id: str) -> WaitlistStatus:
        """Whether this consumer is (still) on the list."""
        waitlist = self._state.waitlist(waitlist_id)
        entry = waitlist.entries.get(session.consumer_id)
        entered = entry is not None and entry.status != "left"
        return WaitlistStatus(
            waitlist_id=waitlist.id,
            is_entered=entered,
            entered_at=format_optional(entry.entered_at) if entered and entry else None,
            sequence_id=waitlist.sequence_id,
        )

    def create(self, body: WaitlistCreate) -> Waitlist:
        state = self._state
        with self._uow.begin() as work:
            state.sequence(body.sequence_id)
            if state.waitlist_of(body.sequence_id) is not None:
                raise RefusedError("SEQUENCE_HAS_WAITLIST", "This sequence already has a waitlist.")
            waitlist = Waitlist(str(uuid.uuid4()), body.sequence_id, work.now)
            work.add([waitlist.record()])
            state.waitlists[waitlist.id] = waitlist
            return waitlist

    def join(self, session: ConsumerSession, waitlist_id: str) -> WireEntry:
        state = self._state
        waitlist = state.waitlist(waitlist_id)
        with self._uow.begin() as work:
            engine = state.distribution_of(waitlist.sequence_id)
            if engine is not None and engine.lifecycle(work.now) != "scheduled":
                raise RefusedError(
                    "WAITLIST_CLOSED",
                    "This has opened already; enter it instead of the waitlist.",
                    action="reroute",
                )
            entry, records = waitlist.join(session.consumer_id, work.now)
            work.add(records)
            return WireEntry(
                id=entry.id,
                waitlist_id=entry.waitlist_id,
                sequence_id=waitlist.sequence_id,
                consumer_id=entry.consumer_id,
                entered_at=format_instant(entry.entered_at),
            )

    def leave(self, session: ConsumerSession, waitlist_id: str) -> bool:
        waitlist = self._state.waitlist(waitlist_id)
        with self._uow.begin() as work:
            records = waitlist.leave(session.consumer_id)
            work.add(records)
            return bool(records)
