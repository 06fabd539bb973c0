"""Cold start to the first rendered attract frame, against a minimal QML "hello" window.

Each run is a fresh process (offscreen). The kiosk run starts as `kiosk run` does with no
configuration: the embedded venue server with the demo data (in a new data directory), the
session, the QML engine, the attract screen. The clock stops at the window's first swapped
frame. Target: the kiosk under 2x the hello window, measured in the same run.

    .venv/bin/python bench/app_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELLO_QML = b"""
import QtQuick
import QtQuick.Controls.Basic
ApplicationWindow { width: 1080; height: 1920; visible: true
    Text { anchors.centerIn: parent; text: "hello"; font.pixelSize: 64 } }
"""


def child_hello() -> None:
    from PySide6.QtCore import QByteArray, QUrl
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQml import QQmlApplicationEngine
    from PySide6.QtQuick import QQuickWindow  # noqa: F401
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Basic")
    app = QGuiApplication(sys.argv[:1])
    engine = QQmlApplicationEngine()
    engine.loadData(QByteArray(HELLO_QML), QUrl("hello.qml"))
    window = engine.rootObjects()[0]
    window.frameSwapped.connect(lambda: (print("FRAME", flush=True), app.quit()))
    app.exec()


def child_kiosk(data_dir: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from app_harness import run_app

    async def first_frame(app: object) -> None:
        import asyncio

        window = app.window  # type: ignore[attr-defined]
        shown = asyncio.Event()
        window.frameSwapped.connect(shown.set)
        window.requestUpdate()
        await shown.wait()
        print("FRAME", flush=True)

    run_app(Path(data_dir), first_frame)


def measure(args: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, *args], stdout=subprocess.PIPE, env=env, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("FRAME"):
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError(f"{args[0]}: no frame (exit {process.wait()})")
    process.wait(timeout=60)
    return elapsed


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-hello":
        return child_hello()
    if len(sys.argv) > 2 and sys.argv[1] == "--child-kiosk":
        return child_kiosk(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    hello, kiosk = [], []
    for _ in range(options.runs):  # interleaved, so both see the same machine
        hello.append(measure(["--child-hello"]))
        with tempfile.TemporaryDirectory() as data:
            kiosk.append(measure(["--child-kiosk", data]))
    h, k = statistics.median(hello), statistics.median(kiosk)
    print(f"app startup: {options.runs} cold starts each, offscreen, to the first frame")
    print(f"  hello QML window   median {h * 1000:6.0f} ms   (min {min(hello) * 1000:.0f})")
    print(f"  kiosk attract      median {k * 1000:6.0f} ms   (min {min(kiosk) * 1000:.0f})")
    print(f"  ratio              {k / h:.2f}x   target < 2x: {'met' if k / h < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
