"""What every distribution engine (queue, draw, auction, timed release, appointment) offers
the venue service, so the service can tick, project and settle grants without knowing which
mechanism it is talking to.

Engines are pure bookkeeping over an injected `now`. Mutating methods return the records they
changed (`Dirty`); the service writes them in one transaction before answering and rebuilds
every engine from the store if that write fails. Every engine builds on `ConfiguredEngine`
and keys its records with `member_key`, which `members_by_engine` reads back when loading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar

from kiosk.wire.projection import SequenceProjection

StoredRecord = tuple[str, str, dict[str, Any]]  # (kind, key, doc)
Dirty = list[StoredRecord]
Lifecycle = Literal["scheduled", "open", "settling", "closed"]
# Given a grant id, the signed token the consumer may see (their own grant only).
TokenFor = Callable[[str], str]


@dataclass(frozen=True)
class GrantIssue:
    """The engine decided a consumer may proceed; the service signs and records the grant."""

    consumer_id: str
    grant_id: str
    expires_at: datetime


@dataclass
class TickResult:
    issued: list[GrantIssue] = field(default_factory=list)
    expired_grant_ids: list[str] = field(default_factory=list)
    dirty: Dirty = field(default_factory=list)

    def merge(self, other: TickResult) -> None:
        self.issued.extend(other.issued)
        self.expired_grant_ids.extend(other.expired_grant_ids)
        self.dirty.extend(other.dirty)


class RecordSource(Protocol):
    """Where engines are rebuilt from: every stored record of one kind, in write order."""

    def load(self, kind: str) -> list[tuple[str, dict[str, Any]]]: ...


# An engine's own records (config, runtime) are keyed by its id; the records of its members
# (entries, bids, bookings) by `<engine id>/<member>`, so loading can hand each engine its own.


def member_key(engine_id: str, member: str) -> str:
    return f"{engine_id}/{member}"


Member = TypeVar("Member")


def members_by_engine(
    store: RecordSource, kind: str, from_doc: Callable[[dict[str, Any]], Member]
) -> dict[str, list[Member]]:
    """Every stored member record of `kind`, read with `from_doc`, by engine id (write order)."""
    grouped: dict[str, list[Member]] = {}
    for key, doc in store.load(kind):
        grouped.setdefault(key.split("/", 1)[0], []).append(from_doc(doc))
    return grouped


class EngineConfig(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def sequence_id(self) -> str: ...


Config = TypeVar("Config", bound=EngineConfig)


class ConfiguredEngine(Generic[Config]):
    """An engine is known by its operator-set configuration: its id and sequence are the
    config's."""

    config: Config

    @property
    def id(self) -> str:
        return self.config.id

    @property
    def sequence_id(self) -> str:
        return self.config.sequence_id


class DistributionEngine(Protocol):
    mechanism: ClassVar[str]

    @property
    def id(self) -> str: ...

    @property
    def sequence_id(self) -> str: ...

    @property
    def config(self) -> Any: ...

    def lifecycle(self, now: datetime) -> Lifecycle: ...

    def accepts_entries(self, now: datetime) -> bool: ...

    def tick(self, now: datetime) -> TickResult: ...

    def project(
        self, consumer_id: str, experience_id: str, now: datetime, token_for: TokenFor
    ) -> SequenceProjection: ...

    def grant_used(self, consumer_id: str, now: datetime) -> Dirty: ...

    def grant_withdrawn(self, consumer_id: str, reason: str, now: datetime) -> Dirty: ...

    def describe(self, now: datetime) -> dict[str, Any]:
        """The operator API's view: config plus live counts."""
        ...
