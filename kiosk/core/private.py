"""Files only their owner may read: data folders 0700, databases and secrets 0600.

The venue's database, the bridge's and the kiosk's outbox hold grants, sessions and keys.
SQLite gives its `-wal` and `-shm` files the database file's mode, so creating the database
0600 in a 0700 folder keeps all three private; modes are also put right on files made
before this existed. Windows has no such modes (its per-user folders are private already).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

POSIX = os.name == "posix"
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def private_dir(path: Path) -> None:
    """Create `path` (and its parents) and make it 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if POSIX:
        os.chmod(path, 0o700)


def private_file(path: Path) -> None:
    """Make an existing file 0600 (nothing if it does not exist)."""
    if POSIX:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path, 0o600)


def private_sqlite(path: Path) -> None:
    """Before connecting: a 0700 folder and a 0600 database file (created empty if new),
    and its side files 0600 if an earlier run left them."""
    private_dir(path.parent)
    if POSIX:
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(descriptor)
    private_sqlite_files(path)


def private_sqlite_files(path: Path) -> None:
    """The database and its side files 0600 (after connecting, once WAL made them)."""
    private_file(path)
    for suffix in SQLITE_SIDE_FILES:
        private_file(path.with_name(path.name + suffix))
