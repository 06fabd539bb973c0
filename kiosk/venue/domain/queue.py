"""One queue: FIFO after opening, a seeded shuffle of early arrivals, rate-based admission.

The engine is pure bookkeeping over an injected `now`: no I/O and no clock of its own. Every
mutating method returns the records it changed, which the service writes in one transaction
before it answers; if the write fails the service rebuilds the engine from the store.

Positions are answered in O(log n) whatever the queue's length: tickets are handed out in
order, admissions leave from the front, and a Fenwick tree counts who left from the middle.
"""

from __future__ import annotations

import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar, Literal

from kiosk.core.instants import format_instant, format_optional
from kiosk.venue.domain.catalog import Experience, QueueConfig, QueueCreate
from kiosk.venue.domain.engine import (
    ConfiguredEngine,
    Dirty,
    GrantIssue,
    RecordSource,
    StoredRecord,
    TokenFor,
    member_key,
    members_by_engine,
)
from kiosk.venue.domain.engine import TickResult as EngineTick
from kiosk.venue.domain.errors import RefusalKind, RefusedError, not_open
from kiosk.venue.domain.fairness import ShuffleRecord, entries_hash, new_seed, seeded_permutation
from kiosk.venue.domain.granting import Deadlines, issue_grant, withdrawn_reason
from kiosk.venue.domain.phases import ended, granted, in_phase
from kiosk.venue.domain.queue_records import EntryStatus, Fenwick, QueueEntry, QueueRuntime
from kiosk.wire.projection import Distribution, QueueConsumer, SequenceProjection

Lifecycle = Literal["scheduled", "open", "closed"]

QUEUE_KIND = "queue"  # the operator's config
ENTRY_KIND = "queue_entry"
STATE_KIND = "queue_state"
SHUFFLE_KIND = "queue_shuffle"


@dataclass
class Admission:
    entry: QueueEntry
    grant_id: str
    expires_at: datetime


@dataclass
class TickResult:
    admitted: list[Admission] = field(default_factory=list)
    expired: list[QueueEntry] = field(default_factory=list)
    dirty: Dirty = field(default_factory=list)

    # The mechanism-independent view the venue service settles grants from.
    @property
    def issued(self) -> list[GrantIssue]:
        return [GrantIssue(a.entry.consumer_id, a.grant_id, a.expires_at) for a in self.admitted]

    @property
    def expired_grant_ids(self) -> list[str]:
        return [entry.grant_id for entry in self.expired if entry.grant_id]


class QueueEngine(ConfiguredEngine[QueueConfig]):
    mechanism: ClassVar[str] = "queue"
    RECENT_ADMISSIONS = 100

    def __init__(
        self,
        config: QueueConfig,
        runtime: QueueRuntime | None = None,
        entries: list[QueueEntry] | None = None,
    ) -> None:
        self.config = config
        self.runtime = runtime or QueueRuntime()
        self._entries: dict[str, QueueEntry] = {}
        self._by_ticket: list[QueueEntry | None] = []
        self._gone = Fenwick()  # tickets no longer waiting
        self._head = 0  # every ticket below this has left the line
        self._early: list[QueueEntry] = []  # arrivals before opening, in arrival order
        self._expiries = Deadlines()  # live grants
        self._queued = 0
        self._active_grants = 0
        self._admissions_used = 0  # grants live or redeemed (expired/revoked give theirs back)
        self._recent: deque[datetime] = deque(maxlen=self.RECENT_ADMISSIONS)
        for entry in entries or []:
            self._index(entry)
        self._advance_head()

    # ---- loading -------------------------------------------------------------------------

    def _index(self, entry: QueueEntry) -> None:
        self._entries[entry.consumer_id] = entry
        if entry.ticket is None:
            self._early.append(entry)
        else:
            while len(self._by_ticket) <= entry.ticket:
                self._by_ticket.append(None)
            self._by_ticket[entry.ticket] = entry
            # The entries hold the tickets handed out: an enter writes only its entry, so
            # the stored runtime's `next_ticket` may lag behind them.
            self.runtime.next_ticket = max(self.runtime.next_ticket, entry.ticket + 1)
            if entry.status != "queued":
                self._gone.mark(entry.ticket)
        if entry.status == "queued":
            self._queued += 1
        elif entry.status == "granted":
            self._active_grants += 1
            self._admissions_used += 1
            assert entry.expires_at is not None
            self._expiries.add(entry.expires_at, entry.consumer_id)
        elif entry.status == "completed":
            self._admissions_used += 1
        if entry.granted_at is not None:
            self._recent.append(entry.granted_at)

    def _advance_head(self) -> None:
        tickets = self._by_ticket
        while self._head < len(tickets):
            entry = tickets[self._head]
            if entry is not None and entry.status == "queued":
                break
            self._head += 1

    # ---- reads ---------------------------------------------------------------------------

    def project(
        self, consumer_id: str, experience_id: str, now: datetime, token_for: TokenFor
    ) -> SequenceProjection:
        return queue_sequence(self, consumer_id, experience_id, now, token_for)

    def describe(self, now: datetime) -> dict[str, Any]:
        runtime = self.runtime
        return {
            **self.config.to_doc(),
            "mechanism": self.mechanism,
            "lifecycle": self.lifecycle(now),
            "paused": runtime.paused,
            "queued": self.queued_count,
            "activeGrants": self.active_grants,
            "openedAt": format_optional(runtime.opened_at),
            "shuffle": runtime.shuffle.to_doc() if runtime.shuffle else None,
        }

    @property
    def queued_count(self) -> int:
        return self._queued

    @property
    def entrant_count(self) -> int:
        """Everyone who ever entered (waiting, admitted, left or expired)."""
        return len(self._entries)

    @property
    def active_grants(self) -> int:
        return self._active_grants

    def entry(self, consumer_id: str) -> QueueEntry | None:
        return self._entries.get(consumer_id)

    def lifecycle(self, now: datetime) -> Lifecycle:
        if self.is_closed(now):
            return "closed"
        if not self.runtime.opened:
            return "scheduled"
        return "open"

    def is_closed(self, now: datetime) -> bool:
        close_at = self.config.close_at
        return self.runtime.closed or (close_at is not None and now >= close_at)

    def entry_opens_at(self) -> datetime | None:
        """When early arrivals may start to join (None: whenever the queue is not closed)."""
        open_at, early = self.config.open_at, self.config.early_entry_seconds
        if open_at is None or early is None or self.runtime.opened:
            return None
        return open_at - timedelta(seconds=early)

    def accepts_entries(self, now: datetime) -> bool:
        if self.is_closed(now):
            return False
        opens = self.entry_opens_at()
        return opens is None or now >= opens

    def position(self, entry: QueueEntry) -> int:
        """1-based place in line. Before opening: how many are in the early group."""
        if entry.ticket is None:
            return self._queued
        return entry.ticket - self._gone.count_below(entry.ticket) + 1

    def admission_rate(self, now: datetime) -> float:
        """Consumers per second: measured from recent admissions, else the configured rate."""
        configured = self.config.admit_rate / 60.0
        recent = self._recent
        if len(recent) >= 5 and (now - recent[-1]).total_seconds() < 120:
            span = (recent[-1] - recent[0]).total_seconds()
            if span > 0:
                return (len(recent) - 1) / span
        return configured

    def estimated_wait_seconds(self, entry: QueueEntry, now: datetime) -> float:
        wait = self.position(entry) / max(self.admission_rate(now), 1e-6)
        open_at = self.config.open_at
        if not self.runtime.opened and open_at is not None and now < open_at:
            wait += (open_at - now).total_seconds()
        return round(wait, 1)

    def poll_interval(self, entry: QueueEntry | None) -> float:
        """How often a client should ask again: sooner when near the front."""
        if entry is None or entry.status != "queued" or entry.ticket is None:
            return 5.0
        position = self.position(entry)
        return 1.0 if position <= 10 else 2.0 if position <= 100 else 5.0

    def _sold_out(self) -> bool:
        """Every admission is used and none is outstanding that could come back."""
        limit = self.config.max_admissions
        return limit is not None and self._admissions_used >= limit and self._active_grants == 0

    # ---- consumer actions ----------------------------------------------------------------

    def enter(self, consumer_id: str, now: datetime) -> tuple[QueueEntry, Dirty]:
        existing = self._entries.get(consumer_id)
        if existing is not None:
            if existing.status == "left":
                raise RefusedError("ALREADY_LEFT", "You left this queue and cannot rejoin it.")
            return existing, []  # entering twice keeps your place
        if self.is_closed(now):
            raise RefusedError("QUEUE_CLOSED", "This queue is closed.")
        opens = self.entry_opens_at()
        if opens is not None and now < opens:
            raise not_open(
                "QUEUE_NOT_OPEN", "This queue is not open for entry yet.", opens, now
            )
        if self._sold_out():
            raise RefusedError("SOLD_OUT", "Everything in this queue has been given out.")
        capacity = self.config.capacity
        if capacity is not None and self._queued >= capacity:
            raise RefusedError("QUEUE_FULL", "Queue is full.", RefusalKind.RATE_LIMITED, 30)
        entry = QueueEntry(consumer_id=consumer_id, entered_at=now)
        if self.runtime.opened:
            entry.ticket = self.runtime.next_ticket
            self.runtime.next_ticket += 1
        self._index(entry)
        # The ticket counter is not written: loading takes it from the entries (`_index`).
        return entry, [self._entry_record(entry)]

    def leave(self, consumer_id: str, now: datetime) -> tuple[QueueEntry | None, Dirty]:
        entry = self._entries.get(consumer_id)
        if entry is None or entry.status != "queued":
            return entry, []  # nothing to leave: answering with the state is enough
        self._finish(entry, "left", now)
        return entry, [self._entry_record(entry)]

    # ---- grant outcomes (from the grant API) ---------------------------------------------

    def grant_used(self, consumer_id: str, now: datetime) -> Dirty:
        entry = self._entries.get(consumer_id)
        if entry is None or entry.status != "granted":
            return []
        entry.status, entry.ended_at = "completed", now
        self._active_grants -= 1
        return [self._entry_record(entry)]

    def grant_withdrawn(self, consumer_id: str, status: str, now: datetime) -> Dirty:
        """An expired or revoked grant (`status` expired or denied): its slot goes back."""
        entry = self._entries.get(consumer_id)
        if entry is None or entry.status != "granted":
            return []
        entry.status, entry.ended_at = ("expired" if status == "expired" else "denied"), now
        entry.reason = withdrawn_reason(status)
        self._active_grants -= 1
        self._admissions_used -= 1
        return [self._entry_record(entry)]

    # ---- server actions (`POST /queues/{id}/admit|deny`, secret key) ---------------------

    def admit(self, consumer_id: str, now: datetime) -> TickResult:
        """Let one waiting consumer through now, ahead of the rate and the live-grant cap
        (staff decided), never past `maxAdmissions`. Admitting a granted one changes nothing."""
        entry = self._waiting_or_granted(consumer_id)
        result = TickResult()
        if entry.status == "granted":
            return result
        limit = self.config.max_admissions
        if limit is not None and self._admissions_used >= limit:
            raise RefusedError("SOLD_OUT", "Every admission of this queue has been given out.")
        self._grant(entry, now, result)
        result.dirty.append(self._state_record())
        return result

    def deny(self, consumer_id: str, reason: str, now: datetime) -> tuple[Dirty, str | None]:
        """Take a consumer out with `reason`; a live grant is withdrawn (its id is returned
        for the service to revoke). Denying again keeps the first reason."""
        entry = self._entries.get(consumer_id)
        if entry is not None and entry.status == "denied":
            return [], None
        entry = self._waiting_or_granted(consumer_id)
        grant_id = entry.grant_id if entry.status == "granted" else None
        if grant_id is not None:
            self.grant_withdrawn(consumer_id, "denied", now)
        else:
            self._finish(entry, "denied", now)
        entry.reason = reason
        return [self._entry_record(entry)], grant_id

    def _waiting_or_granted(self, consumer_id: str) -> QueueEntry:
        entry = self._entries.get(consumer_id)
        if entry is None or entry.status not in ("queued", "granted"):
            said = "is not in" if entry is None else f"is no longer waiting in ({entry.status})"
            raise RefusedError("NOT_IN_QUEUE", f"This consumer {said} this queue.")
        return entry

    # ---- operator actions ----------------------------------------------------------------

    def set_config(self, config: QueueConfig) -> None:
        self.config = config

    def control(self, action: str, now: datetime) -> Dirty:
        runtime = self.runtime
        if action == "open":
            if self.is_closed(now):
                raise RefusedError("QUEUE_CLOSED", "A closed queue cannot be opened again.")
            if runtime.opened:
                return []  # already open: opening again changes nothing
            self.config = self.config.model_copy(update={"open_at": now})
            return self._open(now)
        if action == "pause":
            runtime.paused = True
        elif action == "resume":
            runtime.paused = False
            runtime.last_tick = now  # no burst for the time spent paused
        elif action == "close":
            runtime.closed = True
        return [self._state_record()]

    # ---- time passing --------------------------------------------------------------------

    def tick(self, now: datetime) -> TickResult:
        result = TickResult()
        runtime = self.runtime
        if not runtime.opened and not self.is_closed(now):
            open_at = self.config.open_at
            if open_at is None or now >= open_at:
                result.dirty.extend(self._open(now))
        self._expire(now, result)
        if self.is_closed(now):
            self._close_line(now, result)
            return result
        if runtime.opened and not runtime.paused:
            self._admit(now, result)
        return result

    def _open(self, now: datetime) -> Dirty:
        """Shuffle the early arrivals with a fresh seed, then hand out tickets."""
        runtime = self.runtime
        waiting = [e for e in self._early if e.status == "queued"]
        ids = [e.consumer_id for e in waiting]
        record = ShuffleRecord(entries_hash=entries_hash(ids), seed=new_seed(), count=len(ids))
        dirty: Dirty = []
        order = seeded_permutation(record.seed, record.count)
        for index in order:
            entry = waiting[index]
            entry.ticket = runtime.next_ticket
            runtime.next_ticket += 1
            self._by_ticket.append(entry)
            dirty.append(self._entry_record(entry))
        self._early = [e for e in self._early if e.ticket is None]
        runtime.opened, runtime.opened_at, runtime.shuffle = True, now, record
        runtime.last_tick = now
        self._advance_head()
        dirty.append(self._state_record())
        # The published record: replaying it over `entries` must give the tickets above.
        dirty.append(
            (
                SHUFFLE_KIND,
                self.id,
                {
                    **record.to_doc(),
                    "queueId": self.id,
                    "openedAt": format_instant(now),
                    "entries": ids,
                    "order": [ids[index] for index in order],
                },
            )
        )
        return dirty

    def _expire(self, now: datetime, result: TickResult) -> None:
        for _, consumer_id in self._expiries.due(now):
            entry = self._entries[consumer_id]
            if entry.status == "granted" and entry.expires_at and entry.expires_at <= now:
                result.dirty.extend(self.grant_withdrawn(consumer_id, "expired", now))
                result.expired.append(entry)

    def _admit(self, now: datetime, result: TickResult) -> None:
        runtime, config = self.runtime, self.config
        rate = config.admit_rate / 60.0
        burst = max(1.0, rate * 2)
        elapsed = (now - runtime.last_tick).total_seconds() if runtime.last_tick else 0.0
        runtime.allowance = min(burst, runtime.allowance + max(elapsed, 0.0) * rate)
        runtime.last_tick = now
        admitted_any = False
        while runtime.allowance >= 1 and self._queued > 0:
            if config.max_active_grants is not None and (
                self._active_grants >= config.max_active_grants
            ):
                break
            if config.max_admissions is not None and (
                self._admissions_used >= config.max_admissions
            ):
                if self._active_grants == 0:
                    self._close_line(now, result, reason="SOLD_OUT")
                break
            entry = self._by_ticket[self._head]
            assert entry is not None and entry.status == "queued"
            self._grant(entry, now, result)
            runtime.allowance -= 1
            admitted_any = True
        if admitted_any:
            result.dirty.append(self._state_record())

    def _grant(self, entry: QueueEntry, now: datetime, result: TickResult) -> None:
        issue = issue_grant(entry.consumer_id, now, self.config.admission_expiration_seconds)
        entry.grant_id, entry.expires_at = issue.grant_id, issue.expires_at
        entry.granted_at = now
        self._finish(entry, "granted", now)
        self._active_grants += 1
        self._admissions_used += 1
        self._recent.append(now)
        self._expiries.add(issue.expires_at, entry.consumer_id)
        result.admitted.append(Admission(entry, issue.grant_id, issue.expires_at))
        result.dirty.append(self._entry_record(entry))

    def _close_line(self, now: datetime, result: TickResult, reason: str = "QUEUE_CLOSED") -> None:
        """Everyone still waiting when the queue closes (or sells out) is told so."""
        if self._queued == 0:
            return
        for entry in list(self._entries.values()):
            if entry.status == "queued":
                self._finish(entry, "closed", now)
                entry.reason = reason
                result.dirty.append(self._entry_record(entry))

    def _finish(self, entry: QueueEntry, status: EntryStatus, now: datetime) -> None:
        """Take a queued entry out of the line."""
        entry.status = status
        if status != "granted":
            entry.ended_at = now
        self._queued -= 1
        if entry.ticket is not None:
            self._gone.mark(entry.ticket)
            if entry.ticket == self._head:
                self._advance_head()

    # ---- records -------------------------------------------------------------------------

    def _entry_record(self, entry: QueueEntry) -> StoredRecord:
        return (ENTRY_KIND, member_key(self.id, entry.consumer_id), entry.to_doc())

    def _state_record(self) -> StoredRecord:
        return (STATE_KIND, self.id, self.runtime.to_doc())


# ---- the consumer's view of a queue (`/consumers/me`) ----------------------------------------


def queue_distribution(engine: QueueEngine, now: datetime) -> Distribution:
    config = engine.config
    details: dict[str, object] = {
        "admitRate": config.admit_rate,
        "admissionExpirationSeconds": config.admission_expiration_seconds,
        "paused": engine.runtime.paused,
    }
    entry_opens = engine.entry_opens_at()
    if entry_opens is not None:
        details["entryOpensAt"] = format_optional(entry_opens)
    return Distribution(
        type="queue",
        id=config.id,
        sequence_id=config.sequence_id,
        lifecycle=engine.lifecycle(now),
        opens_at=format_optional(config.open_at),
        closes_at=format_optional(config.close_at),
        details=details,
    )


_OUTCOMES = {"completed": "completed", "left": "left", "expired": "expired", "closed": "closed"}


def queue_sequence(
    engine: QueueEngine,
    consumer_id: str,
    experience_id: str,
    now: datetime,
    token_for: TokenFor,
) -> SequenceProjection:
    distribution = queue_distribution(engine, now)
    entry = engine.entry(consumer_id)
    if entry is None:
        consumer = QueueConsumer(status="not_queued", distribution_id=engine.id)
        if distribution.lifecycle == "closed":
            return ended(distribution, consumer, "closed")
        if engine.accepts_entries(now):
            return in_phase("enterable", distribution, consumer)
        return in_phase("scheduled", distribution)
    consumer = _queue_consumer(engine, entry)
    if entry.status == "queued":
        return in_phase("participating", distribution, consumer)
    if entry.status == "granted":
        return granted(
            distribution,
            consumer,
            token=token_for(entry.grant_id or ""),
            experience_id=experience_id,
            issued_at=entry.granted_at,
            expires_at=entry.expires_at,
        )
    outcome = _OUTCOMES.get(entry.status, "denied")
    return ended(distribution, consumer, outcome, entry.ended_at, entry.reason)


def _queue_consumer(engine: QueueEngine, entry: QueueEntry) -> QueueConsumer:
    status = {
        "queued": "queued",
        "granted": "granted",
        "completed": "completed",
        "left": "left",
    }.get(entry.status, "denied")
    return QueueConsumer(
        status=status,  # type: ignore[arg-type]
        position=engine.position(entry) if entry.status == "queued" else None,
        entered_at=format_optional(entry.entered_at),
        granted_at=format_optional(entry.granted_at),
        denied_reason=entry.reason if status == "denied" else None,
        distribution_id=engine.id,
    )


def leave_experience(
    engine: QueueEngine, consumer_id: str, now: datetime
) -> tuple[EngineTick, bool]:
    """`DELETE /experiences/{id}/leave` on a queue: give the place in line back."""
    entry, dirty = engine.leave(consumer_id, now)
    return EngineTick(dirty=dirty), entry is not None and entry.status == "left"


def load(store: RecordSource) -> list[QueueEngine]:
    """Every queue, rebuilt exactly: tickets are dense and unique, so loading the entries in
    ticket order rebuilds the line as it was."""
    runtimes = {k: QueueRuntime.from_doc(d) for k, d in store.load(STATE_KIND)}
    entries = members_by_engine(store, ENTRY_KIND, QueueEntry.from_doc)
    return [
        QueueEngine(
            QueueConfig.model_validate(doc),
            runtimes.get(key),
            sorted(entries.get(key, []), key=_load_order),
        )
        for key, doc in store.load(QUEUE_KIND)
    ]


def _load_order(entry: QueueEntry) -> tuple[int, int, datetime]:
    if entry.ticket is None:
        return (1, 0, entry.entered_at)
    return (0, entry.ticket, entry.entered_at)


def create(body: QueueCreate, now: datetime, experience: Experience) -> tuple[QueueEngine, Dirty]:
    config = QueueConfig(id=str(uuid.uuid4()), created_at=now, **body.model_dump())
    engine = QueueEngine(config)
    return engine, [
        (QUEUE_KIND, config.id, config.to_doc()),
        (STATE_KIND, config.id, engine.runtime.to_doc()),
    ]
