"""One timed release: from `openAt`, first come first served while the inventory lasts.

Entering grants at once: the grant is issued by the enter action itself, so the answer to
`POST /timed-releases/{id}/enter` already carries it. A unit is held by a live grant, used by
a redeemed one, and comes back when a grant expires, is revoked or its holder leaves. When
no unit is free the release is sold out (`closed`): later entrants are refused with
`SOLD_OUT`, and those who never got one see it ended. A unit coming back reopens it.

No oversell under concurrency: the venue service runs one action at a time and each enter
checks the free count and takes a unit in the same synchronous step.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import AwareDatetime, Field, field_validator, model_validator

from kiosk.core.instants import format_optional, parse_instant, require_instant
from kiosk.venue.domain.catalog import AdminBody, Experience, Record, _not_null
from kiosk.venue.domain.engine import (
    ConfiguredEngine,
    Dirty,
    Lifecycle,
    RecordSource,
    StoredRecord,
    TickResult,
    TokenFor,
    member_key,
    members_by_engine,
)
from kiosk.venue.domain.errors import RefusedError, not_open
from kiosk.venue.domain.granting import Deadlines, issue_grant, withdrawn_reason
from kiosk.venue.domain.phases import ended, granted, in_phase
from kiosk.wire.distributions import TimedReleaseConsumerState, TimedReleaseEnterRequest
from kiosk.wire.projection import Distribution, SequenceProjection, TimedReleaseConsumer

TIMED_RELEASE_KIND = "timed_release"
ENTRY_KIND = "timed_release_entry"

EntryStatus = Literal["granted", "completed", "expired", "denied", "left"]


# ---- configuration --------------------------------------------------------------------------


def _schedule_problem(open_at: datetime | None, close_at: datetime | None) -> str | None:
    if open_at is not None and close_at is not None and open_at >= close_at:
        return "openAt must be before closeAt."
    return None


class TimedReleaseConfig(Record):
    id: str
    sequence_id: str
    name: str
    inventory: int  # our extension: units on offer
    time_zone: str = "UTC"
    open_at: AwareDatetime | None = None  # None: open from creation
    close_at: AwareDatetime | None = None
    admission_expiration_seconds: int = 600
    supports_guest: bool = True
    created_at: AwareDatetime
    updated_at: AwareDatetime | None = None


class TimedReleaseCreate(AdminBody):
    sequence_id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    inventory: int = Field(ge=1, le=1_000_000)
    time_zone: str = Field(default="UTC", min_length=1, max_length=64)
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    admission_expiration_seconds: int = Field(default=600, ge=1, le=86_400)
    supports_guest: bool = True

    @model_validator(mode="after")
    def _schedule(self) -> TimedReleaseCreate:
        problem = _schedule_problem(self.open_at, self.close_at)
        if problem:
            raise ValueError(problem)
        return self


class TimedReleaseUpdate(AdminBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    inventory: int | None = Field(default=None, ge=1, le=1_000_000)
    time_zone: str | None = Field(default=None, min_length=1, max_length=64)
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    admission_expiration_seconds: int | None = Field(default=None, ge=1, le=86_400)
    supports_guest: bool | None = None

    _required = field_validator(
        "name", "inventory", "time_zone", "admission_expiration_seconds", "supports_guest"
    )(_not_null)


class EnterBody(TimedReleaseEnterRequest):
    """`POST /timed-releases/{id}/enter`: the SDK's body, with the variant id bounded."""

    variant_id: str | None = Field(default=None, min_length=1, max_length=128)


# ---- state ----------------------------------------------------------------------------------


@dataclass(slots=True)
class ReleaseEntry:
    consumer_id: str
    entered_at: datetime  # also when the grant was issued: entering grants at once
    grant_id: str
    expires_at: datetime
    status: EntryStatus = "granted"
    variant_id: str | None = None
    ended_at: datetime | None = None  # completed, expired, revoked or left at

    def to_doc(self) -> dict[str, Any]:
        return {
            "consumerId": self.consumer_id,
            "enteredAt": format_optional(self.entered_at),
            "grantId": self.grant_id,
            "expiresAt": format_optional(self.expires_at),
            "status": self.status,
            "variantId": self.variant_id,
            "endedAt": format_optional(self.ended_at),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> ReleaseEntry:
        return cls(
            consumer_id=doc["consumerId"],
            entered_at=require_instant(doc["enteredAt"]),
            grant_id=doc["grantId"],
            expires_at=require_instant(doc["expiresAt"]),
            status=doc["status"],
            variant_id=doc["variantId"],
            ended_at=parse_instant(doc["endedAt"]),
        )


# ---- the engine -----------------------------------------------------------------------------


class TimedReleaseEngine(ConfiguredEngine[TimedReleaseConfig]):
    mechanism: ClassVar[str] = "timed_release"

    def __init__(self, config: TimedReleaseConfig, entries: list[ReleaseEntry] | None = None):
        self.config = config
        self._entries: dict[str, ReleaseEntry] = {}
        self._held = 0  # units held by live grants
        self._used = 0  # units taken by redeemed grants
        self._expiries = Deadlines()  # live grants
        for entry in entries or []:
            self._index(entry)

    def _index(self, entry: ReleaseEntry) -> None:
        self._entries[entry.consumer_id] = entry
        if entry.status == "granted":
            self._held += 1
            self._expiries.add(entry.expires_at, entry.consumer_id)
        elif entry.status == "completed":
            self._used += 1

    # ---- reads ---------------------------------------------------------------------------

    @property
    def held(self) -> int:
        return self._held

    @property
    def used(self) -> int:
        return self._used

    @property
    def available(self) -> int:
        return max(0, self.config.inventory - self._held - self._used)

    def entry(self, consumer_id: str) -> ReleaseEntry | None:
        return self._entries.get(consumer_id)

    def has_ended(self, now: datetime) -> bool:
        close_at = self.config.close_at
        return close_at is not None and now >= close_at

    def lifecycle(self, now: datetime) -> Lifecycle:
        open_at = self.config.open_at
        if open_at is not None and now < open_at:
            return "scheduled"
        if self.has_ended(now) or self.available == 0:
            return "closed"
        return "open"

    def accepts_entries(self, now: datetime) -> bool:
        return self.lifecycle(now) == "open"

    def describe(self, now: datetime) -> dict[str, Any]:
        return {
            **self.config.to_doc(),
            "mechanism": self.mechanism,
            "lifecycle": self.lifecycle(now),
            "available": self.available,
            "activeGrants": self._held,
            "completed": self._used,
            "entries": len(self._entries),
        }

    # ---- consumer actions ----------------------------------------------------------------

    def enter(self, consumer_id: str, variant_id: str | None, now: datetime) -> TickResult:
        """Take a unit and issue its grant, or refuse; entering twice changes nothing."""
        existing = self._entries.get(consumer_id)
        if existing is not None:
            if existing.status == "left":
                raise RefusedError(
                    "ALREADY_LEFT", "You left this release and cannot enter it again."
                )
            return TickResult()
        open_at = self.config.open_at
        if open_at is not None and now < open_at:
            raise not_open(
                "TIMED_RELEASE_NOT_STARTED", "This release has not opened yet.", open_at, now
            )
        if self.has_ended(now):
            raise RefusedError("TIMED_RELEASE_ENDED", "This release has ended.")
        if self.available == 0:
            raise RefusedError("SOLD_OUT", "Sold out: every unit of this release is taken.")
        issue = issue_grant(consumer_id, now, self.config.admission_expiration_seconds)
        entry = ReleaseEntry(
            consumer_id=consumer_id,
            entered_at=now,
            grant_id=issue.grant_id,
            expires_at=issue.expires_at,
            variant_id=variant_id,
        )
        self._index(entry)
        return TickResult(issued=[issue], dirty=[self._entry_record(entry)])

    def leave(self, consumer_id: str, now: datetime) -> TickResult:
        """Give the unit back. The grant is withdrawn with it (the service marks it
        expired), so a grant cannot be used after its holder left."""
        entry = self._entries.get(consumer_id)
        if entry is None or entry.status != "granted":
            return TickResult()
        self._end(entry, "left", now)
        return TickResult(expired_grant_ids=[entry.grant_id], dirty=[self._entry_record(entry)])

    # ---- grant outcomes (from the grant API) ---------------------------------------------

    def grant_used(self, consumer_id: str, now: datetime) -> Dirty:
        entry = self._entries.get(consumer_id)
        if entry is None or entry.status != "granted":
            return []
        self._end(entry, "completed", now)
        self._used += 1
        return [self._entry_record(entry)]

    def grant_withdrawn(self, consumer_id: str, status: str, now: datetime) -> Dirty:
        """An expired or revoked grant (`status` expired or denied): its unit comes back."""
        entry = self._entries.get(consumer_id)
        if entry is None or entry.status != "granted":
            return []
        self._end(entry, "expired" if status == "expired" else "denied", now)
        return [self._entry_record(entry)]

    def _end(self, entry: ReleaseEntry, status: EntryStatus, now: datetime) -> None:
        entry.status, entry.ended_at = status, now
        self._held -= 1

    # ---- operator actions ----------------------------------------------------------------

    def update(self, changes: dict[str, Any], now: datetime) -> TimedReleaseConfig:
        """The config with `changes` applied, checked; raises Refusal or ValueError."""
        merged = {**self.config.model_dump(), **changes, "updated_at": now}
        config = TimedReleaseConfig.model_validate(merged)
        problem = _schedule_problem(config.open_at, config.close_at)
        if problem:
            raise ValueError(problem)
        taken = self._held + self._used
        if config.inventory < taken:
            raise RefusedError(
                "INVENTORY_BELOW_TAKEN",
                f"{taken} units are already held or sold; the inventory cannot go below that.",
            )
        return config

    def set_config(self, config: TimedReleaseConfig) -> None:
        self.config = config

    # ---- time passing --------------------------------------------------------------------

    def tick(self, now: datetime) -> TickResult:
        result = TickResult()
        for _, consumer_id in self._expiries.due(now):
            entry = self._entries[consumer_id]
            if entry.status == "granted" and entry.expires_at <= now:
                result.dirty.extend(self.grant_withdrawn(consumer_id, "expired", now))
                result.expired_grant_ids.append(entry.grant_id)
        return result

    # ---- projections ---------------------------------------------------------------------

    def status(self, consumer_id: str, token_for: TokenFor) -> TimedReleaseConsumerState:
        """`GET /timed-releases/{id}/status` (and the answer to enter)."""
        entry = self._entries.get(consumer_id)
        if entry is None:
            return TimedReleaseConsumerState(status="NOT_ENTERED")
        common: dict[str, Any] = {
            "entered_at": format_optional(entry.entered_at),
            "selected_variant_id": entry.variant_id,
        }
        status = entry.status
        if status == "granted":
            return TimedReleaseConsumerState(
                status="ENTERED",
                admission_grant=token_for(entry.grant_id),
                expires_at=format_optional(entry.expires_at),
                **common,
            )
        if status == "completed":
            return TimedReleaseConsumerState(
                status="COMPLETED", completed_at=format_optional(entry.ended_at), **common
            )
        if status == "left":
            return TimedReleaseConsumerState(
                status="LEFT", left_at=format_optional(entry.ended_at), **common
            )
        if status == "expired":
            return TimedReleaseConsumerState(
                status="EXPIRED", expires_at=format_optional(entry.expires_at), **common
            )
        return TimedReleaseConsumerState(status="DENIED", **common)

    def distribution(self, now: datetime) -> Distribution:
        config = self.config
        return Distribution(
            type="timed_release",
            id=config.id,
            sequence_id=config.sequence_id,
            lifecycle=self.lifecycle(now),
            opens_at=format_optional(config.open_at),
            closes_at=format_optional(config.close_at),
            details={
                "inventory": config.inventory,
                "available": self.available,
                "admissionExpirationSeconds": config.admission_expiration_seconds,
            },
        )

    def project(
        self, consumer_id: str, experience_id: str, now: datetime, token_for: TokenFor
    ) -> SequenceProjection:
        distribution = self.distribution(now)
        entry = self._entries.get(consumer_id)
        if entry is None:
            if distribution.lifecycle == "scheduled":
                return in_phase("scheduled", distribution)
            consumer = TimedReleaseConsumer(status="not_entered")
            if distribution.lifecycle == "open":
                return in_phase("enterable", distribution, consumer)
            reason = "TIMED_RELEASE_ENDED" if self.has_ended(now) else "SOLD_OUT"
            return ended(distribution, consumer, "closed", None, reason)
        entered_at = format_optional(entry.entered_at)
        status = entry.status
        if status == "granted":
            # The contract's timed-release consumer has no `granted` status: a holder is
            # `entered`, with the grant beside it.
            consumer = TimedReleaseConsumer(
                status="entered", entered_at=entered_at, granted_at=entered_at
            )
            return granted(
                distribution,
                consumer,
                token=token_for(entry.grant_id),
                experience_id=experience_id,
                issued_at=entry.entered_at,
                expires_at=entry.expires_at,
            )
        if status in ("completed", "left"):
            consumer = TimedReleaseConsumer(
                status=status, entered_at=entered_at, granted_at=entered_at
            )
            return ended(distribution, consumer, status, entry.ended_at)
        reason = withdrawn_reason(status)
        consumer = TimedReleaseConsumer(
            status="denied", entered_at=entered_at, granted_at=entered_at, denied_reason=reason
        )
        outcome = "expired" if status == "expired" else "denied"
        return ended(distribution, consumer, outcome, entry.ended_at, reason)

    # ---- records -------------------------------------------------------------------------

    def _entry_record(self, entry: ReleaseEntry) -> StoredRecord:
        return (ENTRY_KIND, member_key(self.id, entry.consumer_id), entry.to_doc())

    def config_record(self) -> StoredRecord:
        return (TIMED_RELEASE_KIND, self.id, self.config.to_doc())


# ---- loading and the demo -------------------------------------------------------------------


def leave_experience(
    engine: TimedReleaseEngine, consumer_id: str, now: datetime
) -> tuple[TickResult, bool]:
    """`DELETE /experiences/{id}/leave` on a timed release: give the unit back."""
    result = engine.leave(consumer_id, now)
    entry = engine.entry(consumer_id)
    return result, entry is not None and entry.status == "left"


def load(store: RecordSource) -> list[TimedReleaseEngine]:
    """Every timed release, rebuilt from its config and entries (the counts follow)."""
    entries = members_by_engine(store, ENTRY_KIND, ReleaseEntry.from_doc)
    return [
        TimedReleaseEngine(TimedReleaseConfig.model_validate(doc), entries.get(key, []))
        for key, doc in store.load(TIMED_RELEASE_KIND)
    ]


def create(
    body: TimedReleaseCreate, now: datetime, experience: Experience
) -> tuple[TimedReleaseEngine, Dirty]:
    config = TimedReleaseConfig(id=str(uuid.uuid4()), created_at=now, **body.model_dump())
    engine = TimedReleaseEngine(config)
    return engine, [engine.config_record()]
