"""The venue server's engine room: one object that owns the state and the rules.

HTTP handlers, the CLI, tests and benchmarks all call this facade. Every change is written
to the store in one transaction before the method returns; if the write fails, the in-memory
state is rebuilt from the store (which rolled back), so a failed request changes nothing.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from kiosk.core.clock import Clock
from kiosk.core.instants import format_optional
from kiosk.venue.domain import appointment, auction, draw, timed_release
from kiosk.venue.domain.access import (
    ACCESS_CODE_KIND,
    AccessCode,
    AccessCodes,
    Requirements,
    WrongCodeLimiter,
    gates_for,
    normalize_code,
)
from kiosk.venue.domain.catalog import (
    AccessCodesCreate,
    Experience,
    ExperienceCreate,
    ExperienceUpdate,
    Organization,
    QueueConfig,
    QueueCreate,
    QueueUpdate,
    Sequence,
    SequenceCreate,
    SequenceUpdate,
    WaitlistCreate,
    apply_update,
)
from kiosk.venue.domain.engine import DistributionEngine
from kiosk.venue.domain.engine import TickResult as Effects
from kiosk.venue.domain.errors import (
    RefusalKind,
    RefusedError,
    forbidden,
    not_found,
    rate_limited,
    unauthorized,
)
from kiosk.venue.domain.grants import GRANT_KIND, Grant, GrantBook
from kiosk.venue.domain.identity import SESSION_KIND, ConsumerSession, Sessions
from kiosk.venue.domain.journeys import JOURNEY_KIND, JourneyBook, JourneyRecord
from kiosk.venue.domain.otp import OtpBook, OtpSender, StaffOtpSender, destination_of
from kiosk.venue.domain.queue import (
    ENTRY_KIND,
    SHUFFLE_KIND,
    STATE_KIND,
    QueueEngine,
    QueueEntry,
    QueueRuntime,
)
from kiosk.venue.domain.queue_projection import QueueStatus, queue_status
from kiosk.venue.domain.routing import route
from kiosk.venue.domain.waitlists import (
    WAITLIST_ENTRY_KIND,
    WAITLIST_KIND,
    Waitlist,
    WaitlistEntry,
    load_waitlists,
)
from kiosk.venue.store import StoreError, VenueStore
from kiosk.wire.auth import ConsumerSession as WireSession
from kiosk.wire.auth import RefreshResponse, SessionResponse
from kiosk.wire.distributions import Queue as WireQueue
from kiosk.wire.projection import (
    ActiveJourneys,
    ConsumerMe,
    GatedJourney,
    RoutedJourney,
    SelectedSequenceRef,
    SequenceProjection,
    WaitlistMembership,
)
from kiosk.wire.routing import Experience as WireExperience
from kiosk.wire.routing import Gate, RouteResult

log = logging.getLogger(__name__)

ORG_KIND = "organization"
EXPERIENCE_KIND = "experience"
SEQUENCE_KIND = "sequence"
QUEUE_KIND = "queue"
IDENTITY_KIND = "identity"

Record = tuple[str, str, dict[str, Any]]
T = TypeVar("T")




def new_organization(name: str = "Demo venue") -> Organization:
    return Organization(
        id=str(uuid.uuid4()),
        name=name,
        publishable_key="pk_test_" + secrets.token_hex(16),
        secret_key="sk_test_" + secrets.token_hex(24),
        signing_secret=secrets.token_hex(32),
    )


class VenueService:
    def __init__(
        self, store: VenueStore, clock: Clock, *, otp_sender: OtpSender | None = None
    ) -> None:
        self._store = store
        self._clock = clock
        self.otp_sender = otp_sender or StaffOtpSender()
        self.otp = OtpBook(self.otp_sender)
        self.code_limiter = WrongCodeLimiter()
        self._load()

    # ---- state ---------------------------------------------------------------------------

    def _load(self) -> None:
        """(Re)build every in-memory structure from the store."""
        store = self._store
        orgs = store.load(ORG_KIND)
        if orgs:
            self.organization = Organization.model_validate(orgs[0][1])
        else:
            self.organization = new_organization()
            with store.transaction() as writer:  # StoreError here: the server cannot start
                writer.put(ORG_KIND, self.organization.id, self.organization.to_doc())
        secret = bytes.fromhex(self.organization.signing_secret)
        self.experiences = {k: Experience.model_validate(d) for k, d in store.load(EXPERIENCE_KIND)}
        self.sequences = {k: Sequence.model_validate(d) for k, d in store.load(SEQUENCE_KIND)}
        configs = {k: QueueConfig.model_validate(d) for k, d in store.load(QUEUE_KIND)}
        runtimes = {k: QueueRuntime.from_doc(d) for k, d in store.load(STATE_KIND)}
        entries: dict[str, list[QueueEntry]] = {}
        for key, doc in store.load(ENTRY_KIND):
            entries.setdefault(key.split("/", 1)[0], []).append(QueueEntry.from_doc(doc))
        # Tickets are dense and unique; loading in ticket order rebuilds the line exactly.
        self.queues = {
            queue_id: QueueEngine(
                config,
                runtimes.get(queue_id),
                sorted(entries.get(queue_id, []), key=_load_order),
            )
            for queue_id, config in configs.items()
        }
        self.grants = GrantBook(secret, [Grant.from_doc(d) for _, d in store.load(GRANT_KIND)])
        self.sessions = Sessions(
            secret, [ConsumerSession.from_doc(d) for _, d in store.load(SESSION_KIND)]
        )
        self.journeys = JourneyBook(
            [JourneyRecord.from_doc(d) for _, d in store.load(JOURNEY_KIND)]
        )
        self.access_codes = AccessCodes(
            [AccessCode.from_doc(d) for _, d in store.load(ACCESS_CODE_KIND)]
        )
        self.identities = {key: doc["consumerId"] for key, doc in store.load(IDENTITY_KIND)}
        self.waitlists = load_waitlists(
            [d for _, d in store.load(WAITLIST_KIND)],
            [d for _, d in store.load(WAITLIST_ENTRY_KIND)],
        )
        self.distributions: dict[str, DistributionEngine] = dict(self.queues)
        for load in (appointment.load, auction.load, draw.load, timed_release.load):
            for engine in load(store):
                self.distributions[engine.id] = engine

    def _write(self, records: Iterable[Record]) -> None:
        records = list(records)
        if not records:
            return
        try:
            with self._store.transaction() as writer:
                for kind, key, doc in records:
                    writer.put(kind, key, doc)
        except StoreError as exc:
            log.error("storage write failed, reloading from disk: %s", exc)
            self._load()
            raise RefusedError(
                "storage_unavailable",
                "The venue server could not save this change; nothing was changed. "
                "Try again shortly.",
                RefusalKind.UNAVAILABLE,
            ) from exc

    def now(self) -> datetime:
        return self._clock.now()

    # ---- time passing --------------------------------------------------------------------

    def tick(self) -> None:
        """Open, admit, draw, settle and expire on every distribution up to now."""
        now = self._clock.now()
        records: list[Record] = []
        for engine in self.distributions.values():
            records.extend(self._settle(engine, engine.tick(now), now))
        for waitlist in self.waitlists.values():
            engine = self.distribution_of(waitlist.sequence_id)
            if engine is not None and engine.lifecycle(now) != "scheduled":
                records.extend(waitlist.notify_all(now))
        self._write(records)

    def _settle(self, engine: DistributionEngine, result: Effects, now: datetime) -> list[Record]:
        """The engine's changed records plus the grant records its decisions imply."""
        records = list(result.dirty)
        experience_id = self.experience_id_of(engine.sequence_id)
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
            self.grants.add(grant)
            records.append(grant.record())
        for grant_id in result.expired_grant_ids:
            grant = self.grants.get(grant_id)
            if grant is not None and grant.status == "active":
                grant.status, grant.used_at = "expired", now
                records.append(grant.record())
        return records

    def experience_id_of(self, sequence_id: str) -> str:
        sequence = self.sequences.get(sequence_id)
        return sequence.experience_id if sequence else ""

    def token_for(self, grant_id: str) -> str:
        """The signed token of a grant, for its own consumer's eyes only."""
        grant = self.grants.get(grant_id)
        if grant is None:  # pragma: no cover - engines only project grants they were issued
            raise RuntimeError("no grant record for a granted consumer")
        return self.grants.token_for(grant)

    # ---- organization and keys -----------------------------------------------------------

    def check_publishable_key(self, key: str | None) -> None:
        if not key:
            raise unauthorized("Send the organization's publishable key in X-Publishable-Key.")
        if not _same_key(key, self.organization.publishable_key):
            raise forbidden("This publishable key is not valid for this venue.")

    def check_secret_key(self, key: str | None) -> None:
        if not key:
            raise unauthorized("Send the secret key as 'Authorization: Bearer sk_...'.")
        if not key.startswith("sk_"):
            raise forbidden("This path needs the secret key (sk_...), not a publishable key.")
        if not _same_key(key, self.organization.secret_key):
            raise forbidden("This secret key is not valid for this venue.")

    # ---- consumer sessions ---------------------------------------------------------------

    def start_guest_session(self) -> SessionResponse:
        tokens = self.sessions.start_guest(self.now())
        self._write([tokens.session.record()])
        self.sessions.commit(tokens)
        return SessionResponse(
            session=WireSession(
                type="guest",
                consumer_id=tokens.session.consumer_id,
                expires_at=format_optional(tokens.access_expires_at) or "",
            ),
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            refresh_token_ttl_seconds=(
                tokens.session.refresh_expires_at - self.now()
            ).total_seconds(),
            beacon_token=secrets.token_urlsafe(16),
        )

    def refresh_session(self, refresh_token: str) -> RefreshResponse:
        tokens = self.sessions.refresh(refresh_token, self.now())
        self._write([tokens.session.record()])
        self.sessions.commit(tokens)
        return RefreshResponse(
            access_token=tokens.access_token,
            access_token_expires_at=format_optional(tokens.access_expires_at) or "",
            refresh_token=tokens.refresh_token,
            refresh_token_ttl_seconds=(
                tokens.session.refresh_expires_at - self.now()
            ).total_seconds(),
            beacon_token=secrets.token_urlsafe(16),
        )

    def authenticate(self, access_token: str | None) -> ConsumerSession:
        if not access_token:
            raise unauthorized("Sign in first: send 'Authorization: Bearer <access token>'.")
        return self.sessions.authenticate(access_token, self.now())

    def logout(self, session: ConsumerSession) -> None:
        revoked = self.sessions.revoked(session)
        self._write([revoked.record()])
        self.sessions.store(revoked)

    # ---- catalogue (operator API) --------------------------------------------------------

    def experience(self, experience_id: str) -> Experience:
        experience = self.experiences.get(experience_id)
        if experience is None:
            raise not_found(f"No experience with id {experience_id!r}.")
        return experience

    def sequence(self, sequence_id: str) -> Sequence:
        sequence = self.sequences.get(sequence_id)
        if sequence is None:
            raise not_found(f"No sequence with id {sequence_id!r}.")
        return sequence

    def queue(self, queue_id: str) -> QueueEngine:
        engine = self.queues.get(queue_id)
        if engine is None:
            raise not_found(f"No queue with id {queue_id!r}.")
        return engine

    def sequences_of(self, experience_id: str) -> list[Sequence]:
        return [s for s in self.sequences.values() if s.experience_id == experience_id]

    def distribution_of(self, sequence_id: str) -> DistributionEngine | None:
        for engine in self.distributions.values():
            if engine.sequence_id == sequence_id:
                return engine
        return None

    def distribution(self, distribution_id: str, mechanism: str) -> Any:
        engine = self.distributions.get(distribution_id)
        if engine is None or engine.mechanism != mechanism:
            label = mechanism.replace("_", " ")
            raise not_found(f"No {label} with id {distribution_id!r}.")
        return engine

    def add_distribution(self, engine: DistributionEngine, records: list[Record]) -> None:
        """Attach a new distribution to its sequence (one per sequence) and persist it."""
        self.sequence(engine.sequence_id)
        if self.distribution_of(engine.sequence_id) is not None:
            raise RefusedError(
                "SEQUENCE_HAS_DISTRIBUTION", "This sequence already has a distribution."
            )
        self._write(records)
        self.distributions[engine.id] = engine
        self.tick()

    def consumer_action(
        self,
        session: ConsumerSession,
        distribution_id: str,
        mechanism: str,
        action: Callable[[Any, datetime], Effects],
        respond: Callable[[Any, datetime], T],
    ) -> T:
        """Run one consumer action: checks, tick, act, write (all or nothing), tick, answer."""
        engine = self.distribution(distribution_id, mechanism)
        self._may_use(session, engine)
        if not getattr(engine.config, "supports_guest", True) and session.kind == "guest":
            raise forbidden("This needs a signed-in consumer, not a guest.")
        return self._act(engine, action, respond)

    def consumer_read(
        self,
        session: ConsumerSession,
        distribution_id: str,
        mechanism: str,
        read: Callable[[Any, datetime], T],
    ) -> T:
        engine = self.distribution(distribution_id, mechanism)
        self.tick()
        return read(engine, self.now())

    def operator_action(
        self,
        distribution_id: str,
        mechanism: str,
        action: Callable[[Any, datetime], Effects],
        respond: Callable[[Any, datetime], T],
    ) -> T:
        return self._act(self.distribution(distribution_id, mechanism), action, respond)

    def _act(
        self,
        engine: DistributionEngine,
        action: Callable[[Any, datetime], Effects],
        respond: Callable[[Any, datetime], T],
    ) -> T:
        self.tick()
        now = self.now()
        effects = action(engine, now)
        self._write(self._settle(engine, effects, now))
        self.tick()
        return respond(engine, self.now())

    def create_experience(self, body: ExperienceCreate) -> Experience:
        experience = Experience(id=str(uuid.uuid4()), created_at=self.now(), **body.model_dump())
        self._write([(EXPERIENCE_KIND, experience.id, experience.to_doc())])
        self.experiences[experience.id] = experience
        return experience

    def update_experience(self, experience_id: str, body: ExperienceUpdate) -> Experience:
        updated = apply_update(self.experience(experience_id), body, self.now())
        assert isinstance(updated, Experience)
        self._write([(EXPERIENCE_KIND, updated.id, updated.to_doc())])
        self.experiences[updated.id] = updated
        return updated

    def create_sequence(self, body: SequenceCreate) -> Sequence:
        self.experience(body.experience_id)
        sequence = Sequence(id=str(uuid.uuid4()), created_at=self.now(), **body.model_dump())
        self._write([(SEQUENCE_KIND, sequence.id, sequence.to_doc())])
        self.sequences[sequence.id] = sequence
        return sequence

    def update_sequence(self, sequence_id: str, body: SequenceUpdate) -> Sequence:
        updated = apply_update(self.sequence(sequence_id), body, self.now())
        assert isinstance(updated, Sequence)
        self._write([(SEQUENCE_KIND, updated.id, updated.to_doc())])
        self.sequences[updated.id] = updated
        return updated

    def create_queue(self, body: QueueCreate) -> QueueConfig:
        self.sequence(body.sequence_id)
        if self.distribution_of(body.sequence_id) is not None:
            raise RefusedError(
                "SEQUENCE_HAS_DISTRIBUTION", "This sequence already has a distribution."
            )
        config = QueueConfig(id=str(uuid.uuid4()), created_at=self.now(), **body.model_dump())
        engine = QueueEngine(config)
        self._write(
            [
                (QUEUE_KIND, config.id, config.to_doc()),
                (STATE_KIND, config.id, engine.runtime.to_doc()),
            ]
        )
        self.queues[config.id] = engine
        self.distributions[config.id] = engine
        self.tick()
        return config

    def update_queue(self, queue_id: str, body: QueueUpdate) -> QueueConfig:
        engine = self.queue(queue_id)
        updated = apply_update(engine.config, body, self.now())
        assert isinstance(updated, QueueConfig)
        self._write([(QUEUE_KIND, updated.id, updated.to_doc())])
        engine.set_config(updated)
        self.tick()
        return updated

    def control_queue(self, queue_id: str, action: str) -> QueueEngine:
        engine = self.queue(queue_id)
        self.tick()
        records = engine.control(action, self.now())
        records.append((QUEUE_KIND, engine.id, engine.config.to_doc()))
        self._write(records)
        self.tick()
        return engine

    def shuffle_record(self, queue_id: str) -> dict[str, Any]:
        self.queue(queue_id)
        self.tick()  # a queue whose open_at has passed opens (and shuffles) now
        try:
            record = self._store.get(SHUFFLE_KIND, queue_id)
        except StoreError as exc:
            raise RefusedError("storage_unavailable", str(exc), RefusalKind.UNAVAILABLE) from exc
        if record is None:
            raise not_found("This queue has not opened yet, so nothing was shuffled.")
        return record

    # ---- consumer API --------------------------------------------------------------------

    def wire_experience(self, experience_id: str) -> WireExperience:
        experience = self.experience(experience_id)
        return WireExperience(
            id=experience.id,
            name=experience.name,
            time_zone=experience.time_zone,
            currency_code=experience.currency_code,
            open_at=experience.open_at,
            close_at=experience.close_at,
            has_protected_sequences=any(s.access_code for s in self.sequences_of(experience_id)),
            i18n=experience.i18n,
        )

    def wire_queue(self, queue_id: str) -> WireQueue:
        engine = self.queue(queue_id)
        self.tick()
        config = engine.config
        return WireQueue(
            id=config.id,
            organization_id=self.organization.id,
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
            status_override="ended" if engine.is_closed(self.now()) else None,
            updated_at=config.updated_at,
        )

    def _availability(self, sequence: Sequence) -> str | None:
        engine = self.distribution_of(sequence.id)
        if engine is None:
            return None
        lifecycle = engine.lifecycle(self.now())
        # A settling draw or auction takes no more entries: closed, as far as routing goes.
        return {"scheduled": "upcoming", "open": "open"}.get(lifecycle, "closed")

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
        self.experience(experience_id)
        self.tick()
        now = self.now()
        consumer_id = session.consumer_id
        if access_code:
            wait = self.code_limiter.retry_after(consumer_id, kiosk, now)
            if wait is not None:
                raise rate_limited(
                    "Too many wrong codes; wait before trying again.", retry_after=wait
                )
        matches: dict[str, bool | AccessCode] = {}

        def gates_of(sequence: Sequence) -> list[Gate]:
            match = self.access_codes.match(sequence, access_code, consumer_id)
            matches[sequence.id] = match
            return gates_for(
                self._requirements(sequence),
                signed_in=session.kind == "authenticated",
                code_ok=match is not False,
                code_given=bool(access_code and access_code.strip()),
            )

        sequences = self.sequences_of(experience_id)
        routing = route(experience_id, sequences, gates_of, self._availability)
        result = routing.result
        records: list[Record] = []
        wrong_code = access_code and not any(matches.values())
        if wrong_code and any(self.access_codes.protects(s) for s in sequences):
            self.code_limiter.record_miss(consumer_id, kiosk, now)
        if routing.sequence_id is not None and result.selected is not None:
            selected = result.selected
            record = JourneyRecord(
                consumer_id=consumer_id,
                experience_id=experience_id,
                stage="routed" if result.outcome == "routed" else "gated",
                sequence_id=routing.sequence_id,
                updated_at=now,
                gates=[gate.to_wire() for gate in selected.gates],
                offers=[offer.to_wire() for offer in result.offers],
            )
            records.append(record.record())
            spent = matches.get(routing.sequence_id)
            if (
                result.outcome == "routed"
                and isinstance(spent, AccessCode)
                and spent.max_uses is not None
                and consumer_id not in spent.consumers
            ):
                spent.consumers.append(consumer_id)
                records.append(spent.record())
            self._write(records)
            self.journeys.put(record)
        return result

    def _requirements(self, sequence: Sequence) -> Requirements:
        engine = self.distribution_of(sequence.id)
        guests_welcome = getattr(engine.config, "supports_guest", True) if engine else True
        return Requirements(
            needs_sign_in=sequence.authentication == "otp" or not guests_welcome,
            protected=self.access_codes.protects(sequence),
        )

    def consumer_me(self, session: ConsumerSession) -> ConsumerMe:
        self.tick()
        journeys: list[GatedJourney | RoutedJourney] = []
        for record in self.journeys.for_consumer(session.consumer_id):
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
                    sequence=self._project(session.consumer_id, record),
                    offers=record.offers,
                    updated_at=updated,
                )
            )
        memberships = [
            WaitlistMembership(
                waitlist_id=waitlist.id,
                sequence_id=waitlist.sequence_id,
                experience_id=self.experience_id_of(waitlist.sequence_id),
                entered_at=format_optional(waitlist.entries[session.consumer_id].entered_at),
                position=waitlist.position(session.consumer_id),
            )
            for waitlist in self.waitlists.values()
            if waitlist.status_of(session.consumer_id) != "not_waitlisted"
        ]
        return ConsumerMe(active=ActiveJourneys(journeys=journeys), waitlists=memberships or None)

    def _project(self, consumer_id: str, record: JourneyRecord) -> SequenceProjection:
        engine = self.distribution_of(record.sequence_id)
        if engine is None:
            return SequenceProjection(phase="unavailable", reason="NO_DISTRIBUTION")
        projected = engine.project(consumer_id, record.experience_id, self.now(), self.token_for)
        waitlist = self.waitlist_of(record.sequence_id)
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

    def _may_use(self, session: ConsumerSession, engine: DistributionEngine) -> None:
        """Protected sequences are entered only after routing into them."""
        sequence = self.sequence(engine.sequence_id)
        requirements = self._requirements(sequence)
        if not requirements.protected and not requirements.needs_sign_in:
            return
        record = self.journeys.get(session.consumer_id, sequence.experience_id)
        if record is None or record.stage != "routed" or record.sequence_id != sequence.id:
            raise forbidden("Route into this experience (with its access code) before entering.")
        if requirements.needs_sign_in and session.kind != "authenticated":
            raise forbidden("Sign in with a one-time code before entering.")

    def queue_enter(self, session: ConsumerSession, queue_id: str) -> QueueStatus:
        engine = self.queue(queue_id)
        self._may_use(session, engine)
        if not engine.config.supports_guest and session.kind == "guest":
            raise forbidden("This queue needs a signed-in consumer, not a guest.")
        self.tick()
        now = self.now()
        entry, records = engine.enter(session.consumer_id, now)
        self._write(records)
        self.tick()  # a free slot may admit the newcomer at once
        return queue_status(engine, entry, self.now(), self.token_for)

    def queue_leave(self, session: ConsumerSession, queue_id: str) -> QueueStatus:
        engine = self.queue(queue_id)
        self.tick()
        entry, records = engine.leave(session.consumer_id, self.now())
        self._write(records)
        return queue_status(engine, entry, self.now(), self.token_for)

    def queue_status(self, session: ConsumerSession, queue_id: str) -> tuple[QueueStatus, float]:
        engine = self.queue(queue_id)
        self.tick()
        entry = engine.entry(session.consumer_id)
        return queue_status(engine, entry, self.now(), self.token_for), engine.poll_interval(entry)

    # ---- sign-in with a one-time code -----------------------------------------------------

    def request_otp(self, email: str | None, phone: str | None) -> None:
        self.otp.request(destination_of(email, phone), self.now())

    def verify_otp(
        self,
        email: str | None,
        phone: str | None,
        code: str,
        current: ConsumerSession | None,
    ) -> SessionResponse:
        """An authenticated session. A guest who signs in keeps their consumer (and so their
        place); an identity seen before gets its own consumer back (one entry per person)."""
        now = self.now()
        destination = destination_of(email, phone)
        self.otp.verify(destination, code, now)
        consumer_id = self.identities.get(destination)
        records: list[Record] = []
        if consumer_id is None:
            consumer_id = current.consumer_id if current is not None else str(uuid.uuid4())
            records.append((IDENTITY_KIND, destination, {"consumerId": consumer_id}))
        kind_email = (
            destination.removeprefix("email:") if destination.startswith("email:") else None
        )
        kind_phone = (
            destination.removeprefix("phone:") if destination.startswith("phone:") else None
        )
        tokens = self.sessions.start(
            consumer_id, "authenticated", now, email=kind_email, phone=kind_phone
        )
        records.append(tokens.session.record())
        self._write(records)
        self.identities[destination] = consumer_id
        self.sessions.commit(tokens)
        return SessionResponse(
            session=WireSession(
                type="authenticated",
                consumer_id=consumer_id,
                expires_at=format_optional(tokens.access_expires_at) or "",
                email=kind_email,
                phone=kind_phone,
            ),
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            refresh_token_ttl_seconds=(tokens.session.refresh_expires_at - now).total_seconds(),
            beacon_token=secrets.token_urlsafe(16),
        )

    # ---- access-code lists (operator) ----------------------------------------------------

    def add_access_codes(self, sequence_id: str, body: AccessCodesCreate) -> list[AccessCode]:
        self.sequence(sequence_id)
        codes = [
            AccessCode(sequence_id, normalize_code(code), body.max_uses)
            for code in dict.fromkeys(body.codes)
        ]
        self._write([code.record() for code in codes])
        for code in codes:
            self.access_codes.add(code)
        return codes

    # ---- waitlists -----------------------------------------------------------------------

    def waitlist_of(self, sequence_id: str) -> Waitlist | None:
        for waitlist in self.waitlists.values():
            if waitlist.sequence_id == sequence_id:
                return waitlist
        return None

    def waitlist(self, waitlist_id: str) -> Waitlist:
        waitlist = self.waitlists.get(waitlist_id)
        if waitlist is None:
            raise not_found(f"No waitlist with id {waitlist_id!r}.")
        return waitlist

    def create_waitlist(self, body: WaitlistCreate) -> Waitlist:
        self.sequence(body.sequence_id)
        if self.waitlist_of(body.sequence_id) is not None:
            raise RefusedError("SEQUENCE_HAS_WAITLIST", "This sequence already has a waitlist.")
        waitlist = Waitlist(str(uuid.uuid4()), body.sequence_id, self.now())
        self._write([waitlist.record()])
        self.waitlists[waitlist.id] = waitlist
        return waitlist

    def waitlist_join(self, session: ConsumerSession, waitlist_id: str) -> WaitlistEntry:
        waitlist = self.waitlist(waitlist_id)
        self.tick()
        engine = self.distribution_of(waitlist.sequence_id)
        if engine is not None and engine.lifecycle(self.now()) != "scheduled":
            raise RefusedError(
                "WAITLIST_CLOSED",
                "This has opened already; enter it instead of the waitlist.",
                action="reroute",
            )
        entry, records = waitlist.join(session.consumer_id, self.now())
        self._write(records)
        return entry

    def waitlist_leave(self, session: ConsumerSession, waitlist_id: str) -> bool:
        waitlist = self.waitlist(waitlist_id)
        records = waitlist.leave(session.consumer_id)
        self._write(records)
        return bool(records)

    # ---- grant API (servers, secret key) -------------------------------------------------

    def validate_grant(self, token: str, experience_id: str | None = None) -> Grant:
        self.tick()
        return self.grants.check(token, self.now(), experience_id=experience_id)

    def redeem_grant(self, token: str, experience_id: str | None = None) -> Grant:
        """Validate and consume in one step: a second redeem of the same token is refused."""
        grant = self.validate_grant(token, experience_id)
        now = self.now()
        grant.status, grant.used_at = "redeemed", now
        records: list[Record] = [grant.record()]
        engine = self.distributions.get(grant.distribution_id)
        if engine is not None:
            records.extend(engine.grant_used(grant.consumer_id, now))
        self._write(records)
        return grant

    def revoke_grant(self, token: str) -> Grant:
        grant = self.validate_grant(token)
        now = self.now()
        grant.status, grant.used_at = "revoked", now
        records: list[Record] = [grant.record()]
        engine = self.distributions.get(grant.distribution_id)
        if engine is not None:
            records.extend(engine.grant_withdrawn(grant.consumer_id, "denied", now))
        self._write(records)
        self.tick()  # the freed slot may admit the next in line
        return grant


def _same_key(given: str, expected: str) -> bool:
    # Headers may carry any byte; compare_digest refuses non-ASCII str, so compare bytes.
    return secrets.compare_digest(given.encode(), expected.encode())


def _load_order(entry: QueueEntry) -> tuple[int, int, datetime]:
    if entry.ticket is None:
        return (1, 0, entry.entered_at)
    return (0, entry.ticket, entry.entered_at)
