"""The first frame comes before the heavy imports (issue 14: cold start), and is honest.

`kiosk run` shows the attract screen's shell (kiosk.app.starting) before it imports the SDK,
the session and the venue server, then hands over to the real window. The timing itself is
measured by bench/app_startup.py, never here.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtQuick import QQuickWindow

from kiosk.app.launch import PROBE_ENV, StartupProbe
from kiosk.app.starting import StartingScreen
from kiosk.cli import build_parser, command_of
from tests.app.fakes import items

ROOT = Path(__file__).resolve().parents[2]


def texts_of(window: Any) -> list[str]:
    return [str(i.property("text")) for i in items(window) if i.property("text")]


def pump(milliseconds: int = 50) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def test_the_imports_before_the_first_frame_leave_out_the_sdk_session_venue_and_pydantic() -> None:
    # What `kiosk run` imports before it shows the shell: the command line (for `run` only),
    # the configuration and kiosk.app.launch (with the brand, logs, fonts, starting screen).
    # pydantic alone takes longer to import than the shell to draw: the config has its own checks.
    script = (
        "import sys, json; import kiosk.cli as c; c.build_parser('run').parse_args(['run']);"
        "import kiosk.app.config, kiosk.app.launch, kiosk.app.brand, kiosk.app.logs,"
        " kiosk.app.qml, kiosk.app.starting;"
        "print(json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    heavy = {"kiosk.sdk", "kiosk.session", "kiosk.venue", "kiosk.wire", "kiosk.pos"}
    heavy |= {"kiosk.app.main", "kiosk.app.viewmodels", "kiosk.app.embedded", "kiosk.devtools"}
    heavy |= {"httpx", "starlette", "uvicorn", "qasync", "asyncio", "PIL", "escpos"}
    heavy |= {"pydantic", "pydantic_core"}
    assert "kiosk.app.starting" in loaded  # the script ran what the shell needs
    assert not heavy & loaded, sorted(heavy & loaded)


def test_the_command_line_fills_in_only_the_command_given() -> None:
    assert command_of(["run", "--windowed"]) == "run"
    assert command_of(["--version"]) is None
    assert command_of(["nonsense"]) is None
    assert build_parser("run").parse_args(["run", "--lang", "es"]).language == "es"
    assert build_parser("venue").parse_args(["venue", "info"]).command == "venue"
    # A command's arguments exist only when it is the one being parsed (or for the full parser).
    with pytest.raises(SystemExit):
        build_parser("venue").parse_args(["run", "--lang", "es"])
    assert build_parser().parse_args(["run", "--self-test"]).self_test is True


def test_the_shell_shows_the_brand_and_getting_ready_and_no_experience() -> None:
    starting = StartingScreen()
    window = starting.show(fullscreen=False, size=(540, 960))
    try:
        assert isinstance(window, QQuickWindow) and window.isVisible()
        assert starting.wait_for_first_frame() is True
        assert (window.width(), window.height()) == (540, 960)
        assert sorted(texts_of(window)) == ["F", "Getting ready…", "Welcome"]
    finally:
        starting.close()
    assert starting.closed and starting.window is None  # hidden, and deleted with its engine
    starting.close()  # idempotent


def test_the_shell_speaks_the_configured_language_and_takes_its_translator_away() -> None:
    starting = StartingScreen(language="es")
    window = starting.show(fullscreen=False, size=(540, 960))
    try:
        assert "Preparando…" in texts_of(window)
        assert QCoreApplication.translate("Attract", "Getting ready…") == "Preparando…"
    finally:
        starting.close()
    # The real window installs its own translator; the shell's must not linger behind it.
    assert QCoreApplication.translate("Attract", "Getting ready…") == "Getting ready…"


def test_the_shell_stays_until_the_real_window_has_drawn_a_frame() -> None:
    starting = StartingScreen()
    starting.show(fullscreen=False, size=(540, 960))
    starting.wait_for_first_frame()
    real = QQuickWindow()
    real.resize(540, 960)
    try:
        starting.hand_over(real)
        assert not starting.closed  # never a moment with neither window on screen
        real.show()
        for _ in range(40):
            if starting.closed:
                break
            real.requestUpdate()
            pump(25)
        assert starting.closed
    finally:
        real.close()
        starting.close()


def test_a_shell_that_draws_no_frame_does_not_hold_the_start_up() -> None:
    starting = StartingScreen()
    assert starting.wait_for_first_frame() is False  # never shown: returns at once
    starting.close()


@pytest.mark.qt_log_ignore("failed to load component", "Expected token")
def test_the_shell_that_fails_to_load_says_so(tmp_path: Path) -> None:
    module = tmp_path / "qml" / "Kiosk"
    module.mkdir(parents=True)
    (module / "qmldir").write_text("module Kiosk\nStarting 1.0 Starting.qml\n")
    (module / "Starting.qml").write_text("import QtQuick\nWindow { broken: }\n")
    starting = StartingScreen(directory=tmp_path)
    with pytest.raises(RuntimeError, match="starting screen did not load"):
        starting.show(fullscreen=False, size=(540, 960))
    starting.close()


class FakeSignal:
    def __init__(self) -> None:
        self.slots: list[Any] = []

    def connect(self, slot: Any) -> None:
        self.slots.append(slot)

    def disconnect(self, slot: Any) -> None:
        self.slots.remove(slot)

    def emit(self) -> None:
        for slot in list(self.slots):
            slot()


class FakeWindow:
    def __init__(self) -> None:
        self.frameSwapped = FakeSignal()
        self.updates = 0

    def requestUpdate(self) -> None:
        self.updates += 1


class FakeStop:
    def __init__(self) -> None:
        self.is_set = False

    def set(self) -> None:
        self.is_set = True


def test_the_startup_probe_reports_the_shell_then_the_attract_with_its_catalogue() -> None:
    out = io.StringIO()
    probe = StartupProbe(out)
    shell = FakeWindow()
    probe.watch_first_frame(shell)  # type: ignore[arg-type]
    shell.frameSwapped.emit()
    shell.frameSwapped.emit()  # reported once
    state = {"screen": "attract", "experiences": []}
    window = FakeWindow()
    app = SimpleNamespace(
        window=window,
        journey=SimpleNamespace(property=lambda name: state[name]),
        kiosk=SimpleNamespace(property=lambda name: state[name]),
        stop=FakeStop(),
    )
    probe.started(app)  # type: ignore[arg-type]
    assert window.updates == 1
    window.frameSwapped.emit()  # no catalogue yet: not the attract frame the bench waits for
    assert probe.seen == ["first-frame"] and not app.stop.is_set
    state["experiences"] = [{"id": "e1", "name": "Sneaker drop"}]
    window.frameSwapped.emit()
    window.frameSwapped.emit()
    assert probe.seen == ["first-frame", "attract-frame"] and app.stop.is_set
    assert out.getvalue().splitlines() == ["startup first-frame", "startup attract-frame"]


def test_kiosk_run_shows_the_shell_first_then_the_attract_screen(tmp_path: Path) -> None:
    env = {
        **os.environ,
        PROBE_ENV: "1",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "FANFARE_LOG_DIR": str(tmp_path / "logs"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "run", "--windowed", "--size", "540x960"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("startup ")]
    assert lines == ["startup first-frame", "startup attract-frame"]
    assert "kiosk stopped" in result.stderr


def test_qasync_runs_on_a_gui_application_without_loading_qtwidgets() -> None:
    script = (
        "import asyncio, sys\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "from kiosk.app.qt_loop import import_qasync\n"
        "qasync = import_qasync()\n"
        "app = QGuiApplication([])\n"
        "async def main():\n"
        "    await asyncio.sleep(0.01)\n"
        "    return 'ran'\n"
        "with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:\n"
        "    print(runner.run(main()))\n"
        "print(sys.modules['PySide6.QtWidgets'].QApplication is QGuiApplication)\n"
        "print(any('Qt6Widgets' in line for line in open('/proc/self/maps')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["ran", "True", "False"]


def test_qasync_keeps_the_real_qtwidgets_when_it_is_loaded() -> None:
    from PySide6 import QtWidgets

    from kiosk.app.qt_loop import import_qasync

    assert import_qasync().QApplication is QtWidgets.QApplication


def test_kiosk_run_refuses_a_brand_whose_typeface_is_not_installed(tmp_path: Path) -> None:
    # Checked once every font is loaded (the Arabic face comes after the first frame): the
    # shell may have been shown, but the kiosk never runs, and the error says what to write.
    brand = tmp_path / "brand.toml"
    brand.write_text('name = "Nope Store"\nfont_family = "Comic Nope"\n')
    env = {
        **os.environ,
        PROBE_ENV: "1",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "FANFARE_LOG_DIR": str(tmp_path / "logs"),
    }
    command = [sys.executable, "-m", "kiosk.cli", "run", "--windowed", "--size", "540x960"]
    result = subprocess.run(
        [*command, "--brand", str(brand)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "brand.font_family = 'Comic Nope'" in result.stderr
    assert "startup attract-frame" not in result.stdout
