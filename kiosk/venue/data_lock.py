"""One venue server per data directory: `kiosk venue serve` holds an exclusive lock on
`venue.lock` there for as long as it runs, and `kiosk venue restore` takes the same lock, so
a restore never replaces a database under a running server (nor does a server start in the
middle of a restore). The operating system drops the lock when the process ends, however it
ends, so a killed server leaves no stale lock behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO, Self

LOCK_NAME = "venue.lock"


class DataDirBusy(Exception):
    """Another process (a running venue server, a restore) holds the data directory."""


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class DataDirLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._handle: IO[bytes] | None = None

    def acquire(self, holder: str) -> None:
        """Take the lock for `holder` (written into the file, for the operator who looks)
        or raise `DataDirBusy` at once; never waits."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open while locked
        if not _try_lock(handle):
            try:  # Windows refuses to read a region another process has locked
                handle.seek(0)
                who = handle.read(200).decode(errors="replace").strip()
            except OSError:
                who = ""
            handle.close()
            who = who or "another process"
            raise DataDirBusy(f"{self.path.parent} is in use by {who}")
        handle.truncate(0)
        handle.write(f"{holder} (pid {os.getpid()})".encode())
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file drops the lock
            self._handle = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
