"""`kiosk run --self-test`: prove that this build of the kiosk works, then exit.

It runs the real composition root (`serve()`) on the embedded demo venue, in a fresh temporary
data directory, offscreen unless a platform is already chosen. It checks that the attract screen
renders a non-empty frame, then walks one queue journey to `granted` through the same
view-model slots the QML buttons call (choose an experience, Start, Enter), with time running
faster so the queue admits in seconds. Exit code 0 means every step passed and Qt reported no
warning (a QML binding error is a warning); otherwise it prints which step failed or each
warning. Used as the smoke test of the frozen bundle (`scripts/build-linux-bundle.sh`).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from kiosk.app.config import KioskConfig
from kiosk.core.tasks import start_task

TIME_SCALE = 30.0  # the demo queue admits one every two seconds; a few wall seconds at this pace
TIMEOUT_SECONDS = 120.0
POLL_SECONDS = 0.05


class SelfTestError(Exception):
    """One step of the self-test failed; the message says which and what was seen."""


def self_test_config(data_dir: Path, time_scale: float = TIME_SCALE) -> KioskConfig:
    # Idle and presence timers are long so that faster time cannot reset the visit mid-walk.
    return KioskConfig(
        data_dir=data_dir,
        windowed=True,
        size=(540, 960),
        demo=True,
        time_scale=time_scale,
        idle_seconds=24 * 3600,
        presence_seconds=24 * 3600,
    )


def run_self_test(
    *, timeout: float = TIMEOUT_SECONDS, time_scale: float = TIME_SCALE, out: TextIO | None = None
) -> int:
    """Run the whole self-test in a fresh Qt application; returns the process exit code."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    stream = out or sys.stdout
    started_at = time.monotonic()

    def say(message: str) -> None:
        print(f"self-test [{time.monotonic() - started_at:6.2f}s] {message}", file=stream)
        stream.flush()

    from kiosk import build_info

    say(f"{build_info().describe()}; platform {os.environ['QT_QPA_PLATFORM']}")
    with QtWarnings() as warnings:
        code = _run(timeout, time_scale, say)
    return _verdict(code, warnings.messages, say)


def _run(timeout: float, time_scale: float, say: Callable[[str], None]) -> int:
    from PySide6.QtGui import QGuiApplication

    from kiosk.app.qml import load_fonts, pin_style
    from kiosk.app.qt_loop import import_qasync, kiosk_event_loop

    qasync = import_qasync()  # the kiosk's own loop, as `kiosk run` has it

    pin_style()
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    families = load_fonts(app)  # type: ignore[arg-type]
    say(f"fonts loaded: {', '.join(families) or 'none'}")
    with tempfile.TemporaryDirectory(prefix="fanfare-kiosk-selftest-") as tmp:
        config = self_test_config(Path(tmp), time_scale)
        status = {"waiting_for": "the kiosk to start", "screen": "none"}
        try:
            with asyncio.Runner(loop_factory=lambda: kiosk_event_loop(qasync, app)) as runner:
                runner.run(asyncio.wait_for(_walk(config, say, status), timeout))
        except TimeoutError:
            say(
                f"FAILED: not finished within {timeout:g} s: waiting for "
                f"{status['waiting_for']}, the kiosk shows the {status['screen']} screen"
            )
            return 1
        except SelfTestError as exc:
            say(f"FAILED: {exc}")
            return 1
        except Exception as exc:  # any crash of the kiosk itself is what this test is for
            say(f"FAILED: the kiosk crashed: {type(exc).__name__}: {exc}")
            return 1
    return 0


class QtWarnings:
    """Records every Qt warning, critical and fatal message while installed (and still prints
    it, as Qt would), and the QML engine's own diagnostics, which Qt 6 sends at info level
    (`qmlInfo`: "Cannot create delegate", ...). Installed for the whole self-test: any fails it.
    """

    def __init__(self) -> None:
        self.messages: list[str] = []
        self._previous: Any = None

    def __enter__(self) -> QtWarnings:
        from PySide6.QtCore import qInstallMessageHandler

        self._previous = qInstallMessageHandler(self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(self._previous)

    def _handle(self, mode: Any, context: Any, message: str) -> None:
        if counts_as_warning(mode, context):
            self.messages.append(message)
        if self._previous is not None:
            self._previous(mode, context, message)
        else:
            print(message, file=sys.stderr)


def counts_as_warning(mode: Any, context: Any) -> bool:
    """A warning or worse, or a QML engine diagnostic (info level, default category, from a
    .qml file); not `console.info`, whose category is `qml` or `js`."""
    from PySide6.QtCore import QtMsgType

    if mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        return True
    source = str(getattr(context, "file", None) or "")
    category = str(getattr(context, "category", None) or "")
    return mode == QtMsgType.QtInfoMsg and category == "default" and source.endswith(".qml")


def _verdict(code: int, warnings: list[str], say: Callable[[str], None]) -> int:
    """The exit code: the walk's, or 1 when it passed but Qt warned (each warning is shown)."""
    for message in warnings:
        say(f"Qt warning: {message}")
    if code != 0:
        return code
    if warnings:
        say(f"FAILED: the walk worked but Qt printed {len(warnings)} warning(s), listed above")
        return 1
    say("PASSED")
    return 0


async def _walk(config: KioskConfig, say: Callable[[str], None], status: dict[str, str]) -> None:
    from kiosk.app.main import KioskApp, serve

    started: list[KioskApp] = []
    serving = start_task(serve(config, started=started.append), name="self-test:serve")
    try:
        await _until(lambda: bool(started) or serving.done(), "the kiosk to start", serving, status)
        if serving.done():
            serving.result()  # raises what went wrong
            raise SelfTestError("the kiosk stopped before it started")
        kiosk = started[0]
        say(f"kiosk started on the embedded demo venue (data in {config.data_dir})")
        await _steps(kiosk, say, serving, status)
    finally:
        if started:
            started[0].stop.set()
            started.clear()
        code = await serving
    if code != 0:
        raise SelfTestError(f"the kiosk shut down with code {code}")
    say("kiosk shut down cleanly")


async def _steps(
    kiosk: Any, say: Callable[[str], None], serving: asyncio.Task[int], status: dict[str, str]
) -> None:
    async def screen(name: str) -> None:
        await _on_screen(kiosk, name, serving, status)

    await screen("attract")
    await _until(
        lambda: bool(kiosk.kiosk.property("experiences")), "the catalogue", serving, status
    )
    experiences = kiosk.kiosk.property("experiences")
    _check_frame(kiosk.window, say)
    first = experiences[0]
    say(f"attract screen offers {len(experiences)} experiences; choosing {first['name']!r}")
    kiosk.kiosk.chooseExperience(first["id"])
    await screen("ready")
    say("ready screen; pressing Start (a plain line: Start also joins it)")
    kiosk.journey.start()
    await screen("participating_queue")
    say(f"in the queue at position {_text(kiosk.window, 'positionValue') or '?'}; waiting")
    await screen("granted")
    say("granted: the queue admitted this customer; pressing Done")
    kiosk.journey.done()
    await screen("attract")
    say("back on the attract screen")


def _check_frame(window: Any, say: Callable[[str], None]) -> None:
    image = window.grabWindow()
    if image.isNull() or image.width() == 0 or image.height() == 0:
        raise SelfTestError("the attract screen rendered no frame")
    step_x, step_y = max(1, image.width() // 40), max(1, image.height() // 40)
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step_x)
        for y in range(0, image.height(), step_y)
    }
    if len(colours) < 2:
        raise SelfTestError("the attract screen rendered a blank frame (one colour)")
    age = _process_age()
    since = f", {age:.2f} s after the process started" if age is not None else ""
    say(
        f"attract screen rendered a {image.width()}x{image.height()} frame, "
        f"{len(colours)} colours{since}"
    )


def _process_age() -> float | None:
    """Seconds since this process started (Linux only; the bundle's start time), else None."""
    try:
        stat = Path("/proc/self/stat").read_text()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        started_ticks = int(stat.rsplit(")", 1)[1].split()[19])
        return uptime - started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


async def _on_screen(
    kiosk: Any, screen: str, serving: asyncio.Task[int], status: dict[str, str]
) -> None:
    def shown() -> bool:
        status["screen"] = str(kiosk.journey.property("screen"))
        return status["screen"] == screen and _find(kiosk.window, screen)

    await _until(shown, f"the {screen} screen", serving, status, limit=None)


async def _until(
    condition: Callable[[], bool],
    what: str,
    serving: asyncio.Task[int],
    status: dict[str, str],
    limit: float | None = 30.0,
) -> None:
    status["waiting_for"] = what
    deadline = None if limit is None else time.monotonic() + limit
    while not condition():
        if serving.done() and what != "the kiosk to start":
            serving.result()
            raise SelfTestError(f"the kiosk stopped while waiting for {what}")
        if deadline is not None and time.monotonic() > deadline:
            raise SelfTestError(f"gave up waiting for {what} after {limit:.0f} s")
        await asyncio.sleep(POLL_SECONDS)


def _items(window: Any) -> list[Any]:
    found, stack = [], [window.contentItem()]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(item.childItems())
    return found


def _find(window: Any, screen: str) -> bool:
    return any(item.objectName() == f"screen_{screen}" for item in _items(window))


def _text(window: Any, name: str) -> str:
    item = next((i for i in _items(window) if i.objectName() == name), None)
    value = item.property("text") if item is not None else None
    return value if isinstance(value, str) else ""
