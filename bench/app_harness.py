"""What the app benchmarks share: the kiosk running offscreen on the embedded venue server,
real time (no fake clock), taps delivered as mouse events, and "rendered" meaning the new
screen was rendered (forced, synchronously: offscreen Qt renders only on demand)."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from kiosk.app.lean_imports import leave_out_unused_imports
from kiosk.core.tasks import start_task

# As kiosk run does, before anything (a bench too) imports httpx or qrcode.
leave_out_unused_imports()

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def rss_mb() -> float:
    """Resident memory now (Linux /proc), in MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def items(window: Any) -> list[Any]:
    found, stack = [], [window.contentItem() if hasattr(window, "contentItem") else window]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(item.childItems())
    return found


def find(window: Any, name: str) -> Any:
    return next((i for i in items(window) if i.objectName() == name), None)


def tap(window: Any, item: Any) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    left = Qt.MouseButton.LeftButton
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, left),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind, centre, window.mapToGlobal(centre), left, buttons, Qt.KeyboardModifier.NoModifier
        )
        QCoreApplication.sendEvent(window, event)


def render(window: Any) -> float:
    """Render the current scene now (synchronously, software, offscreen); when it finished.

    Offscreen Qt renders on demand, so "the next frame" is forced here: the time includes
    the whole render of the new screen (and a read-back, so it errs on the slow side).
    """
    window.grabWindow()
    return time.perf_counter()


async def until(condition: Callable[[], bool], limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the kiosk did not get there in time ({condition})")
        await asyncio.sleep(0.001)


def rss_mib() -> float:
    """Resident memory now (Linux /proc/self/status VmRSS), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def run_app(
    data_dir: Path,
    body: Callable[[Any], Awaitable[Any]],
    *,
    config: Any = None,
    clock: Any = None,
) -> Any:
    """Start the kiosk (as `kiosk run --windowed` does, but offscreen) and run `body(app)`.

    `config` replaces the default (embedded venue with its demo, data in `data_dir`);
    `clock` is the kiosk's own clock (serve()'s default: the system clock)."""
    from PySide6.QtGui import QGuiApplication

    from kiosk.app.qt_loop import import_qasync, kiosk_event_loop

    qasync = import_qasync()  # as kiosk run does: no QtWidgets

    from kiosk.app.config import KioskConfig
    from kiosk.app.main import serve
    from kiosk.app.qml import load_fonts, pin_style

    pin_style()
    qt_app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    qt_app.setQuitOnLastWindowClosed(False)
    load_fonts(qt_app)
    config = config or KioskConfig(data_dir=data_dir, windowed=True)
    result: list[Any] = []

    async def main() -> None:
        started: list[Any] = []
        task = start_task(serve(config, clock=clock, started=started.append), name="bench-kiosk")
        await until(lambda: bool(started) or task.done())
        app = started[0]
        try:
            result.append(await body(app))
        finally:
            app.stop.set()
            await task

    with asyncio.Runner(loop_factory=lambda: kiosk_event_loop(qasync, qt_app)) as runner:
        runner.run(main())
    return result[0]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
