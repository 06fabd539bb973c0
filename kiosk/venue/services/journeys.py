"""A consumer's journeys: routing into an experience, and `GET /consumers/me`."""

from __future__ import annotations

from datetime import datetime

from kiosk.core.instants import format_optional
from kiosk.venue.domain.access import AccessCode, WrongCodeLimiter, gates_for
from kiosk.venue.domain.catalog import Sequence
from kiosk.venue.domain.errors import rate_limited
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.domain.journeys import JourneyRecord
from kiosk.venue.domain.routing import route
from kiosk.venue.services.rules import requirements
from kiosk.venue.state import VenueState
from kiosk.venue.unit_of_work import Record, UnitOfWork
from kiosk.wire.projection import (
    ActiveJourneys,
    ConsumerMe,
    GatedJourney,
    RoutedJourney,
    SelectedSequenceRef,
    SequenceProjection,
    WaitlistMembership,
)
from kiosk.wire.routing import Gate, RouteResult


class JourneyService:
    def __init__(self, state: VenueState, uow: UnitOfWork) -> None:
        self._state = state
        self._uow = uow
        self._code_limiter = WrongCodeLimiter()

    def route(
        self,
        session: ConsumerSession,
        experience_id: str,
        access_code: str | None,
        *,
        kiosk: str | None = None,
    ) -> RouteResult:
        """Evaluate the experience's sequences for this consumer and remember the result.

        Wrong codes are limited per consumer and per kiosk (client address), so a code cannot
        be guessed by trying at a kiosk. A limited-use code is spent when it routes someone.
        """
        state = self._state
        state.experience(experience_id)
        with self._uow.begin() as work:
            now, consumer_id = work.now, session.consumer_id
            if access_code:
                wait = self._code_limiter.retry_after(consumer_id, kiosk, now)
                if wait is not None:
                    raise rate_limited(
                        "Too many wrong codes; wait before trying again.", retry_after=wait
                    )
            matches: dict[str, bool | AccessCode] = {}

            def gates_of(sequence: Sequence) -> list[Gate]:
                match = state.access_codes.match(sequence, access_code, consumer_id)
                matches[sequence.id] = match
                return gates_for(
                    requirements(state, sequence),
                    signed_in=session.kind == "authenticated",
                    code_ok=match is not False,
                    code_given=bool(access_code and access_code.strip()),
                )

            def availability(sequence: Sequence) -> str | None:
                engine = state.distribution_of(sequence.id)
                if engine is None:
                    return None
                lifecycle = engine.lifecycle(now)
                if lifecycle == "scheduled" and state.waitlist_of(sequence.id) is not None:
                    return "waitlist"  # not open yet, but its waitlist is: see waitlist_of
                # A settling draw or auction takes no more entries: closed, for routing.
                return {"scheduled": "upcoming", "open": "open"}.get(lifecycle, "closed")

            def waitlist_of(sequence: Sequence) -> str | None:
                """The waitlist a client can join while the sequence is not open yet."""
                waitlist = state.waitlist_of(sequence.id)
                if waitlist is None or availability(sequence) != "waitlist":
                    return None
                return waitlist.id

            sequences = state.sequences_of(experience_id)
            routing = route(experience_id, sequences, gates_of, availability, waitlist_of)
            result = routing.result
            wrong_code = access_code and not any(matches.values())
            if wrong_code and any(state.access_codes.protects(s) for s in sequences):
                self._code_limiter.record_miss(consumer_id, kiosk, now)
            if routing.sequence_id is None or result.selected is None:
                return result
            record = JourneyRecord(
                consumer_id=consumer_id,
                experience_id=experience_id,
                stage="routed" if result.outcome == "routed" else "gated",
                sequence_id=routing.sequence_id,
                updated_at=now,
                gates=[gate.to_wire() for gate in result.selected.gates],
                offers=[offer.to_wire() for offer in result.offers],
            )
            records: list[Record] = [record.record()]
            spent = matches.get(routing.sequence_id)
            if (
                result.outcome == "routed"
                and isinstance(spent, AccessCode)
                and spent.max_uses is not None
                and consumer_id not in spent.consumers
            ):
                spent.consumers.append(consumer_id)
                records.append(spent.record())
            work.add(records, consumers=[consumer_id])
            state.journeys.put(record)
            return result

    def consumer_me(self, session: ConsumerSession) -> ConsumerMe:
        with self._uow.begin() as work:
            return self._me(session.consumer_id, work.now)

    def current_me(self, session: ConsumerSession) -> ConsumerMe:
        """`GET /consumers/me` as of now without opening a unit (no tick, no commit): for the
        event streams, which read right after a unit ended and must not tick again."""
        return self._me(session.consumer_id, self._uow.now())

    def _me(self, consumer_id: str, now: datetime) -> ConsumerMe:
        state = self._state
        journeys: list[GatedJourney | RoutedJourney] = []
        for record in state.journeys.for_consumer(consumer_id):
            updated = format_optional(record.updated_at)
            if record.stage == "gated":
                journeys.append(
                    GatedJourney(
                        experience_id=record.experience_id,
                        gates=record.gates,
                        selected=SelectedSequenceRef(sequence_id=record.sequence_id),
                        updated_at=updated,
                    )
                )
                continue
            journeys.append(
                RoutedJourney(
                    experience_id=record.experience_id,
                    sequence_id=record.sequence_id,
                    sequence=self._project(consumer_id, record, now),
                    offers=record.offers,
                    updated_at=updated,
                )
            )
        memberships = [
            WaitlistMembership(
                waitlist_id=waitlist.id,
                sequence_id=waitlist.sequence_id,
                experience_id=state.experience_id_of(waitlist.sequence_id),
                entered_at=format_optional(waitlist.entries[consumer_id].entered_at),
                position=waitlist.position(consumer_id),
            )
            for waitlist in state.waitlists.values()
            if waitlist.status_of(consumer_id) != "not_waitlisted"
        ]
        return ConsumerMe(active=ActiveJourneys(journeys=journeys), waitlists=memberships or None)

    def _project(
        self, consumer_id: str, record: JourneyRecord, now: datetime
    ) -> SequenceProjection:
        state = self._state
        engine = state.distribution_of(record.sequence_id)
        if engine is None:
            return SequenceProjection(phase="unavailable", reason="NO_DISTRIBUTION")
        projected = engine.project(consumer_id, record.experience_id, now, state.token_for)
        waitlist = state.waitlist_of(record.sequence_id)
        if waitlist is None or projected.distribution is None:
            return projected
        # The waitlist attachment rides in the distribution's details (the schema has no
        # other place for it); `notified` is restored from here.
        details = {
            **(projected.distribution.details or {}),
            "waitlistId": waitlist.id,
            "waitlistStatus": waitlist.status_of(consumer_id),
        }
        distribution = projected.distribution.model_copy(update={"details": details})
        return projected.model_copy(update={"distribution": distribution})
