"""Durable state for the venue server, behind one small interface.

The engine keeps its working set in memory and writes every change through this interface
before it answers. Records are JSON documents addressed by (kind, key), so another backend
(PostgreSQL for several venue-server instances) only has to implement `VenueStore`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from kiosk.core.private import private_sqlite, private_sqlite_files
from kiosk.core.sqlite import immediate_transaction

# `json.dumps(doc, separators=...)` builds a new encoder on every call; one encoder, made
# once, writes the same text in two thirds of the time (an enter writes a record or two).
_ENCODER = json.JSONEncoder(separators=(",", ":"))


def encode_doc(doc: dict[str, Any]) -> str:
    return _ENCODER.encode(doc)


class StoreError(Exception):
    """The change could not be made durable (disk full, read-only, corrupt file)."""


class StoreWriter(Protocol):
    def put(self, kind: str, key: str, doc: dict[str, Any]) -> None: ...

    def delete(self, kind: str, key: str) -> None: ...


class VenueStore(Protocol):
    def load(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        """Every record of one kind, in insertion order."""
        ...

    def get(self, kind: str, key: str) -> dict[str, Any] | None: ...

    def transaction(self) -> Any:
        """A context manager yielding a `StoreWriter`; all its writes commit together."""
        ...

    def close(self) -> None: ...


class _SqliteWriter:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def put(self, kind: str, key: str, doc: dict[str, Any]) -> None:
        self._connection.execute(
            "INSERT INTO records(kind, key, doc) VALUES (?, ?, ?) "
            "ON CONFLICT(kind, key) DO UPDATE SET doc = excluded.doc",
            (kind, key, encode_doc(doc)),
        )

    def delete(self, kind: str, key: str) -> None:
        self._connection.execute("DELETE FROM records WHERE kind = ? AND key = ?", (kind, key))


class SqliteStore:
    """SQLite in WAL mode. A commit returns only once the change is in the database file's
    write-ahead log, so a killed process loses nothing it answered for. `synchronous` FULL
    also survives power loss, at the price of an fsync per change."""

    def __init__(self, path: Path | str, *, synchronous: str = "NORMAL") -> None:
        if synchronous not in {"NORMAL", "FULL"}:
            raise ValueError("synchronous must be NORMAL or FULL")
        self.path = Path(path)
        on_disk = str(path) != ":memory:"
        try:
            if on_disk:  # it holds sessions and grants: the owner's eyes only
                private_sqlite(self.path)
            self._connection = sqlite3.connect(
                str(path), isolation_level=None, check_same_thread=False
            )
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute(f"PRAGMA synchronous={synchronous}")
            self._connection.execute(
                "CREATE TABLE IF NOT EXISTS records ("
                " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                " kind TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL,"
                " UNIQUE(kind, key))"
            )
            if on_disk:
                private_sqlite_files(self.path)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the venue database at {path}: {exc}") from exc

    def load(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        try:
            rows = self._connection.execute(
                "SELECT key, doc FROM records WHERE kind = ? ORDER BY seq", (kind,)
            ).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {kind} records: {exc}") from exc
        return [(key, json.loads(doc)) for key, doc in rows]

    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        try:
            row = self._connection.execute(
                "SELECT doc FROM records WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {kind} {key}: {exc}") from exc
        return json.loads(row[0]) if row else None

    @contextmanager
    def transaction(self) -> Iterator[_SqliteWriter]:
        with immediate_transaction(self._connection, StoreError) as connection:
            yield _SqliteWriter(connection)

    def scrub(self) -> None:
        """Rewrite the file so that no free page keeps what was deleted (once, after the
        secrets moved out of an older database), and empty the write-ahead log."""
        try:
            self._connection.execute("VACUUM")
            self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot rewrite the venue database: {exc}") from exc

    def close(self) -> None:
        self._connection.close()
