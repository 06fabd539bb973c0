"""The kiosk's POS outbox: every handoff is in SQLite before anything else happens.

`submit()` commits the handoff (grant token, experience, distribution, kiosk id, reference
code, idempotency key) and returns; a `PosDeliveryWorker` then delivers it, however long that
takes and across restarts. The session follows a handoff with `watch()` or `wait()`.

The grant token is kept only while the handoff is pending: it is erased when the handoff
reaches a final state, and SQLite's `secure_delete` overwrites the freed bytes. Nothing here
logs a token.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import secrets
import sqlite3
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.core.clock import Clock
from kiosk.core.instants import format_instant, parse_instant
from kiosk.core.private import private_sqlite, private_sqlite_files
from kiosk.core.sqlite import immediate_transaction
from kiosk.pos.errors import OutboxUnavailableError, PosError, UnknownHandoffError
from kiosk.pos.handoff import Handoff, Notice, PosAnswer, PrintState
from kiosk.pos.protocol import HandoffGrant, HandoffRequest
from kiosk.pos.reference import new_reference
from kiosk.wire.projection import AdmissionGrant

log = logging.getLogger(__name__)

# When a grant carries no expiry, the handoff gives up after this long.
DEFAULT_TTL = timedelta(minutes=30)
REFERENCE_TRIES = 16

_SCHEMA = """
CREATE TABLE IF NOT EXISTS handoffs (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    grant_digest TEXT NOT NULL UNIQUE,
    grant_token TEXT,
    kiosk_id TEXT NOT NULL,
    experience_id TEXT NOT NULL,
    sequence_id TEXT NOT NULL,
    distribution_type TEXT NOT NULL,
    distribution_id TEXT NOT NULL,
    grant_expires_at TEXT,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    uncertain INTEGER NOT NULL DEFAULT 0,
    notice_code TEXT,
    notice_message TEXT,
    answer TEXT,
    failure_code TEXT,
    failure_message TEXT,
    print_state TEXT NOT NULL DEFAULT 'none',
    print_error TEXT,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS handoffs_due ON handoffs(status, next_attempt_at);
"""

_COLUMNS = (
    "id, reference, kiosk_id, experience_id, sequence_id, distribution_type, distribution_id,"
    " created_at, expires_at, status, attempts, notice_code, notice_message, answer,"
    " failure_code, failure_message, print_state, updated_at"
)


def _instant(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _outbox_error(message: str) -> OutboxUnavailableError:
    return OutboxUnavailableError(f"the POS outbox: {message}")


def grant_digest(token: str) -> str:
    """A fingerprint of a grant token: tells two grants apart without keeping either."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Delivery:
    """What the worker needs to deliver one pending handoff (this one holds the token)."""

    handoff_id: str
    request: HandoffRequest
    expires_at: datetime
    attempts: int
    uncertain: bool

    def __repr__(self) -> str:  # the request's repr hides the token already; be explicit
        return f"Delivery(handoff_id={self.handoff_id!r}, attempts={self.attempts})"


def _default_connect(path: str) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None, check_same_thread=False)


class PosOutbox:
    """Durable handoffs on one kiosk. One instance per database file, used from one loop."""

    def __init__(
        self,
        path: Path | str,
        *,
        clock: Clock,
        default_ttl: timedelta = DEFAULT_TTL,
        choice: Callable[[str], str] = secrets.choice,
        connect: Callable[[str], sqlite3.Connection] = _default_connect,
        synchronous: str = "FULL",
    ) -> None:
        if synchronous not in {"NORMAL", "FULL"}:
            raise ValueError("synchronous must be NORMAL or FULL")
        self.path = Path(path)
        self._clock = clock
        self._default_ttl = default_ttl
        self._choice = choice
        self._changed: dict[str, asyncio.Event] = {}
        self._work = asyncio.Event()
        try:
            on_disk = str(path) != ":memory:"
            if on_disk:  # grants and tokens: the owner's eyes only (0700 folder, 0600 files)
                private_sqlite(self.path)
            self._db = connect(str(path))
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: a handoff the customer was told about survives a power cut.
            self._db.execute(f"PRAGMA synchronous={synchronous}")
            self._db.execute("PRAGMA secure_delete=ON")  # erased tokens are overwritten
            # A handful of rows: 256 KiB of page cache, not SQLite's 2 MB that a kiosk's
            # resident memory would grow into over a day of visits.
            self._db.execute("PRAGMA cache_size=-256")
            self._db.executescript(_SCHEMA)
            if on_disk:
                private_sqlite_files(self.path)
        except (sqlite3.Error, OSError) as exc:
            raise OutboxUnavailableError(f"cannot open the POS outbox at {path}: {exc}") from exc

    # ---- the session's side ------------------------------------------------------------

    async def submit(self, grant: AdmissionGrant, *, kiosk_id: str) -> Handoff:
        """Write the handoff durably and return it; delivery starts in the background.

        Submitting the same grant again returns the handoff already made for it. Raises
        `OutboxUnavailableError` (nothing was written; tell the customer to see staff).
        """
        if not kiosk_id.strip():
            raise ValueError("kiosk_id must not be empty")
        digest = grant_digest(grant.token)
        existing = self._row_by_digest(digest)
        if existing is not None:
            return existing
        now = self._clock.now()
        expires_at = parse_instant(grant.expires_at) or now + self._default_ttl
        handoff_id = str(uuid.uuid4())
        for _ in range(REFERENCE_TRIES):
            reference = new_reference(kiosk_id, self._choice)
            try:
                with self._transaction() as db:
                    db.execute(
                        "INSERT INTO handoffs (id, reference, grant_digest, grant_token,"
                        " kiosk_id, experience_id, sequence_id, distribution_type,"
                        " distribution_id, grant_expires_at, created_at, expires_at, status,"
                        " next_attempt_at, updated_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                        (
                            handoff_id,
                            reference,
                            digest,
                            grant.token,
                            kiosk_id,
                            grant.experience_id,
                            grant.sequence_id,
                            grant.distribution_type,
                            grant.distribution_id,
                            grant.expires_at,
                            now.timestamp(),
                            expires_at.timestamp(),
                            now.timestamp(),
                            now.timestamp(),
                        ),
                    )
            except _ReferenceTaken:
                continue
            break
        else:  # pragma: no cover - 16 collisions in a row among ~10^6 codes
            raise OutboxUnavailableError("could not find a free reference code")
        log.info("handoff %s (%s) saved for delivery", handoff_id, reference)
        self._work.set()
        self._notify(handoff_id)
        return self.require(handoff_id)

    def get(self, handoff_id: str) -> Handoff | None:
        row = self._read_one(f"SELECT {_COLUMNS} FROM handoffs WHERE id = ?", (handoff_id,))
        return _handoff(row) if row else None

    def require(self, handoff_id: str) -> Handoff:
        handoff = self.get(handoff_id)
        if handoff is None:
            raise UnknownHandoffError(f"no handoff {handoff_id} in the outbox")
        return handoff

    def find(self, reference: str) -> Handoff | None:
        row = self._read_one(
            f"SELECT {_COLUMNS} FROM handoffs WHERE reference = ?", (reference.upper(),)
        )
        return _handoff(row) if row else None

    def pending(self) -> list[Handoff]:
        rows = self._read_all(
            f"SELECT {_COLUMNS} FROM handoffs WHERE status = 'pending' ORDER BY created_at, rowid"
        )
        return [_handoff(row) for row in rows]

    async def watch(self, handoff_id: str) -> AsyncIterator[Handoff]:
        """Each new state of the handoff, starting with the current one, until a final one."""
        while True:
            changed = self._changed.setdefault(handoff_id, asyncio.Event())
            handoff = self.require(handoff_id)
            yield handoff
            if handoff.is_final:
                return
            await changed.wait()

    async def wait(self, handoff_id: str) -> Handoff:
        """The handoff once it is acknowledged, expired or failed."""
        async for handoff in self.watch(handoff_id):
            if handoff.is_final:
                return handoff
        raise AssertionError("unreachable: watch() ends on a final state")  # pragma: no cover

    # ---- the worker's side -------------------------------------------------------------

    @property
    def work_available(self) -> asyncio.Event:
        """Set when a handoff was submitted; the worker clears it before each pass."""
        return self._work

    def due(self, now: datetime, limit: int = 64) -> list[str]:
        """Pending handoffs whose next attempt (or expiry) is due, oldest first."""
        stamp = now.timestamp()
        rows = self._read_all(
            "SELECT id FROM handoffs WHERE status = 'pending'"
            " AND (next_attempt_at <= ? OR (expires_at <= ? AND uncertain = 0))"
            " ORDER BY created_at, rowid LIMIT ?",
            (stamp, stamp, limit),
        )
        return [row[0] for row in rows]

    def reschedule_skewed(self, now: datetime, horizon: float) -> int:
        """Make due now every pending handoff whose next attempt is more than `horizon`
        seconds ahead: no backoff waits that long, so the wall clock was stepped back (an NTP
        correction) after it was scheduled. Returns how many were moved."""
        stamp = now.timestamp()
        ahead = self._read_one(
            "SELECT COUNT(*) FROM handoffs WHERE status = 'pending' AND next_attempt_at > ?",
            (stamp + horizon,),
        )
        if not ahead or not ahead[0]:
            return 0  # the common case: no write on every pass
        with self._transaction() as db:
            moved = db.execute(
                "UPDATE handoffs SET next_attempt_at = ? WHERE status = 'pending'"
                " AND next_attempt_at > ?",
                (stamp, stamp + horizon),
            ).rowcount
        if moved:
            log.warning("the clock moved back; %d pending handoffs are due again now", moved)
            self._work.set()
        return moved

    def next_due(self) -> datetime | None:
        row = self._read_one(
            "SELECT MIN(CASE WHEN uncertain = 1 THEN next_attempt_at"
            " ELSE MIN(next_attempt_at, expires_at) END)"
            " FROM handoffs WHERE status = 'pending'"
        )
        return _instant(row[0]) if row and row[0] is not None else None

    def delivery(self, handoff_id: str) -> Delivery | None:
        row = self._read_one(
            "SELECT id, reference, grant_token, kiosk_id, experience_id, sequence_id,"
            " distribution_type, distribution_id, grant_expires_at, created_at, expires_at,"
            " attempts, uncertain FROM handoffs WHERE id = ? AND status = 'pending'",
            (handoff_id,),
        )
        if row is None or row[2] is None:
            return None
        request = HandoffRequest(
            idempotency_key=row[0],
            reference=row[1],
            kiosk_id=row[3],
            created_at=format_instant(_instant(row[9])),
            grant=HandoffGrant(
                token=row[2],
                experience_id=row[4],
                sequence_id=row[5],
                distribution_type=row[6],
                distribution_id=row[7],
                expires_at=row[8],
            ),
        )
        return Delivery(row[0], request, _instant(row[10]), int(row[11]), bool(row[12]))

    def begin_attempt(self, handoff_id: str) -> None:
        """Recorded before a request is sent: a crash mid-request leaves it `uncertain`."""
        self._update(
            handoff_id,
            "attempts = attempts + 1, uncertain = 1",
            (),
            only_pending=True,
        )

    def defer(
        self, handoff_id: str, notice: Notice, next_attempt_at: datetime, *, uncertain: bool
    ) -> None:
        self._update(
            handoff_id,
            "next_attempt_at = ?, uncertain = ?, notice_code = ?, notice_message = ?",
            (next_attempt_at.timestamp(), int(uncertain), notice.code, notice.message),
            only_pending=True,
        )

    def acknowledge(self, handoff_id: str, answer: PosAnswer) -> None:
        self._update(
            handoff_id,
            "status = 'acknowledged', grant_token = NULL, uncertain = 0, notice_code = NULL,"
            " notice_message = NULL, answer = ?",
            (json.dumps(answer.to_doc()),),
            only_pending=True,
        )
        self._scrub()
        log.info("handoff %s acknowledged by the POS", handoff_id)

    def finish(self, handoff_id: str, status: str, failure: Notice) -> None:
        """Expired or failed: the token is erased and the customer is sent to staff."""
        if status not in ("expired", "failed"):
            raise ValueError("finish() takes 'expired' or 'failed'")
        self._update(
            handoff_id,
            "status = ?, grant_token = NULL, notice_code = NULL, notice_message = NULL,"
            " failure_code = ?, failure_message = ?",
            (status, failure.code, failure.message),
            only_pending=True,
        )
        self._scrub()
        log.warning("handoff %s %s: %s", handoff_id, status, failure.code)

    def purge(self, before: datetime) -> int:
        """Forget final handoffs last changed before `before`. Returns how many."""
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM handoffs WHERE status != 'pending' AND updated_at < ?",
                (before.timestamp(),),
            )
            return cursor.rowcount

    # ---- receipts ----------------------------------------------------------------------

    def begin_print(self, handoff_id: str) -> bool:
        """Claim the one print of this handoff. False when it was printed (or may have been)."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE handoffs SET print_state = 'printing', print_error = NULL,"
                " updated_at = ? WHERE id = ? AND print_state IN ('none', 'failed')",
                (self._clock.now().timestamp(), handoff_id),
            )
            claimed = cursor.rowcount == 1
        self._notify(handoff_id)
        return claimed

    def end_print(self, handoff_id: str, state: PrintState, error: str | None = None) -> None:
        if state not in ("printed", "failed", "uncertain"):
            raise ValueError("end_print() takes 'printed', 'failed' or 'uncertain'")
        self._update(handoff_id, "print_state = ?, print_error = ?", (state, error))

    # ---- plumbing ----------------------------------------------------------------------

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def _scrub(self) -> None:
        """Fold the write-ahead log into the database and empty it: the erased token's old
        copies in the log go too (`secure_delete` has zeroed them in the database)."""
        try:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:  # busy readers: the next checkpoint catches up
            log.info("could not checkpoint the POS outbox: %s", exc)

    def _notify(self, handoff_id: str) -> None:
        event = self._changed.pop(handoff_id, None)
        if event is not None:
            event.set()

    def _update(
        self,
        handoff_id: str,
        assignments: str,
        values: tuple[Any, ...],
        *,
        only_pending: bool = False,
    ) -> None:
        where = "id = ? AND status = 'pending'" if only_pending else "id = ?"
        with self._transaction() as db:
            db.execute(
                f"UPDATE handoffs SET {assignments}, updated_at = ? WHERE {where}",
                (*values, self._clock.now().timestamp(), handoff_id),
            )
        self._notify(handoff_id)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            with immediate_transaction(self._db, _outbox_error) as db:
                yield db
        except OutboxUnavailableError as exc:
            cause = exc.__cause__
            if isinstance(cause, sqlite3.IntegrityError) and "reference" in str(cause):
                raise _ReferenceTaken() from cause
            raise

    def _read_one(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        try:
            return self._db.execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            raise OutboxUnavailableError(f"the POS outbox cannot be read: {exc}") from exc

    def _read_all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise OutboxUnavailableError(f"the POS outbox cannot be read: {exc}") from exc

    def _row_by_digest(self, digest: str) -> Handoff | None:
        row = self._read_one(f"SELECT {_COLUMNS} FROM handoffs WHERE grant_digest = ?", (digest,))
        return _handoff(row) if row else None


class _ReferenceTaken(PosError):
    """The random reference code is in use already; pick another."""


def _handoff(row: tuple[Any, ...]) -> Handoff:
    (
        handoff_id,
        reference,
        kiosk_id,
        experience_id,
        sequence_id,
        distribution_type,
        distribution_id,
        created_at,
        expires_at,
        status,
        attempts,
        notice_code,
        notice_message,
        answer,
        failure_code,
        failure_message,
        print_state,
        updated_at,
    ) = row
    return Handoff(
        id=handoff_id,
        reference=reference,
        kiosk_id=kiosk_id,
        experience_id=experience_id,
        sequence_id=sequence_id,
        distribution_type=distribution_type,
        distribution_id=distribution_id,
        created_at=_instant(created_at),
        expires_at=_instant(expires_at),
        status=status,
        attempts=int(attempts),
        notice=Notice(notice_code, notice_message or "") if notice_code else None,
        answer=PosAnswer.from_doc(json.loads(answer)) if answer else None,
        failure=Notice(failure_code, failure_message or "") if failure_code else None,
        print_state=print_state,
        updated_at=_instant(updated_at),
    )
