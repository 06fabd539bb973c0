"""What every distribution engine (queue, draw, auction, timed release, appointment) offers
the venue service, so the service can tick, project and settle grants without knowing which
mechanism it is talking to.

Engines are pure bookkeeping over an injected `now`. Mutating methods return the records they
changed (`Dirty`); the service writes them in one transaction before answering and rebuilds
every engine from the store if that write fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Literal, Protocol

from kiosk.wire.projection import SequenceProjection

Dirty = list[tuple[str, str, dict[str, Any]]]
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
