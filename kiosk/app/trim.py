"""Keep the C heap from holding on to freed memory (Linux, glibc).

Two measures, both no-ops elsewhere (macOS, Windows, musl):

- `pin_mmap_threshold()`, once at start: blocks of 128 KiB and more (a decoded image: the
  attract loop's hero is decoded at the card's size, ~2.6 MB, each time it rotates in) are
  mapped and unmapped on their own. glibc otherwise raises that threshold each time such a
  block is freed, so later images come from the heap and leave it fragmented and large
  (measured: ~10 MiB more on attract).
- `trim_memory()` after each visit: a visit allocates and frees many small objects (its
  SDK, journey, views, QML items); CPython and Qt free them, but glibc keeps the freed pages
  in its arenas. `malloc_trim(0)` hands them back, once a visit, when the kiosk is back on
  attract after the wipe (a few milliseconds, with no customer at the screen).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys
from collections.abc import Callable

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value, kept fixed


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.malloc_trim.restype = ctypes.c_int
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.mallopt.restype = ctypes.c_int
    except (OSError, AttributeError):  # not glibc
        return None
    return libc


_LIBC = _glibc()


def pin_mmap_threshold() -> bool:
    """Large blocks always mapped on their own (see above). True if set."""
    if _LIBC is None:
        return False
    return bool(_LIBC.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def trim_memory() -> bool:
    """Collect Python's cycles, then return free heap pages to the system. True if trimmed."""
    gc.collect()
    if _LIBC is None:
        return False
    return bool(_LIBC.malloc_trim(0))


class TrimAfterVisit:
    """Call `trim_memory` each time `phase()` comes back to "attract" from another phase.

    `defer` runs the trim later (the app: once the screen change has played out), because
    the visit's last screen is only destroyed on a later turn of the event loop: trimmed at
    once, its pages would stay until the next visit's trim."""

    def __init__(
        self,
        phase: Callable[[], str],
        trim: Callable[[], object] = trim_memory,
        defer: Callable[[Callable[[], object]], object] = lambda run: run(),
    ) -> None:
        self._phase = phase
        self._trim = trim
        self._defer = defer
        self._last = phase()

    def __call__(self) -> None:
        now = self._phase()
        if now == "attract" and self._last != "attract":
            self._defer(self._trim_if_still_attract)
        self._last = now

    def _trim_if_still_attract(self) -> None:
        if self._phase() == "attract":  # not in the middle of the next customer's taps
            self._trim()
