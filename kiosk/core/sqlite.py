"""One SQLite write transaction: `BEGIN IMMEDIATE`, commit, or roll back and say why.

Each store turns the failure into its own error (a venue store error, an unavailable outbox),
so `immediate_transaction` takes a factory for it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def immediate_transaction(
    connection: sqlite3.Connection, error: Callable[[str], Exception]
) -> Iterator[sqlite3.Connection]:
    """Yield `connection` inside a write transaction. A failed start or commit raises
    `error(message)` after rolling back; any other exception rolls back and propagates."""
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise error(f"cannot start a write: {exc}") from exc
    try:
        yield connection
        connection.execute("COMMIT")
    except sqlite3.Error as exc:
        rollback(connection)
        raise error(f"the change was not saved: {exc}") from exc
    except BaseException:
        rollback(connection)
        raise


def rollback(connection: sqlite3.Connection) -> None:
    # SQLite may already have undone the transaction itself (a full disk does that).
    with contextlib.suppress(sqlite3.Error):
        connection.execute("ROLLBACK")
