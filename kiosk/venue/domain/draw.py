# long module: one engine; entry, commit, draw and replacements share one invariant.
"""One draw: entries during a window, a committed entry list, a seeded permutation, winners.

The order of events is what makes a draw checkable. At close the list of entries is frozen
and its SHA-256 hash recorded (the commit); only at `drawAt` is a fresh seed drawn, and the
winners are the first `winnerCount` of the seeded permutation of that list
(`kiosk.venue.domain.fairness`). The published record (entry list, hash, seed, algorithm, rounds)
lets anyone replay the result with `kiosk venue verify-draw`.

With `continueSelectingUntilCompleted`, a winner whose grant expires (or is revoked) is
replaced by the next entrant in the same permutation. Each replacement is a new round
appended to the record; earlier rounds are never rewritten. Until every slot is completed
(or nobody is left to pick), the entrants not yet picked are on standby: their result is
still pending, so they stay in `settling`.

Like the queue engine, this is pure bookkeeping over an injected `now`. Mutating methods
return the records they changed; losers are derived from the draw state rather than
rewritten one by one, so a draw over a million entries writes only its winners.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import AwareDatetime, Field, field_validator, model_validator

from kiosk.core.codes import ALPHABET, normalized_code, random_code
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
from kiosk.venue.domain.errors import RefusalKind, RefusedError, not_found, not_open
from kiosk.venue.domain.fairness import ALGORITHM, entries_hash, new_seed, seeded_permutation
from kiosk.venue.domain.granting import Deadlines, issue_grant, withdrawn_reason
from kiosk.venue.domain.phases import ended, granted, in_phase
from kiosk.wire.distributions import (
    DrawCompletedState,
    DrawDeniedState,
    DrawEnteredState,
    DrawNotEnteredState,
    DrawWonState,
)
from kiosk.wire.projection import Distribution, DrawConsumer, SequenceProjection

DRAW_KIND = "draw"
STATE_KIND = "draw_state"
ENTRY_KIND = "draw_entry"

NOT_SELECTED = "NOT_SELECTED"
# An entry's reference (our extension): read aloud, typed on any kiosk, it resumes the entry.
REFERENCE_LENGTH = 6
REFERENCE_SPENT = "ENTRY_REFERENCE_SPENT"
ENTRY_REFERENCE_DETAIL = "entryReference"
_SPENT = ("completed", "expired", "denied")

EntryStatus = Literal["entered", "left", "won", "completed", "expired", "denied"]
DrawStatus = (
    DrawEnteredState | DrawNotEnteredState | DrawWonState | DrawCompletedState | DrawDeniedState
)


# ---- configuration (operator API shapes: Fanfare's admin API `Draw`) ------------------------


def schedule_problem(
    open_at: datetime | None, close_at: datetime | None, draw_at: datetime
) -> str | None:
    """Why a draw's times are impossible, or None: open ≤ close ≤ draw."""
    if close_at is not None and close_at > draw_at:
        return "closeAt must not be after drawAt: entries close before the draw."
    if open_at is not None and open_at >= (close_at or draw_at):
        return "openAt must be before closeAt (or drawAt when there is no closeAt)."
    return None


class DrawConfig(Record):
    id: str
    sequence_id: str
    name: str
    draw_at: AwareDatetime
    winner_count: int
    time_zone: str = "UTC"
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    capacity: int | None = None  # most entries at once
    admission_expiration_seconds: int = 600
    continue_selecting_until_completed: bool | None = None
    loyalty_bias_enabled: bool = False  # accepted for the admin API's shape; not applied
    supports_guest: bool = True
    created_at: AwareDatetime
    updated_at: AwareDatetime | None = None

    @property
    def closes_at(self) -> datetime:
        """Entries close at closeAt, or at the draw itself when there is none."""
        return self.close_at or self.draw_at

    @property
    def keeps_selecting(self) -> bool:
        return bool(self.continue_selecting_until_completed)


class DrawCreate(AdminBody):
    sequence_id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    draw_at: AwareDatetime
    winner_count: int = Field(ge=1, le=1_000_000)
    time_zone: str = Field(default="UTC", min_length=1, max_length=64)
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    capacity: int | None = Field(default=None, ge=1, le=10_000_000)
    admission_expiration_seconds: int = Field(default=600, ge=1, le=86_400)
    continue_selecting_until_completed: bool | None = None
    loyalty_bias_enabled: bool = False
    supports_guest: bool = True

    @model_validator(mode="after")
    def _schedule(self) -> DrawCreate:
        problem = schedule_problem(self.open_at, self.close_at, self.draw_at)
        if problem:
            raise ValueError(problem)
        return self


class DrawUpdate(AdminBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    draw_at: AwareDatetime | None = None
    winner_count: int | None = Field(default=None, ge=1, le=1_000_000)
    time_zone: str | None = Field(default=None, min_length=1, max_length=64)
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    capacity: int | None = Field(default=None, ge=1, le=10_000_000)
    admission_expiration_seconds: int | None = Field(default=None, ge=1, le=86_400)
    continue_selecting_until_completed: bool | None = None
    loyalty_bias_enabled: bool | None = None
    supports_guest: bool | None = None

    _required = field_validator(
        "name",
        "draw_at",
        "winner_count",
        "time_zone",
        "admission_expiration_seconds",
        "loyalty_bias_enabled",
        "supports_guest",
    )(_not_null)


# Once the entry list is committed these would change the result, so they are frozen.
FROZEN_AFTER_COMMIT = frozenset(
    {"draw_at", "winner_count", "open_at", "close_at", "capacity"}
    | {"continue_selecting_until_completed"}
)


# ---- state ----------------------------------------------------------------------------------


@dataclass(slots=True)
class DrawEntry:
    consumer_id: str
    number: int  # arrival order; the committed list is the entries still in, in this order
    entered_at: datetime
    status: EntryStatus = "entered"
    grant_id: str | None = None
    granted_at: datetime | None = None
    expires_at: datetime | None = None
    ended_at: datetime | None = None  # left, completed, expired or revoked at
    reference: str | None = None  # the entry reference (entries from before it have none)
    reason: str | None = None  # why a server denied it (`POST /draws/{id}/deny`)
    excluded: bool = False  # denied before the commit: not in the committed entry list

    def to_doc(self) -> dict[str, Any]:
        return {
            "consumerId": self.consumer_id,
            "number": self.number,
            "enteredAt": format_optional(self.entered_at),
            "status": self.status,
            "grantId": self.grant_id,
            "grantedAt": format_optional(self.granted_at),
            "expiresAt": format_optional(self.expires_at),
            "endedAt": format_optional(self.ended_at),
            "reference": self.reference,
            "reason": self.reason,
            "excluded": self.excluded,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> DrawEntry:
        return cls(
            consumer_id=doc["consumerId"],
            number=doc["number"],
            entered_at=require_instant(doc["enteredAt"]),
            status=doc["status"],
            grant_id=doc["grantId"],
            granted_at=parse_instant(doc["grantedAt"]),
            expires_at=parse_instant(doc["expiresAt"]),
            ended_at=parse_instant(doc["endedAt"]),
            reference=doc.get("reference"),
            reason=doc.get("reason"),
            excluded=doc.get("excluded", False),
        )


@dataclass
class DrawRuntime:
    """The draw's own progress: the commit, the seed, and every round of selection."""

    committed_at: datetime | None = None
    entries_hash: str | None = None
    count: int = 0
    seed: str | None = None
    drawn_at: datetime | None = None
    cursor: int = 0  # how many of the permutation have been picked so far
    rounds: list[dict[str, Any]] = field(default_factory=list)
    finished_at: datetime | None = None  # from here on the result is final

    def to_doc(self) -> dict[str, Any]:
        return {
            "committedAt": format_optional(self.committed_at),
            "entriesHash": self.entries_hash,
            "count": self.count,
            "seed": self.seed,
            "drawnAt": format_optional(self.drawn_at),
            "cursor": self.cursor,
            "rounds": self.rounds,
            "finishedAt": format_optional(self.finished_at),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> DrawRuntime:
        return cls(
            committed_at=parse_instant(doc["committedAt"]),
            entries_hash=doc["entriesHash"],
            count=doc["count"],
            seed=doc["seed"],
            drawn_at=parse_instant(doc["drawnAt"]),
            cursor=doc["cursor"],
            rounds=list(doc["rounds"]),
            finished_at=parse_instant(doc["finishedAt"]),
        )


# ---- the engine -----------------------------------------------------------------------------


class DrawEngine(ConfiguredEngine[DrawConfig]):
    mechanism: ClassVar[str] = "draw"

    def __init__(
        self,
        config: DrawConfig,
        runtime: DrawRuntime | None = None,
        entries: list[DrawEntry] | None = None,
    ) -> None:
        self.config = config
        self.runtime = runtime or DrawRuntime()
        self._entries: dict[str, DrawEntry] = {}
        self._counts: Counter[str] = Counter()  # entries by status, kept as they move
        self._next_number = 0
        self._expiries = Deadlines()  # live grants
        self._committed: list[str] | None = None  # consumer ids, frozen at the commit
        self._order: list[int] | None = None  # the permutation, computed once when needed
        self._by_reference: dict[str, str] = {}  # the reference's digest -> consumer id
        for entry in sorted(entries or [], key=lambda e: e.number):
            self._index(entry)
        # Winners whose grant lapsed (or who were denied before their pick), in the order
        # they lost it: replacements name them. Only those a round picked count.
        picked = {c for past in self.runtime.rounds for c in past["winners"]}
        withdrawn = [
            e
            for e in self._entries.values()
            if e.status in ("expired", "denied") and e.consumer_id in picked
        ]
        withdrawn.sort(key=lambda e: (e.ended_at or e.entered_at, e.number))
        self._withdrawn: list[str] = [e.consumer_id for e in withdrawn]

    def _index(self, entry: DrawEntry) -> None:
        self._entries[entry.consumer_id] = entry
        if entry.reference is not None:
            self._by_reference[_reference_key(entry.reference)] = entry.consumer_id
        self._next_number = max(self._next_number, entry.number + 1)
        self._counts[entry.status] += 1
        if entry.status == "won":
            assert entry.expires_at is not None
            self._expiries.add(entry.expires_at, entry.consumer_id)

    def _move(self, entry: DrawEntry, status: EntryStatus) -> None:
        self._counts[entry.status] -= 1
        self._counts[status] += 1
        entry.status = status

    # ---- reads ---------------------------------------------------------------------------

    def entry(self, consumer_id: str) -> DrawEntry | None:
        return self._entries.get(consumer_id)

    @property
    def entry_count(self) -> int:
        """Entries still in (everyone who entered and did not leave)."""
        return len(self._entries) - self._counts["left"]

    @property
    def _is_committed(self) -> bool:
        return self.runtime.committed_at is not None

    @property
    def _is_drawn(self) -> bool:
        return self.runtime.drawn_at is not None

    @property
    def finished(self) -> bool:
        return self.runtime.finished_at is not None

    def lifecycle(self, now: datetime) -> Lifecycle:
        config = self.config
        if not self._is_committed:
            if config.open_at is not None and now < config.open_at:
                return "scheduled"
            if now < config.closes_at:
                return "open"
        return "closed" if self.finished else "settling"

    def accepts_entries(self, now: datetime) -> bool:
        return self.lifecycle(now) == "open"

    def count(self, status: EntryStatus) -> int:
        return self._counts[status]

    def committed_ids(self) -> list[str]:
        """The entry list as it stands (frozen once committed), in arrival order."""
        if self._committed is not None:
            return self._committed
        ids = [
            e.consumer_id
            for e in self._entries.values()
            if e.status != "left" and not e.excluded
        ]
        if self._is_committed:
            self._committed = ids
        return ids

    def _is_lost(self, entry: DrawEntry) -> bool:
        """Never picked, and the result is final. (Entrants not picked yet while the draw
        may still replace a winner are on standby: still `entered`, phase `settling`.)"""
        return entry.status == "entered" and self.finished

    def describe(self, now: datetime) -> dict[str, Any]:
        runtime = self.runtime
        return {
            **self.config.to_doc(),
            "mechanism": self.mechanism,
            "lifecycle": self.lifecycle(now),
            "entries": self.entry_count,
            "winners": self.count("won") + self.count("completed"),
            "activeGrants": self.count("won"),
            "completed": self.count("completed"),
            "committedAt": format_optional(runtime.committed_at),
            "entriesHash": runtime.entries_hash,
            "drawnAt": format_optional(runtime.drawn_at),
            "rounds": len(runtime.rounds),
            "finishedAt": format_optional(runtime.finished_at),
        }

    def record(self) -> dict[str, Any] | None:
        """The published record (None before the commit): enough to replay every round."""
        runtime = self.runtime
        if not self._is_committed:
            return None
        return {
            "drawId": self.id,
            "algorithm": ALGORITHM,
            "winnerCount": self.config.winner_count,
            "continueSelectingUntilCompleted": self.config.keeps_selecting,
            "committedAt": format_optional(runtime.committed_at),
            "entriesHash": runtime.entries_hash,
            "count": runtime.count,
            "entries": self.committed_ids(),
            "seed": runtime.seed,
            "drawnAt": format_optional(runtime.drawn_at),
            "rounds": runtime.rounds,
            "finishedAt": format_optional(runtime.finished_at),
        }

    # ---- consumer actions ----------------------------------------------------------------

    def enter(self, consumer_id: str, now: datetime) -> TickResult:
        existing = self._entries.get(consumer_id)
        if existing is not None:
            if existing.status == "left":
                raise RefusedError("ALREADY_LEFT", "You left this draw and cannot enter it again.")
            return TickResult()  # entering twice keeps the one entry
        lifecycle = self.lifecycle(now)
        if lifecycle == "scheduled":
            opens = self.config.open_at
            assert opens is not None
            raise not_open(
                "DRAW_NOT_STARTED", "This draw is not open for entries yet.", opens, now
            )
        if lifecycle != "open":
            raise RefusedError("DRAW_CLOSED", "Entries to this draw are closed.")
        capacity = self.config.capacity
        if capacity is not None and self.entry_count >= capacity:
            raise RefusedError("DRAW_FULL", "This draw has taken all the entries it can.")
        entry = DrawEntry(
            consumer_id=consumer_id,
            number=self._next_number,
            entered_at=now,
            reference=self._new_reference(),
        )
        self._index(entry)
        return TickResult(dirty=[self._entry_record(entry)])

    def _new_reference(self) -> str:
        """A reference no other entry of this draw has."""
        while True:
            reference = random_code(REFERENCE_LENGTH)
            if _reference_key(reference) not in self._by_reference:
                return reference

    def entry_by_reference(self, typed: str) -> DrawEntry:
        """The entry a typed reference names, still able to show its result; raises a
        not-found refusal for a reference no entry has (or one withdrawn), and
        `ENTRY_REFERENCE_SPENT` once the result has been claimed or has lapsed.

        The lookup goes by the reference's digest and ends in a constant-time comparison, so
        the time taken says nothing about how close a guess was."""
        reference = normalized_code(typed)
        shaped = len(reference) == REFERENCE_LENGTH and all(c in ALPHABET for c in reference)
        consumer_id = self._by_reference.get(_reference_key(reference)) if shaped else None
        entry = self._entries.get(consumer_id) if consumer_id else None
        issued = entry.reference if entry is not None and entry.reference else "-" * 6
        if entry is None or not secrets.compare_digest(issued.encode(), reference.encode()):
            raise not_found("No entry in this draw has that reference.")
        if entry.status == "left":
            raise not_found("No entry in this draw has that reference.")
        if entry.status in _SPENT:
            raise RefusedError(
                REFERENCE_SPENT,
                "This entry's result has already been claimed or has expired, so its "
                "reference no longer opens it.",
                RefusalKind.CONFLICT,
            )
        return entry

    def leave(self, consumer_id: str, now: datetime) -> TickResult:
        entry = self._entries.get(consumer_id)
        if entry is None or entry.status != "entered":
            return TickResult()  # nothing to withdraw; answering with the state is enough
        if not self.accepts_entries(now):
            raise RefusedError("DRAW_CLOSED", "Entries are final once the draw has closed.")
        self._move(entry, "left")
        entry.ended_at = now
        return TickResult(dirty=[self._entry_record(entry)])

    def deny(self, consumer_id: str, reason: str, now: datetime) -> tuple[Dirty, str | None]:
        """A server takes an entry out with `reason`. Before the commit it leaves the entry
        list; after it the entry stays in the committed list (the hash cannot change) and,
        if the permutation picks it, the pick is void and replaced like a lapsed win. A
        winner's grant is withdrawn (its id is returned for the service to revoke)."""
        entry = self._entries.get(consumer_id)
        if entry is None or entry.status == "left":
            raise RefusedError("NOT_IN_DRAW", "This consumer has no entry in this draw.")
        if entry.status == "completed":
            raise RefusedError("DRAW_ENTRY_COMPLETED", "This winner has already used the grant.")
        if entry.status in ("denied", "expired"):
            return [], None  # already out: the first reason stands
        grant_id = entry.grant_id if entry.status == "won" else None
        if grant_id is not None:
            self.grant_withdrawn(consumer_id, "denied", now)
        else:
            self._move(entry, "denied")
            entry.ended_at = now
            entry.excluded = not self._is_committed
        entry.reason = reason
        return [self._entry_record(entry)], grant_id

    # ---- grant outcomes (from the grant API) ---------------------------------------------

    def grant_used(self, consumer_id: str, now: datetime) -> Dirty:
        entry = self._entries.get(consumer_id)
        if entry is None or entry.status != "won":
            return []
        self._move(entry, "completed")
        entry.ended_at = now
        return [self._entry_record(entry)]

    def grant_withdrawn(self, consumer_id: str, status: str, now: datetime) -> Dirty:
        """An expired or revoked grant (`status` expired or denied). The next tick replaces
        the winner when the draw keeps selecting."""
        entry = self._entries.get(consumer_id)
        if entry is None or entry.status != "won":
            return []
        self._move(entry, "expired" if status == "expired" else "denied")
        entry.ended_at = now
        self._withdrawn.append(consumer_id)
        return [self._entry_record(entry)]

    # ---- operator actions ----------------------------------------------------------------

    def update(self, changes: dict[str, Any], now: datetime) -> DrawConfig:
        """The config with `changes` applied (snake_case names, explicit None clears), checked
        against the draw's progress. Raises Refusal or ValueError; changes nothing itself."""
        if self._is_committed and (frozen := sorted(FROZEN_AFTER_COMMIT & changes.keys())):
            raise RefusedError(
                "DRAW_COMMITTED",
                "The entry list is committed; these can no longer change: " + ", ".join(frozen),
            )
        merged = {**self.config.model_dump(), **changes, "updated_at": now}
        config = DrawConfig.model_validate(merged)
        problem = schedule_problem(config.open_at, config.close_at, config.draw_at)
        if problem:
            raise ValueError(problem)
        return config

    def set_config(self, config: DrawConfig) -> None:
        self.config = config

    def run_now(self, now: datetime) -> TickResult:
        """Close the entries (if still open) and draw at once."""
        if self._is_drawn:
            raise RefusedError("DRAW_ALREADY_RUN", "This draw has already been run.")
        changes: dict[str, Any] = {"draw_at": now}
        if not self._is_committed:
            config = self.config
            changes["close_at"] = now
            if config.open_at is not None and config.open_at >= now:
                changes["open_at"] = None  # never opened: the draw runs over no entries
        self.config = self.config.model_copy(update={**changes, "updated_at": now})
        result = TickResult(dirty=[self.config_record()])
        result.merge(self.tick(now))
        return result

    # ---- time passing --------------------------------------------------------------------

    def tick(self, now: datetime) -> TickResult:
        result = TickResult()
        if not self._is_committed and now >= self.config.closes_at:
            self._commit(now, result)
        self._expire(now, result)
        if self._is_committed and not self._is_drawn and now >= self.config.draw_at:
            self._draw(now, result)
        if self._is_drawn and not self.finished:
            if self.config.keeps_selecting:
                self._select(now, result)
            self._finish_if_final(now, result)
        return result

    def _commit(self, now: datetime, result: TickResult) -> None:
        """Freeze the entry list and record its hash, before any seed exists."""
        runtime = self.runtime
        runtime.committed_at = now
        ids = self.committed_ids()
        runtime.entries_hash, runtime.count = entries_hash(ids), len(ids)
        result.dirty.append(self._state_record())

    def _draw(self, now: datetime, result: TickResult) -> None:
        runtime = self.runtime
        runtime.seed, runtime.drawn_at = new_seed(), now
        self._select(now, result)
        if not runtime.rounds:  # nobody entered: the record still shows the (empty) round
            runtime.rounds.append(_round(1, now, [], []))
            result.dirty.append(self._state_record())

    def _select(self, now: datetime, result: TickResult) -> None:
        """Fill every open slot from the permutation: round 1 at the draw, a new round for
        each batch of replacements after it."""
        runtime, config = self.runtime, self.config
        filled = self.count("won") + self.count("completed")
        open_slots = config.winner_count - filled
        if open_slots <= 0 or runtime.cursor >= runtime.count:
            return
        picks = min(open_slots, runtime.count - runtime.cursor)
        order = self._permutation()
        ids = self.committed_ids()
        winners = [ids[order[runtime.cursor + i]] for i in range(picks)]
        runtime.cursor += picks
        replaces: list[str] = []
        if runtime.rounds:
            replaces = self._unreplaced_withdrawals()[:picks]
        runtime.rounds.append(_round(len(runtime.rounds) + 1, now, winners, replaces))
        for consumer_id in winners:
            entry = self._entries[consumer_id]
            if entry.status == "denied":  # denied after the commit: a void pick
                self._withdrawn.append(consumer_id)
                continue
            issue = issue_grant(consumer_id, now, config.admission_expiration_seconds)
            self._move(entry, "won")
            entry.grant_id, entry.expires_at = issue.grant_id, issue.expires_at
            entry.granted_at = now
            self._expiries.add(issue.expires_at, consumer_id)
            result.issued.append(issue)
            result.dirty.append(self._entry_record(entry))
        result.dirty.append(self._state_record())

    def _unreplaced_withdrawals(self) -> list[str]:
        """Winners whose grant expired or was revoked and who no round has replaced yet,
        in the order they lost it."""
        replaced = {c for past in self.runtime.rounds for c in past["replaces"]}
        return [c for c in self._withdrawn if c not in replaced]

    def _finish_if_final(self, now: datetime, result: TickResult) -> None:
        """The result is final when the draw does not replace winners, when every slot has
        been completed, or when nobody is left to pick."""
        runtime, config = self.runtime, self.config
        if (
            not config.keeps_selecting
            or self.count("completed") >= config.winner_count
            or runtime.cursor >= runtime.count
        ):
            runtime.finished_at = now
            result.dirty.append(self._state_record())

    def _expire(self, now: datetime, result: TickResult) -> None:
        for _, consumer_id in self._expiries.due(now):
            entry = self._entries[consumer_id]
            if entry.status == "won" and entry.expires_at and entry.expires_at <= now:
                grant_id = entry.grant_id
                result.dirty.extend(self.grant_withdrawn(consumer_id, "expired", now))
                if grant_id:
                    result.expired_grant_ids.append(grant_id)

    def _permutation(self) -> list[int]:
        if self._order is None:
            assert self.runtime.seed is not None
            self._order = seeded_permutation(self.runtime.seed, self.runtime.count)
        return self._order

    # ---- projections ---------------------------------------------------------------------

    def status(self, consumer_id: str, now: datetime, token_for: TokenFor) -> DrawStatus:
        """`GET /draws/{drawId}/status` (and the answer to enter and leave)."""
        entry = self._entries.get(consumer_id)
        if entry is None or entry.status == "left":
            return DrawNotEnteredState()
        if entry.status == "entered":
            if self._is_lost(entry):
                assert self.runtime.finished_at is not None
                return DrawDeniedState(reason=NOT_SELECTED, denied_at=self.runtime.finished_at)
            return DrawEnteredState()
        if entry.status == "won":
            return DrawWonState(
                admission_grant=token_for(entry.grant_id or ""),
                expires_at=entry.expires_at,
                won_at=entry.granted_at,
            )
        if entry.status == "completed":
            return DrawCompletedState(completed_at=entry.ended_at)
        reason = entry.reason or withdrawn_reason(entry.status)
        return DrawDeniedState(reason=reason, denied_at=entry.ended_at or now)

    def poll_interval(self, consumer_id: str, now: datetime) -> float:
        """Seconds until a client should ask again: soon around the draw, rarely otherwise."""
        entry = self._entries.get(consumer_id)
        if entry is None or entry.status != "entered" or self.finished:
            return 30.0
        if not self._is_drawn:
            until = (self.config.draw_at - now).total_seconds()
            return max(1.0, min(10.0, until))
        return 5.0  # standby: a slot may free up when a grant lapses

    def _distribution(self, now: datetime) -> Distribution:
        config = self.config
        return Distribution(
            type="draw",
            id=config.id,
            sequence_id=config.sequence_id,
            lifecycle=self.lifecycle(now),
            opens_at=format_optional(config.open_at),
            closes_at=format_optional(config.closes_at),
            settles_at=format_optional(config.draw_at),
            details={
                "winnerCount": config.winner_count,
                "entryCount": self.entry_count,
                "drawAt": format_optional(config.draw_at),
                "admissionExpirationSeconds": config.admission_expiration_seconds,
                "continueSelectingUntilCompleted": config.keeps_selecting,
            },
        )

    def project(
        self, consumer_id: str, experience_id: str, now: datetime, token_for: TokenFor
    ) -> SequenceProjection:
        distribution = self._distribution(now)
        lifecycle = distribution.lifecycle
        entry = self._entries.get(consumer_id)
        if entry is None:
            if lifecycle == "scheduled":
                return in_phase("scheduled", distribution)
            not_entered = DrawConsumer(status="not_entered")
            if lifecycle == "open":
                return in_phase("enterable", distribution, not_entered)
            committed = self.runtime.committed_at
            return ended(distribution, not_entered, "closed", committed, "DRAW_CLOSED")
        entered_at = format_optional(entry.entered_at)
        status = entry.status
        if entry.reference is not None and status != "left" and distribution.details:
            # Our extension, in the free-form details (the consumer object is closed): the
            # entry's reference, for this consumer only; it resumes the entry on any kiosk.
            distribution.details[ENTRY_REFERENCE_DETAIL] = entry.reference
        if status == "left":
            return ended(distribution, DrawConsumer(status="not_entered"), "left", entry.ended_at)
        if status == "entered":
            consumer = DrawConsumer(status="entered", entered_at=entered_at)
            if self._is_lost(entry):
                lost = DrawConsumer(
                    status="denied", entered_at=entered_at, denied_reason=NOT_SELECTED
                )
                return ended(distribution, lost, "lost", self.runtime.finished_at, NOT_SELECTED)
            phase = "participating" if lifecycle == "open" else "settling"
            return in_phase(phase, distribution, consumer)
        if status == "won":
            consumer = DrawConsumer(
                status="won", entered_at=entered_at, granted_at=format_optional(entry.granted_at)
            )
            return granted(
                distribution,
                consumer,
                token=token_for(entry.grant_id or ""),
                experience_id=experience_id,
                issued_at=entry.granted_at,
                expires_at=entry.expires_at,
            )
        if status == "completed":
            consumer = DrawConsumer(
                status="completed",
                entered_at=entered_at,
                granted_at=format_optional(entry.granted_at),
            )
            return ended(distribution, consumer, "completed", entry.ended_at)
        reason = entry.reason or withdrawn_reason(status)
        consumer = DrawConsumer(
            status="denied",
            entered_at=entered_at,
            granted_at=format_optional(entry.granted_at),
            denied_reason=reason,
        )
        outcome = "expired" if status == "expired" else "denied"
        return ended(distribution, consumer, outcome, entry.ended_at, reason)

    # ---- records -------------------------------------------------------------------------

    def _entry_record(self, entry: DrawEntry) -> StoredRecord:
        return (ENTRY_KIND, member_key(self.id, entry.consumer_id), entry.to_doc())

    def _state_record(self) -> StoredRecord:
        return (STATE_KIND, self.id, self.runtime.to_doc())

    def config_record(self) -> StoredRecord:
        return (DRAW_KIND, self.id, self.config.to_doc())

    def records(self) -> Dirty:
        """Everything a new draw writes when it is created."""
        return [self.config_record(), self._state_record()]


def _reference_key(reference: str) -> str:
    return hashlib.sha256(reference.encode()).hexdigest()


def _round(number: int, at: datetime, winners: list[str], replaces: list[str]) -> dict[str, Any]:
    return {
        "round": number,
        "at": format_optional(at),
        "reason": "draw" if number == 1 else "replacement",
        "winners": winners,
        "replaces": replaces,
    }


# ---- verification (for `kiosk venue verify-draw`) --------------------------------------------


def verify_draw_record(doc: dict[str, Any]) -> tuple[bool, str]:
    """Replay a published draw record: True and a summary if every round matches what the
    seed produces over the committed entry list, else False and what does not match."""
    try:
        if doc.get("algorithm") != ALGORITHM:
            return False, f"unknown algorithm {doc.get('algorithm')!r} (expected {ALGORITHM})"
        entries = doc["entries"]
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            return False, "entries must be a list of entry ids"
        count = int(doc["count"])
        if len(entries) != count:
            return False, f"the record says {count} entries but lists {len(entries)}"
        if len(set(entries)) != count:
            return False, "the entry list names someone twice"
        if entries_hash(entries) != doc["entriesHash"]:
            return False, "the entry list does not match its committed hash"
        seed = doc.get("seed")
        rounds = doc.get("rounds") or []
        if seed is None:
            if rounds:
                return False, "the record has rounds but no seed"
            return True, f"OK: {count} entries match the committed hash; not drawn yet"
        order = [entries[i] for i in seeded_permutation(str(seed), count)]
        return _check_rounds(doc, order, rounds)
    except (KeyError, TypeError, ValueError) as exc:
        return False, f"not a draw record: {exc!r}"


def _check_rounds(
    doc: dict[str, Any], order: list[str], rounds: list[dict[str, Any]]
) -> tuple[bool, str]:
    if not rounds:
        return False, "the draw has a seed but no rounds"
    winner_count = int(doc["winnerCount"])
    first = list(rounds[0]["winners"])
    expected = order[: min(winner_count, len(order))]
    if first != expected:
        return False, "round 1: the winners are not the first winnerCount of the permutation"
    picked, cursor, replaced = set(first), len(first), set()
    for index, past in enumerate(rounds[1:], start=2):
        if not doc.get("continueSelectingUntilCompleted"):
            return False, f"round {index}: replacements without continueSelectingUntilCompleted"
        winners, replaces = list(past["winners"]), list(past["replaces"])
        if winners != order[cursor : cursor + len(winners)] or not winners:
            return False, f"round {index}: the winners are not the next in the permutation"
        if len(replaces) != len(winners):
            return False, f"round {index}: {len(winners)} winners replace {len(replaces)}"
        for consumer in replaces:
            if consumer not in picked or consumer in replaced:
                return False, f"round {index}: replaces someone who was not a current winner"
            replaced.add(consumer)
        picked.update(winners)
        cursor += len(winners)
    return True, (
        f"OK: {len(order)} entries, hash matches, {len(rounds)} round(s), "
        f"{cursor} winner(s) replay exactly"
    )


# ---- loading and the demo -------------------------------------------------------------------


def leave_experience(
    engine: DrawEngine, consumer_id: str, now: datetime
) -> tuple[TickResult, bool]:
    """`DELETE /experiences/{id}/leave` on a draw: withdraw the entry while entries are open."""
    result = engine.leave(consumer_id, now)
    entry = engine.entry(consumer_id)
    return result, entry is not None and entry.status == "left"


def load(store: RecordSource) -> list[DrawEngine]:
    """Every draw, rebuilt exactly as it was written."""
    runtimes = {key: DrawRuntime.from_doc(doc) for key, doc in store.load(STATE_KIND)}
    entries = members_by_engine(store, ENTRY_KIND, DrawEntry.from_doc)
    return [
        DrawEngine(DrawConfig.model_validate(doc), runtimes.get(key), entries.get(key, []))
        for key, doc in store.load(DRAW_KIND)
    ]


def create(
    body: DrawCreate, now: datetime, experience: Experience
) -> tuple[DrawEngine, Dirty]:
    config = DrawConfig(id=str(uuid.uuid4()), created_at=now, **body.model_dump())
    engine = DrawEngine(config)
    return engine, engine.records()
