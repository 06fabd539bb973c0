"""qasync, imported without QtWidgets.

qasync imports PySide6.QtWidgets for one name, `QApplication`, which it asks for
`instance()` (and `processEvents()`). The kiosk is a QGuiApplication and never shows a
widget, and loading QtWidgets costs ~25 MiB of resident memory (and ~15 MB in the bundle,
which leaves it out). So, unless something already imported the real module (the tests do),
qasync gets a stand-in whose `QApplication` is QGuiApplication, which answers both the same.
"""

from __future__ import annotations

import asyncio
import sys
import types
from typing import Any

from PySide6.QtGui import QGuiApplication

WIDGETS = "PySide6.QtWidgets"


def import_qasync() -> Any:
    """The qasync module, with a QtWidgets stand-in unless the real one is loaded."""
    if WIDGETS not in sys.modules:
        stand_in = types.ModuleType(WIDGETS, "Not loaded; see kiosk/app/qt_loop.py.")
        stand_in.QApplication = QGuiApplication  # type: ignore[attr-defined]
        sys.modules[WIDGETS] = stand_in
    import qasync

    return qasync


class _TimerHandle(asyncio.Handle):
    """A callback on a Qt timer that, when cancelled, also stops that timer."""

    __slots__ = ("_forget",)

    def cancel(self) -> None:
        if not self._cancelled:
            super().cancel()
            forget, self._forget = self._forget, None
            if forget is not None:
                forget()


def kiosk_event_loop(qasync: Any, app: QGuiApplication) -> Any:
    """qasync's loop, with cancelled timers stopped at once.

    qasync 0.28 keeps a cancelled `call_later` (every cancelled `asyncio.sleep`: an idle
    timer put back by a tap, a poll stopped at a wipe) on its Qt timer until the time it would
    have fired, up to the 10-minute presence timer: hundreds of dead timers and callbacks on a
    busy kiosk. Here cancelling one kills its Qt timer. (qasync is pinned exactly: this
    reads its timer's table, `tests/app/test_qt_loop.py` checks it.)"""

    class KioskEventLoop(qasync.QEventLoop):  # type: ignore[misc, name-defined]
        def call_later(
            self, delay: float, callback: Any, *args: Any, context: Any = None
        ) -> asyncio.Handle:
            if asyncio.iscoroutinefunction(callback):
                raise TypeError("coroutines cannot be used with call_later")
            if not callable(callback):
                raise TypeError(f"callback must be callable: {type(callback).__name__}")
            handle = _TimerHandle(callback, args, self, context=context)
            timer = self._timer
            callbacks: dict[int, asyncio.Handle] = timer._SimpleTimer__callbacks
            timer_id = timer.startTimer(int(max(0.0, delay) * 1000))
            callbacks[timer_id] = handle

            def forget() -> None:
                # Only while this handle still owns the id (Qt reuses ids once they fired).
                if callbacks.get(timer_id) is handle:
                    del callbacks[timer_id]
                    timer.killTimer(timer_id)

            handle._forget = forget
            return handle

    return KioskEventLoop(app)
