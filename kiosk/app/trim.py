"""Give the C heap's free pages back to the system after each visit (Linux, glibc).

A visit allocates and frees many small objects (its SDK, journey, views, QML items); CPython
and Qt free them, but glibc's allocator keeps the freed pages in its arenas, so the kiosk's
resident memory creeps up over thousands of visits with flat object counts. `malloc_trim(0)`
hands those pages back. It runs once a visit, when the kiosk is back on attract after the
wipe (a few milliseconds, with no customer at the screen). Elsewhere (macOS, Windows, musl)
it is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import sys
from collections.abc import Callable

logger = logging.getLogger(__name__)


def _load_malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


_MALLOC_TRIM = _load_malloc_trim()


def trim_memory() -> bool:
    """Collect Python's cycles, then return free heap pages to the system. True if trimmed."""
    gc.collect()
    if _MALLOC_TRIM is None:
        return False
    return bool(_MALLOC_TRIM(0))


class TrimAfterVisit:
    """Call `trim_memory` each time `phase()` comes back to "attract" from another phase."""

    def __init__(self, phase: Callable[[], str], trim: Callable[[], object] = trim_memory) -> None:
        self._phase = phase
        self._trim = trim
        self._last = phase()

    def __call__(self) -> None:
        now = self._phase()
        if now == "attract" and self._last != "attract":
            self._trim()
        self._last = now
