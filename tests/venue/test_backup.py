"""`kiosk venue backup` / `restore`: a backup taken while the venue writes is exactly one
committed state and restores to it; bad targets, a full disk, bad or damaged backups and a
running server are refused with a clear error, and the live database is left as it was."""

from __future__ import annotations

import asyncio
import hashlib
import os
import resource
import signal
import sqlite3
import subprocess
import threading
from pathlib import Path

import httpx
import pytest

from kiosk.venue.backup import BackupError, backup, restore
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.conftest import BASE_URL, make_queue
from tests.fakes import FakeClock
from tests.processes import running_venue, venue_command
from tests.venue.clients import GuestClient

BOUND_SECONDS = 120


def digest(path: Path) -> str:
    """Every record, in commit order, as one hash: equal digests, identical states."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT seq, kind, key, doc FROM records ORDER BY seq")
        return hashlib.sha256(repr(rows.fetchall()).encode()).hexdigest()
    finally:
        connection.close()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(directory: Path) -> list[str]:
    return sorted(
        p.name for p in directory.iterdir() if ".partial-" in p.name or "restoring" in p.name
    )


class Writer:
    """A venue serving guests who sign in and enter a queue, one commit each, on its own
    thread and connection (as the server would), noting the database's digest after every
    commit and how many had entered at that state."""

    def __init__(self, path: Path, clock: FakeClock) -> None:
        self.path = path
        self.store = SqliteStore(path)
        self.service = VenueService(self.store, clock)
        self.queue_id = make_queue(self.service, admit_rate=1).queue_id
        self.states: dict[str, int] = {digest(path): 0}
        self.started = threading.Event()
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            asyncio.run(self._enter_until_stopped())
        except BaseException as exc:  # handed to the test's thread
            self.error = exc

    async def _enter_until_stopped(self) -> None:
        transport = httpx.ASGITransport(app=create_app(self.service))
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            key = self.service.organization.publishable_key
            entered = 0
            while entered < 20 or not self.stop.is_set():
                if entered >= 2000:
                    raise AssertionError("the backup never finished")
                guest = await GuestClient.sign_in(http, key)
                self.states[digest(self.path)] = entered
                assert (await guest.enter(self.queue_id)).status_code == 200
                entered += 1
                self.states[digest(self.path)] = entered
                if entered == 20:
                    self.started.set()


def test_a_backup_under_load_is_one_committed_state_and_restores_to_it(
    tmp_path: Path, clock: FakeClock
) -> None:
    live = tmp_path / "live" / "venue.sqlite3"
    writer = Writer(live, clock)
    thread = threading.Thread(target=writer.run, name="venue-writer")
    thread.start()
    try:
        assert writer.started.wait(BOUND_SECONDS)
        copy = backup(live, tmp_path / "venue-backup.sqlite3")
    finally:
        writer.stop.set()
        thread.join(BOUND_SECONDS)
    assert writer.error is None, writer.error
    writer.store.close()

    taken = digest(copy.path)
    assert taken in writer.states  # exactly the state after one commit, none half applied
    entered = writer.states[taken]
    assert entered >= 20
    assert taken != digest(live)  # the venue kept writing after it
    assert not (tmp_path / "venue-backup.sqlite3-wal").exists()  # one self-contained file

    restored = tmp_path / "restored" / "venue.sqlite3"
    summary = restore(copy.path, restored)
    assert digest(restored) == taken
    assert summary.kept is None
    again = VenueService(SqliteStore(restored), clock)
    assert again.queues[writer.queue_id].entrant_count == entered


@pytest.fixture
def live(tmp_path: Path, clock: FakeClock) -> Path:
    """A venue database with a queue and some entrants, its server stopped."""
    path = tmp_path / "data" / "venue.sqlite3"
    store = SqliteStore(path)
    service = VenueService(store, clock)
    make_queue(service)
    store.close()
    return path


def test_a_backup_never_overwrites_and_says_why_a_target_is_unwritable(
    live: Path, tmp_path: Path
) -> None:
    before = (file_hash(live), digest(live))
    existing = tmp_path / "existing.sqlite3"
    existing.write_bytes(b"an older backup")
    a_file = tmp_path / "a-file"
    a_file.write_text("not a directory")
    cases = {
        existing: "already exists",
        tmp_path / "no" / "such" / "dir" / "b.sqlite3": "is not a directory",
        a_file / "b.sqlite3": "is not a directory",
        live.parent / "venue.sqlite3": "already exists",
    }
    for target, reason in cases.items():
        with pytest.raises(BackupError, match=reason):
            backup(live, target)
    assert existing.read_bytes() == b"an older backup"
    assert (file_hash(live), digest(live)) == before
    assert leftovers(tmp_path) == []
    with pytest.raises(BackupError, match="no venue database"):
        backup(tmp_path / "none" / "venue.sqlite3", tmp_path / "c.sqlite3")


def _small_disk() -> None:
    """In the child: files may grow to 64 KiB, as on a full disk (EFBIG, not a signal)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_backup_on_a_full_disk_fails_cleanly_and_leaves_the_venue_untouched(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "data" / "venue.sqlite3"
    store = SqliteStore(path)
    service = VenueService(store, clock)
    make_queue(service)
    with store.transaction() as writer:  # a database well over the 64 KiB the child may write
        for n in range(100):
            writer.put("padding", str(n), {"text": "x" * 2000})
    store.close()
    assert path.stat().st_size > 200 * 1024
    before = (file_hash(path), digest(path))
    target = tmp_path / "backups" / "full.sqlite3"
    target.parent.mkdir()

    done = subprocess.run(
        venue_command("backup", str(target), "--data-dir", str(path.parent)),
        capture_output=True,
        text=True,
        timeout=BOUND_SECONDS,
        preexec_fn=_small_disk,  # only sets a limit before exec: no threads involved
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "the backup was not written" in done.stderr
    assert "unchanged" in done.stderr
    assert not target.exists()
    assert os.listdir(target.parent) == []  # no half-written file
    assert (file_hash(path), digest(path)) == before


def _damaged_copy(live: Path, target: Path) -> Path:
    backup(live, target)
    data = bytearray(target.read_bytes())
    page = 4096  # scribble over the second page: the records table's b-tree
    data[page : page + 64] = b"\xff" * 64
    target.write_bytes(bytes(data))
    return target


def test_restore_refuses_what_is_not_a_good_venue_backup_and_changes_nothing(
    live: Path, tmp_path: Path
) -> None:
    before = (file_hash(live), digest(live))
    junk = tmp_path / "junk.bin"
    junk.write_bytes(os.urandom(8192))
    notes = tmp_path / "notes.json"
    notes.write_text('{"organizationId": "x"}')
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    truncated = tmp_path / "truncated.sqlite3"
    backup(live, tmp_path / "whole.sqlite3")
    truncated.write_bytes((tmp_path / "whole.sqlite3").read_bytes()[:5000])
    cases = {
        junk: "not an SQLite database",
        notes: "not an SQLite database",
        other: "not a venue database",
        truncated: "damaged|cannot be read|malformed",
        _damaged_copy(live, tmp_path / "damaged.sqlite3"): "damaged|cannot be read|malformed",
        tmp_path / "missing.sqlite3": "cannot read",
    }
    for source, reason in cases.items():
        with pytest.raises(BackupError, match=reason):
            restore(source, live)
        assert (file_hash(live), digest(live)) == before, source.name
    assert leftovers(live.parent) == []
    assert sorted(p.name for p in live.parent.iterdir() if "before-restore" in p.name) == []
    elsewhere = tmp_path / "not-yet"
    with pytest.raises(BackupError):
        restore(junk, elsewhere / "venue.sqlite3")
    assert not elsewhere.exists()  # not even the data directory was made


def test_restore_puts_the_backup_in_place_and_keeps_what_it_replaced(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "data" / "venue.sqlite3"
    store = SqliteStore(path)
    service = VenueService(store, clock)
    setup = make_queue(service)
    saved = backup(path, tmp_path / "saved.sqlite3")
    make_queue(service)  # changes after the backup, which the restore undoes
    store.close()
    replaced = digest(path)

    summary = restore(saved.path, path)

    assert digest(path) == digest(saved.path)
    assert summary.kept is not None and digest(summary.kept) == replaced
    assert not Path(f"{path}-wal").exists()
    again = VenueService(SqliteStore(path), clock)
    assert set(again.queues) == {setup.queue_id}
    assert again.organization.id == service.organization.id


def test_restore_is_refused_while_a_server_holds_the_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "venue"
    with running_venue(data) as venue:
        saved = tmp_path / "saved.sqlite3"
        made = subprocess.run(
            venue_command("backup", str(saved), "--data-dir", str(data)),
            capture_output=True,
            text=True,
            timeout=BOUND_SECONDS,
            check=False,
        )
        assert made.returncode == 0, made.stderr  # a backup is fine while it runs
        assert "backed up" in made.stdout
        before = digest(data / "venue.sqlite3")
        refused = subprocess.run(
            venue_command("restore", str(saved), "--data-dir", str(data)),
            capture_output=True,
            text=True,
            timeout=BOUND_SECONDS,
            check=False,
        )
        assert refused.returncode == 2
        assert "stop the venue server first" in refused.stderr
        assert "kiosk venue serve" in refused.stderr  # who holds it
        assert httpx.get(f"{venue.url}/readyz", timeout=10).status_code == 200
        assert digest(data / "venue.sqlite3") == before


def test_a_backup_of_a_venue_whose_secrets_live_outside_restores_on_another_machine(
    tmp_path: Path, clock: FakeClock
) -> None:
    """`serve` keeps the secret key out of its database (keyring or a 0600 file): the
    backup carries it, 0600, and a new data folder restored from it has the same keys."""
    from kiosk.venue.keystore import FileSecrets

    data = tmp_path / "data"
    store = SqliteStore(data / "venue.sqlite3")
    service = VenueService(store, clock, secrets=FileSecrets(data / "secrets.json"))
    key, signing = service.organization.secret_key, service.organization.signing_secret
    store.close()
    assert key not in (data / "venue.sqlite3").read_bytes().decode("latin-1")

    saved = backup(data / "venue.sqlite3", tmp_path / "saved.sqlite3")
    assert saved.path.stat().st_mode & 0o077 == 0

    elsewhere = tmp_path / "other-machine" / "venue.sqlite3"
    restore(saved.path, elsewhere)
    again = VenueService(SqliteStore(elsewhere), clock)
    assert (again.organization.secret_key, again.organization.signing_secret) == (key, signing)
