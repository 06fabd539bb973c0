"""A consumer's loyalty points: a ledger of credits and debits, replayed into buckets.

Every credit is a bucket (earned on a date, optionally expiring on one). A debit spends the
buckets that expire soonest first. A bucket's unspent points lapse at the start of its
`expiresOn` (UTC); the lapse is not written anywhere: replaying the ledger up to `now`
derives it, so a read never writes and the history is the same on every replay.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, Literal

from kiosk.core.instants import format_instant, require_instant
from kiosk.venue.domain.errors import RefusedError

LOYALTY_KIND = "loyalty_txn"
MAX_POINTS = 10_000_000  # one adjustment; far beyond any real programme, well inside a float

TxnType = Literal["credit", "debit"]


@dataclass(frozen=True, slots=True)
class LoyaltyTxn:
    """One stored adjustment (an expiry is derived, never stored)."""

    id: str
    consumer_id: str
    txn_type: TxnType
    points: int  # positive; `txn_type` says which way
    occurred_at: datetime
    actor_type: str = "operator"
    source_type: str | None = None
    source_id: str | None = None
    expires_on: date | None = None  # credits only

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "consumerId": self.consumer_id,
            "txnType": self.txn_type,
            "points": self.points,
            "occurredAt": format_instant(self.occurred_at),
            "actorType": self.actor_type,
            "sourceType": self.source_type,
            "sourceId": self.source_id,
            "expiresOn": self.expires_on.isoformat() if self.expires_on else None,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> LoyaltyTxn:
        expires = doc.get("expiresOn")
        return cls(
            id=doc["id"],
            consumer_id=doc["consumerId"],
            txn_type=doc["txnType"],
            points=doc["points"],
            occurred_at=require_instant(doc["occurredAt"]),
            actor_type=doc.get("actorType", "operator"),
            source_type=doc.get("sourceType"),
            source_id=doc.get("sourceId"),
            expires_on=date.fromisoformat(expires) if expires else None,
        )

    def record(self) -> tuple[str, str, dict[str, Any]]:
        return (LOYALTY_KIND, self.id, self.to_doc())


@dataclass
class _Bucket:
    txn: LoyaltyTxn
    left: int

    @property
    def lapses_at(self) -> datetime | None:
        expires = self.txn.expires_on
        return datetime.combine(expires, time(), tzinfo=UTC) if expires else None


@dataclass
class Replay:
    """The ledger replayed up to an instant: what is left, and every movement."""

    balance: int = 0
    lifetime: int = 0
    buckets: list[_Bucket] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)


def _history_row(
    txn: LoyaltyTxn, delta: int, txn_type: str, at: datetime, actor: str
) -> dict[str, Any]:
    earned = txn.occurred_at.date().isoformat() if txn.txn_type == "credit" else None
    expires = txn.expires_on.isoformat() if txn.expires_on else None
    return {
        "id": txn.id if txn_type != "expire" else f"{txn.id}:expire",
        "txnType": txn_type,
        "pointsDelta": delta,
        "occurredAt": format_instant(at),
        "actorType": actor,
        "sourceType": txn.source_type,
        "sourceId": txn.source_id,
        "bucketEarnedOn": earned,
        "bucketExpiresOn": expires,
    }


def replay(txns: list[LoyaltyTxn], now: datetime) -> Replay:
    state = Replay()

    def lapse_until(moment: datetime) -> None:
        for bucket in state.buckets:
            lapses = bucket.lapses_at
            if bucket.left and lapses is not None and lapses <= moment:
                row = _history_row(bucket.txn, -bucket.left, "expire", lapses, "system")
                state.history.append(row)
                state.balance -= bucket.left
                bucket.left = 0

    for txn in sorted(txns, key=lambda t: t.occurred_at):
        lapse_until(txn.occurred_at)
        if txn.txn_type == "credit":
            state.buckets.append(_Bucket(txn, txn.points))
            state.balance += txn.points
            state.lifetime += txn.points
            state.history.append(
                _history_row(txn, txn.points, "credit", txn.occurred_at, txn.actor_type)
            )
            continue
        owed = txn.points
        for bucket in sorted(state.buckets, key=_spend_order):
            taken = min(owed, bucket.left)
            bucket.left -= taken
            owed -= taken
        state.balance -= txn.points
        state.history.append(
            _history_row(txn, -txn.points, "debit", txn.occurred_at, txn.actor_type)
        )
    lapse_until(now)
    state.history.sort(key=lambda row: row["occurredAt"])
    return state


def _spend_order(bucket: _Bucket) -> tuple[int, date, datetime]:
    expires = bucket.txn.expires_on
    return (0 if expires else 1, expires or date.max, bucket.txn.occurred_at)


class LoyaltyLedger:
    """Every consumer's adjustments, in memory, rebuilt from the store."""

    def __init__(self, txns: list[LoyaltyTxn] | None = None) -> None:
        self._by_consumer: dict[str, list[LoyaltyTxn]] = {}
        for txn in txns or []:
            self.add(txn)

    def add(self, txn: LoyaltyTxn) -> None:
        self._by_consumer.setdefault(txn.consumer_id, []).append(txn)

    def of(self, consumer_id: str) -> list[LoyaltyTxn]:
        return list(self._by_consumer.get(consumer_id, []))

    def replay(self, consumer_id: str, now: datetime) -> Replay:
        return replay(self.of(consumer_id), now)

    def adjust(
        self,
        consumer_id: str,
        points: int,
        now: datetime,
        *,
        expires_on: date | None = None,
        source_type: str | None = None,
        source_id: str | None = None,
    ) -> LoyaltyTxn:
        """A new credit (points > 0) or debit (points < 0), checked but not yet added: the
        caller adds it once it is stored. A debit may not take the balance below zero."""
        if points < 0:
            if expires_on is not None:
                raise RefusedError("LOYALTY_DEBIT_EXPIRY", "Only a credit can have expiresOn.")
            balance = self.replay(consumer_id, now).balance
            if balance < -points:
                raise RefusedError(
                    "LOYALTY_INSUFFICIENT_POINTS",
                    f"The consumer has {balance} points; {-points} cannot be taken.",
                    details={"balance": balance},
                )
        if expires_on is not None and expires_on <= now.astimezone(UTC).date():
            raise RefusedError("LOYALTY_EXPIRY_PAST", "expiresOn must be a date after today.")
        return LoyaltyTxn(
            id=str(uuid.uuid4()),
            consumer_id=consumer_id,
            txn_type="credit" if points > 0 else "debit",
            points=abs(points),
            occurred_at=now,
            source_type=source_type,
            source_id=source_id,
            expires_on=expires_on,
        )


def upcoming_expirations(state: Replay, now: datetime, within_days: int) -> list[dict[str, Any]]:
    """Points that will lapse within `within_days` of today, grouped by date, soonest first."""
    today = now.astimezone(UTC).date()
    by_date: dict[date, int] = {}
    for bucket in state.buckets:
        expires = bucket.txn.expires_on
        if bucket.left and expires is not None and (expires - today).days <= within_days:
            by_date[expires] = by_date.get(expires, 0) + bucket.left
    return [{"expiresOn": d.isoformat(), "points": p} for d, p in sorted(by_date.items())]
