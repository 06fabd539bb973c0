"""Backup and restore of the venue database, safe while the server runs.

A backup is SQLite's online backup of the live database in one step: one read transaction,
which in WAL mode never blocks the server's writes and sees exactly one committed state, so
the copy is that state, whatever the server does meanwhile. It is written next to its target
under a temporary name, checked, synced and only then renamed into place: a full disk or an
unwritable path leaves no half file behind, and the live database is only ever read.

A restore checks the file first (an SQLite database, intact, holding one venue whose every
record loads), refuses while a server holds the data directory (`data_lock`), keeps the
current database beside it (`venue.sqlite3.before-restore-<time>`), then puts the backup in
place with one atomic rename. A refused restore changes nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.core.clock import SystemClock
from kiosk.core.private import private_file
from kiosk.venue.data_lock import DataDirBusy, DataDirLock
from kiosk.venue.domain.catalog import Organization
from kiosk.venue.keystore import SecretsError, open_secrets
from kiosk.venue.state import ORG_KIND

SQLITE_HEADER = b"SQLite format 3\x00"
RECORD_COLUMNS = ["seq", "kind", "key", "doc"]


class BackupError(Exception):
    """The backup or restore was not made; the message says why and what to do."""


@dataclass(frozen=True)
class Summary:
    path: Path
    organization_id: str
    records: int
    kept: Path | None = None  # a restore: where the database it replaced was kept


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that can only read `path` (a live server's database)."""
    uri = path.resolve().as_uri()
    try:
        return sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error:
        # No server running and nowhere to put the WAL index: nobody writes, read as is.
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=30)


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):  # directories cannot be opened on Windows
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """`source` into a new single-file database at `target` (no WAL beside it), synced."""
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one consistent snapshot
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
    _fsync(target)


def inspect(path: Path) -> tuple[str, int]:
    """(organization id, record count) of a venue database, or `BackupError` saying why
    it is not one. Only reads."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if header != SQLITE_HEADER:
        raise BackupError(f"{path} is not an SQLite database, so not a venue backup")
    try:
        connection = _read_only(path)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot open {path}: {exc}") from exc
    try:
        check = connection.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            raise BackupError(f"{path} is damaged ({check[0][0]}); use another backup")
        columns = [row[1] for row in connection.execute("PRAGMA table_info(records)")]
        if columns != RECORD_COLUMNS:
            raise BackupError(f"{path} is an SQLite database but not a venue database")
        orgs = connection.execute(
            "SELECT doc FROM records WHERE kind = ? ORDER BY seq", (ORG_KIND,)
        ).fetchall()
        if len(orgs) != 1:
            raise BackupError(f"{path} holds {len(orgs)} organizations, not one venue")
        organization = Organization.model_validate_json(orgs[0][0])
        (count,) = connection.execute("SELECT count(*) FROM records").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} cannot be read as a venue database: {exc}") from exc
    except ValueError as exc:  # pydantic's ValidationError too
        raise BackupError(f"{path} holds no valid venue organization: {exc}") from exc
    finally:
        connection.close()
    return organization.id, int(count)


def local_organization(database: Path) -> Organization:
    """The organization (keys included) of a venue database on this machine; only reads."""
    if not database.exists():
        raise BackupError(f"there is no venue database at {database}")
    try:
        connection = _read_only(database)
        try:
            row = connection.execute(
                "SELECT doc FROM records WHERE kind = ? ORDER BY seq LIMIT 1", (ORG_KIND,)
            ).fetchone()
        finally:
            connection.close()
        if row is None:
            raise BackupError(f"{database} holds no venue organization yet")
        return Organization.model_validate_json(row[0])
    except (sqlite3.Error, ValueError) as exc:
        raise BackupError(f"cannot read the venue's keys from {database}: {exc}") from exc


def backup(database: Path, target: Path) -> Summary:
    """A consistent copy of the live `database` at `target` (which must not exist yet)."""
    if not database.exists():
        raise BackupError(f"there is no venue database at {database}")
    if target.exists():
        raise BackupError(f"{target} already exists; a backup never overwrites, pick a new name")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a directory; create it first")
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        source = _read_only(database)
        try:
            _copy(source, partial)
        finally:
            source.close()
        private_file(partial)  # it holds the venue's secrets: 0600, like the database
        _put_secrets_back(partial, database.parent)
        organization_id, count = inspect(partial)
        os.replace(partial, target)
        _fsync(target.parent)
    except (sqlite3.Error, OSError) as exc:
        _remove(partial)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BackupError(
            f"the backup was not written to {target}: {reason}. The venue database was only "
            "read and is unchanged."
        ) from exc
    except BaseException:
        _remove(partial)
        raise
    return Summary(target, organization_id, count)


def _put_secrets_back(copy: Path, data_dir: Path) -> None:
    """`serve` keeps the secret key and signing secret out of its database (the OS keyring
    or a 0600 file): the backup carries them again, so it restores on any machine (the
    restored venue moves them out again on its first start)."""
    try:
        held = open_secrets(data_dir).load() or {}
    except SecretsError as exc:
        raise BackupError(f"cannot read the venue's secrets for the backup: {exc}") from exc
    if not held:
        return  # kept in the database (an embedded or older venue): already in the copy
    connection = sqlite3.connect(copy)
    try:
        row = connection.execute(
            "SELECT seq, doc FROM records WHERE kind = ? ORDER BY seq LIMIT 1", (ORG_KIND,)
        ).fetchone()
        if row is None:
            return  # inspect() says what is wrong with it
        doc = {**json.loads(row[1]), **held}
        with connection:
            connection.execute(
                "UPDATE records SET doc = ? WHERE seq = ?", (json.dumps(doc), row[0])
            )
    finally:
        connection.close()


def _keep(database: Path, now: datetime) -> Path:
    """Copy the database being replaced (with its WAL) to a dated name beside it."""
    kept = database.with_name(f"{database.name}.before-restore-{now:%Y%m%dT%H%M%SZ}")
    try:
        source = _read_only(database)
        try:
            _copy(source, kept)
        finally:
            source.close()
    except sqlite3.Error:
        # Damaged beyond SQLite's reading: keep its files byte for byte instead.
        for suffix in ("", "-wal"):
            if Path(f"{database}{suffix}").exists():
                shutil.copyfile(f"{database}{suffix}", f"{kept}{suffix}")
    return kept


def _retire_wal(database: Path) -> None:
    """Fold the WAL into the database and remove it: a WAL left beside the name would be
    replayed into the restored file. Safe: the caller holds the data directory's lock."""
    with contextlib.suppress(sqlite3.Error):
        connection = sqlite3.connect(database)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode=DELETE")
        finally:
            connection.close()
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{database}{suffix}").unlink()


def _check_loads(path: Path) -> None:
    """Every record loads into a venue (the engines' own records included)."""
    from kiosk.venue.service import VenueService  # the whole venue: only for a restore
    from kiosk.venue.store import SqliteStore

    store = SqliteStore(path)
    try:
        VenueService(store, SystemClock())
    except Exception as exc:
        raise BackupError(f"{path} does not load as a venue: {type(exc).__name__}: {exc}") from exc
    finally:
        store.close()
    _retire_wal(path)


def restore(source: Path, database: Path) -> Summary:
    """Replace `database` with the backup at `source`; `BackupError` (nothing changed) when
    the file is no venue backup or a server holds the data directory."""
    organization_id, count = inspect(source)  # first: a bad file touches nothing at all
    lock = DataDirLock(database.parent)
    try:
        lock.acquire("kiosk venue restore")
    except DataDirBusy as exc:
        raise BackupError(
            f"{exc}: stop the venue server first (a restore never replaces a database in use)"
        ) from exc
    staging = database.with_name(f".{database.name}.restoring-{os.getpid()}")
    with lock:
        try:
            reader = _read_only(source)
            try:
                _copy(reader, staging)
            finally:
                reader.close()
            _check_loads(staging)
            kept = _keep(database, datetime.now(UTC)) if database.exists() else None
            _retire_wal(database)
            os.replace(staging, database)
            _fsync(database.parent)
        except (sqlite3.Error, OSError) as exc:
            _remove(staging)
            raise BackupError(f"the restore was not made: {exc}; nothing was changed") from exc
        except BaseException:
            _remove(staging)
            raise
    return Summary(database, organization_id, count, kept)
