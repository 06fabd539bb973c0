"""`kiosk run`: the process, in the order that puts a frame on screen first.

The Qt application and the starting screen (`starting.py`) come up before anything heavy is
imported; only once the shell has drawn its first frame does the kiosk import asyncio,
qasync, the SDK, the session and the venue server (`main.serve`), which then replaces the
shell with the real window. Keep this module's imports light: they all run before the first
frame (`bench/app_startup.py` measures it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from PySide6.QtGui import QGuiApplication, QWindow

from kiosk.app.brand import Brand, BrandError, load_brand
from kiosk.app.config import KioskConfig
from kiosk.app.logs import setup_logging
from kiosk.app.qml import check_font, load_arabic_font, load_fonts, pin_style, resources_dir
from kiosk.app.starting import StartingScreen

if TYPE_CHECKING:
    from kiosk.app.main import KioskApp

# Benchmarks only (bench/app_startup.py): print when the first frame and the first attract
# frame with the catalogue were on screen, then stop. Nothing in production sets it.
PROBE_ENV = "FANFARE_STARTUP_PROBE"

NO_DISPLAY = """kiosk run: the kiosk needs a graphical session, and this one has none (DISPLAY and
WAYLAND_DISPLAY are unset). Start it from a desktop session, or use a headless option:
  kiosk run --self-test                       walk the demo to granted offscreen, then exit
  kiosk screenshot ...                        render one screen to a PNG
  QT_QPA_PLATFORM=offscreen kiosk run         run the kiosk with no window (e.g. over SSH)"""


def missing_display(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """True on Linux when Qt would need X11 or Wayland and neither is there."""
    if not platform.startswith("linux"):
        return False
    wanted = environ.get("QT_QPA_PLATFORM", "")
    # "wayland;xcb" lists fallbacks; "xcb:arg" passes options to a plugin.
    plugins = [name.split(":")[0].strip() for name in wanted.split(";") if name.strip()]
    if any(not name.startswith(("xcb", "wayland")) for name in plugins):
        return False  # offscreen, vnc, eglfs, linuxfb... need no session
    return not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


class StartupProbe:
    """Prints `startup first-frame` at the shell's first frame and `startup attract-frame` at
    the real window's first frame that shows the catalogue, then stops the kiosk."""

    def __init__(self, out: TextIO = sys.stdout) -> None:
        self._out = out
        self.seen: list[str] = []

    def watch_first_frame(self, window: QWindow) -> None:
        def swapped() -> None:
            window.frameSwapped.disconnect(swapped)
            self._say("first-frame")

        window.frameSwapped.connect(swapped)

    def started(self, app: KioskApp) -> None:
        def swapped() -> None:
            if app.journey.property("screen") == "attract" and app.kiosk.property("experiences"):
                app.window.frameSwapped.disconnect(swapped)
                self._say("attract-frame")
                app.stop.set()

        app.window.frameSwapped.connect(swapped)
        app.window.requestUpdate()

    def _say(self, what: str) -> None:
        self.seen.append(what)
        print(f"startup {what}", file=self._out, flush=True)  # the bench times the line


def run(config: KioskConfig, *, log_level: str = "INFO", log_dir: str | None = None) -> int:
    """Start the kiosk; returns the process exit code."""
    if missing_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    setup_logging(log_level, log_dir)
    pin_style()
    app = QGuiApplication(sys.argv[:1])
    app.setApplicationName("Fanfare Kiosk")
    app.setQuitOnLastWindowClosed(False)  # asyncio decides when to stop, not Qt
    # The Arabic face only when the kiosk starts in Arabic; otherwise after the first frame.
    arabic_first = config.language == "ar"
    load_fonts(app, arabic=arabic_first)
    try:
        # A brand the kiosk cannot use stops it here, before anything is shown (its
        # typeface is checked just after the first frame, once every font is loaded).
        brand = load_brand(config.brand_file, resources_dir())
    except BrandError as exc:
        print(f"kiosk run: {exc}", file=sys.stderr)
        return 2
    probe = StartupProbe() if os.environ.get(PROBE_ENV) else None
    starting = StartingScreen(language=config.language)
    try:
        shell = starting.show(fullscreen=not config.windowed, size=config.size)
        if probe is not None:
            probe.watch_first_frame(shell)
        starting.wait_for_first_frame()
        if not arabic_first:
            load_arabic_font()
        try:
            check_font(brand)  # before the kiosk runs: the shell, then this clear error
        except BrandError as exc:
            print(f"kiosk run: {exc}", file=sys.stderr)
            return 2
        return _serve(app, config, starting, probe, brand)
    finally:
        starting.close()


def _serve(
    app: QGuiApplication,
    config: KioskConfig,
    starting: StartingScreen,
    probe: StartupProbe | None,
    brand: Brand,
) -> int:
    # Imported only now, with the first frame on screen: these are most of a cold start.
    import asyncio

    from kiosk.app.lean_imports import leave_out_unused_imports

    leave_out_unused_imports()  # before main imports httpx and qrcode

    from kiosk.app.main import serve
    from kiosk.app.qt_loop import import_qasync, kiosk_event_loop

    qasync = import_qasync()

    started = probe.started if probe is not None else None
    with asyncio.Runner(loop_factory=lambda: kiosk_event_loop(qasync, app)) as runner:
        return runner.run(serve(config, started=started, starting=starting, brand=brand))
