"""The bridge's durable state: handoffs by (kiosk, idempotency key), and webhook deliveries.

The answer given to a kiosk is stored with its handoff and replayed verbatim to a repeat, so
the same handoff is redeemed once and always answered the same way. No grant token is ever
stored here: only its SHA-256, to notice one idempotency key reused for another grant.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.core.instants import format_instant
from kiosk.core.private import private_sqlite, private_sqlite_files
from kiosk.core.sqlite import immediate_transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS handoffs (
    id TEXT PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    grant_digest TEXT NOT NULL,
    reference TEXT NOT NULL,
    experience_id TEXT NOT NULL,
    sequence_id TEXT NOT NULL,
    distribution_type TEXT NOT NULL,
    distribution_id TEXT NOT NULL,
    grant_expires_at TEXT,
    state TEXT NOT NULL,
    redeem_in_flight INTEGER NOT NULL DEFAULT 0,
    redeem_attempts INTEGER NOT NULL DEFAULT 0,
    response_status INTEGER,
    response_body TEXT,
    register TEXT,
    order_number TEXT,
    message TEXT,
    redemption TEXT,
    created_at TEXT NOT NULL,
    accepted_at TEXT,
    closed_at TEXT,
    close_reason TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (kiosk_id, idempotency_key)
);
CREATE INDEX IF NOT EXISTS handoffs_state ON handoffs(state, created_at);
CREATE INDEX IF NOT EXISTS handoffs_reference ON handoffs(reference);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS webhooks (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_status INTEGER,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhooks_due ON webhooks(state, next_attempt_at);
"""

HANDOFF_COLUMNS = (
    "id, kiosk_id, idempotency_key, grant_digest, reference, experience_id, sequence_id,"
    " distribution_type, distribution_id, grant_expires_at, state, redeem_in_flight,"
    " redeem_attempts, response_status, response_body, register, order_number, message,"
    " redemption, created_at, accepted_at, closed_at, close_reason, updated_at"
)


class BridgeStorageError(Exception):
    """The bridge could not read or save its state (disk full, read-only, corrupt file)."""


@dataclass(frozen=True, slots=True)
class HandoffRecord:
    id: str
    kiosk_id: str
    idempotency_key: str
    grant_digest: str
    reference: str
    experience_id: str
    sequence_id: str
    distribution_type: str
    distribution_id: str
    grant_expires_at: str | None
    # redeeming (not answered yet) | accepted | refused | completed | cancelled
    state: str
    redeem_in_flight: bool
    redeem_attempts: int
    response_status: int | None
    response_body: dict[str, Any] | None
    register: str | None
    order_number: str | None
    message: str | None
    redemption: dict[str, Any] | None
    created_at: str
    accepted_at: str | None
    closed_at: str | None
    close_reason: str | None
    updated_at: str

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> HandoffRecord:
        values = list(row)
        values[11] = bool(values[11])
        values[14] = json.loads(values[14]) if values[14] else None
        values[18] = json.loads(values[18]) if values[18] else None
        return cls(*values)

    def to_pos_doc(self) -> dict[str, Any]:
        """What the POS sees of a handoff (never the grant)."""
        status = {"accepted": "pending"}.get(self.state, self.state)
        doc: dict[str, Any] = {
            "id": self.id,
            "status": status,
            "reference": self.reference,
            "kioskId": self.kiosk_id,
            "experienceId": self.experience_id,
            "sequenceId": self.sequence_id,
            "distributionType": self.distribution_type,
            "distributionId": self.distribution_id,
            "grantExpiresAt": self.grant_expires_at,
            "register": self.register,
            "orderNumber": self.order_number,
            "message": self.message,
            "createdAt": self.created_at,
            "acceptedAt": self.accepted_at,
            "closedAt": self.closed_at,
            "closeReason": self.close_reason,
        }
        if self.redemption is not None:
            doc["redemption"] = self.redemption
        if self.state == "refused" and self.response_body is not None:
            doc["refusal"] = {
                "code": self.response_body.get("code"),
                "message": self.response_body.get("message"),
            }
        return doc


@dataclass(frozen=True, slots=True)
class WebhookRecord:
    id: str
    type: str
    body: bytes
    attempts: int


def _now_iso(now: datetime) -> str:
    return format_instant(now)


# A venue redemption answer's field -> the handoff column it sets (fixed names only).
_VERIFIED_COLUMNS = {
    "experienceId": "experience_id",
    "sequenceId": "sequence_id",
    "distributionType": "distribution_type",
    "distributionId": "distribution_id",
    "grantExpiresAt": "grant_expires_at",
}


def _verified(redemption: dict[str, Any]) -> dict[str, str]:
    if redemption.get("source") != "venue":
        return {}
    return {
        column: redemption[field]
        for field, column in _VERIFIED_COLUMNS.items()
        if isinstance(redemption.get(field), str) and redemption[field]
    }


class BridgeStore:
    def __init__(self, path: Path | str, *, synchronous: str = "FULL") -> None:
        if synchronous not in {"NORMAL", "FULL"}:
            raise ValueError("synchronous must be NORMAL or FULL")
        self.path = Path(path)
        try:
            on_disk = str(path) != ":memory:"
            if on_disk:  # grants and tokens: the owner's eyes only (0700 folder, 0600 files)
                private_sqlite(self.path)
            self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(f"PRAGMA synchronous={synchronous}")
            self._db.executescript(_SCHEMA)
            if on_disk:
                private_sqlite_files(self.path)
        except (sqlite3.Error, OSError) as exc:
            raise BridgeStorageError(f"cannot open the bridge database at {path}: {exc}") from exc

    @property
    def connection(self) -> sqlite3.Connection:
        return self._db

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def transaction(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return immediate_transaction(self._db, BridgeStorageError)

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise BridgeStorageError(f"cannot read the bridge database: {exc}") from exc

    # ---- handoffs ----------------------------------------------------------------------

    def handoff(self, kiosk_id: str, idempotency_key: str) -> HandoffRecord | None:
        rows = self._query(
            f"SELECT {HANDOFF_COLUMNS} FROM handoffs WHERE kiosk_id = ? AND idempotency_key = ?",
            (kiosk_id, idempotency_key),
        )
        return HandoffRecord.from_row(rows[0]) if rows else None

    def handoff_by_id(self, handoff_id: str) -> HandoffRecord | None:
        rows = self._query(f"SELECT {HANDOFF_COLUMNS} FROM handoffs WHERE id = ?", (handoff_id,))
        return HandoffRecord.from_row(rows[0]) if rows else None

    def handoffs(
        self, *, states: tuple[str, ...], reference: str | None = None, limit: int = 200
    ) -> list[HandoffRecord]:
        marks = ", ".join("?" for _ in states)
        sql = f"SELECT {HANDOFF_COLUMNS} FROM handoffs WHERE state IN ({marks})"
        params: list[Any] = list(states)
        if reference is not None:
            sql += " AND reference = ?"
            params.append(reference)
        sql += " ORDER BY created_at, rowid LIMIT ?"
        params.append(limit)
        return [HandoffRecord.from_row(row) for row in self._query(sql, tuple(params))]

    def insert_redeeming(self, fields: dict[str, Any], now: datetime) -> None:
        """A new handoff, marked as about to be redeemed (one write, one fsync, not two)."""
        stamp = _now_iso(now)
        with self.transaction() as db:
            db.execute(
                "INSERT INTO handoffs (id, kiosk_id, idempotency_key, grant_digest, reference,"
                " experience_id, sequence_id, distribution_type, distribution_id,"
                " grant_expires_at, state, redeem_in_flight, redeem_attempts, created_at,"
                " updated_at)"
                " VALUES (:id, :kiosk_id, :idempotency_key, :grant_digest, :reference,"
                " :experience_id, :sequence_id, :distribution_type, :distribution_id,"
                " :grant_expires_at, 'redeeming', 1, 1, :now, :now)",
                {**fields, "now": stamp},
            )

    def set_in_flight(
        self, handoff_id: str, in_flight: bool, now: datetime, *, new_attempt: bool
    ) -> None:
        """Set before a redemption is sent; a crash or a lost answer leaves it set."""
        with self.transaction() as db:
            db.execute(
                "UPDATE handoffs SET redeem_in_flight = ?,"
                " redeem_attempts = redeem_attempts + ?, updated_at = ? WHERE id = ?",
                (int(in_flight), int(new_attempt), _now_iso(now), handoff_id),
            )

    def accept(
        self,
        handoff_id: str,
        *,
        answer: dict[str, Any],
        redemption: dict[str, Any],
        now: datetime,
        registers: tuple[str, ...],
        message_template: str,
        webhook: Callable[[HandoffRecord], tuple[str, str, dict[str, Any]]] | None = None,
    ) -> HandoffRecord:
        """Accepted: order number and register assigned, answer stored, webhook queued.

        All in one transaction. `answer` gets `register`, `orderNumber`, `message` and
        `acceptedAt` filled in; `webhook(record)` makes the announcement to queue.
        """
        stamp = _now_iso(now)
        with self.transaction() as db:
            row = db.execute(
                "INSERT INTO counters (name, value) VALUES ('order', 1)"
                " ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value"
            ).fetchone()
            sequence = int(row[0])
            register = registers[(sequence - 1) % len(registers)] if registers else None
            order_number = f"{sequence:04d}"
            message = message_template.format(
                register=register or "", order_number=order_number, reference=answer["reference"]
            )
            answer.update(
                register=register, orderNumber=order_number, message=message, acceptedAt=stamp
            )
            db.execute(
                "UPDATE handoffs SET state = 'accepted', redeem_in_flight = 0,"
                " response_status = 200, response_body = ?, register = ?, order_number = ?,"
                " message = ?, redemption = ?, accepted_at = ?, updated_at = ? WHERE id = ?",
                (
                    json.dumps(answer),
                    register,
                    order_number,
                    message,
                    json.dumps(redemption),
                    stamp,
                    stamp,
                    handoff_id,
                ),
            )
            verified = _verified(redemption)
            if verified:  # the venue's facts about the grant replace the kiosk's claims
                assignments = ", ".join(f"{column} = :{column}" for column in verified)
                db.execute(
                    f"UPDATE handoffs SET {assignments} WHERE id = :id",
                    {**verified, "id": handoff_id},
                )
            record = HandoffRecord.from_row(
                db.execute(
                    f"SELECT {HANDOFF_COLUMNS} FROM handoffs WHERE id = ?", (handoff_id,)
                ).fetchone()
            )
            if webhook is not None:
                self._queue_webhook(db, webhook(record), now)
        return record

    def refuse(self, handoff_id: str, status: int, body: dict[str, Any], now: datetime) -> None:
        stamp = _now_iso(now)
        with self.transaction() as db:
            db.execute(
                "UPDATE handoffs SET state = 'refused', redeem_in_flight = 0,"
                " response_status = ?, response_body = ?, closed_at = ?, updated_at = ?"
                " WHERE id = ?",
                (status, json.dumps(body), stamp, stamp, handoff_id),
            )

    def close_handoff(
        self,
        handoff_id: str,
        state: str,
        reason: str | None,
        now: datetime,
        webhook: Callable[[HandoffRecord], tuple[str, str, dict[str, Any]]] | None = None,
    ) -> bool:
        """accepted → completed or cancelled. False when it was not `accepted`."""
        stamp = _now_iso(now)
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE handoffs SET state = ?, close_reason = ?, closed_at = ?, updated_at = ?"
                " WHERE id = ? AND state = 'accepted'",
                (state, reason, stamp, stamp, handoff_id),
            )
            changed = cursor.rowcount == 1
            if changed and webhook is not None:
                record = HandoffRecord.from_row(
                    db.execute(
                        f"SELECT {HANDOFF_COLUMNS} FROM handoffs WHERE id = ?", (handoff_id,)
                    ).fetchone()
                )
                self._queue_webhook(db, webhook(record), now)
        return changed

    # ---- webhooks ----------------------------------------------------------------------

    @staticmethod
    def _queue_webhook(
        db: sqlite3.Connection, webhook: tuple[str, str, dict[str, Any]], now: datetime
    ) -> None:
        webhook_id, kind, envelope = webhook
        stamp = _now_iso(now)
        db.execute(
            "INSERT INTO webhooks (id, type, body, state, next_attempt_at, created_at,"
            " updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?)",
            (
                webhook_id,
                kind,
                json.dumps(envelope, separators=(",", ":")),
                now.timestamp(),
                stamp,
                stamp,
            ),
        )

    def due_webhooks(self, now: datetime, limit: int = 32) -> list[WebhookRecord]:
        rows = self._query(
            "SELECT id, type, body, attempts FROM webhooks WHERE state = 'pending'"
            " AND next_attempt_at <= ? ORDER BY next_attempt_at, rowid LIMIT ?",
            (now.timestamp(), limit),
        )
        return [WebhookRecord(row[0], row[1], row[2].encode(), int(row[3])) for row in rows]

    def next_webhook_at(self) -> float | None:
        rows = self._query("SELECT MIN(next_attempt_at) FROM webhooks WHERE state = 'pending'")
        return rows[0][0] if rows and rows[0][0] is not None else None

    def webhook_attempted(
        self,
        webhook_id: str,
        *,
        state: str,
        next_attempt_at: float,
        status: int | None,
        error: str | None,
        now: datetime,
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE webhooks SET state = ?, attempts = attempts + 1, next_attempt_at = ?,"
                " last_status = ?, last_error = ?, updated_at = ? WHERE id = ?",
                (state, next_attempt_at, status, error, _now_iso(now), webhook_id),
            )

    def webhooks(self) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT id, type, state, attempts, last_status, last_error FROM webhooks"
            " ORDER BY created_at, rowid"
        )
        keys = ("id", "type", "state", "attempts", "lastStatus", "lastError")
        return [dict(zip(keys, row, strict=True)) for row in rows]
