"""Cold start to the first attract frame, against a minimal QML window, in the same run.

Each start is a fresh process (offscreen), timed from `Popen` to a line on its stdout:

- *hello*: `python -c` with QGuiApplication, a 1080x1920 Window and a Text; the line is
  printed at the window's first `frameSwapped`.
- *kiosk*: `python -m kiosk.cli run --windowed` (1080x1920) with no configuration, so the
  embedded venue server with its demo, in a new data directory each time. The app's
  benchmark hook (`FANFARE_STARTUP_PROBE`, kiosk.app.launch) prints `startup first-frame` at
  its first swapped frame (the attract screen's shell, before the SDK and the venue are
  imported) and `startup attract-frame` at the first frame of the attract screen listing the
  catalogue, then stops the kiosk. Its data is new each run; Qt's QML disk cache is kept
  from an unmeasured first run, as on a kiosk that has started before.

Runs alternate (hello, kiosk, hello, ...) so both see the same machine. Target: the kiosk's
first frame within 2x the hello window's (medians).

    .venv/bin/python bench/app_startup.py [--runs 7] [--quick]
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

from bench_support import background_load, machine_lines

ROOT = Path(__file__).resolve().parents[1]

HELLO = """
import sys
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtQuick import QQuickWindow
app = QGuiApplication(sys.argv[:1])
engine = QQmlApplicationEngine()
engine.loadData(QByteArray(b'''import QtQuick
Window { width: 1080; height: 1920; visible: true; color: "#0b1220"
    Text { anchors.centerIn: parent; text: "hello"; color: "white"; font.pixelSize: 64 } }'''),
    QUrl("hello.qml"))
window = engine.rootObjects()[0]
window.frameSwapped.connect(lambda: (print("startup first-frame", flush=True), app.quit()))
app.exec()
"""


def timed(command: list[str], env: dict[str, str], marks: tuple[str, ...]) -> dict[str, float]:
    """Seconds from the process's start to each `startup <mark>` line it prints."""
    seen: dict[str, float] = {}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, cwd=ROOT
    )
    assert process.stdout is not None
    for line in process.stdout:
        words = line.split()
        if len(words) == 2 and words[0] == "startup" and words[1] in marks:
            seen[words[1]] = time.perf_counter() - started
            if len(seen) == len(marks):
                break
    try:
        _, errors = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        _, errors = process.communicate()
    if len(seen) != len(marks):
        raise RuntimeError(
            f"{command[1:4]}: saw {sorted(seen)} (exit {process.returncode})\n{errors}"
        )
    return seen


def hello(env: dict[str, str]) -> float:
    return timed([sys.executable, "-c", HELLO], env, ("first-frame",))["first-frame"]


def kiosk(env: dict[str, str], cache: str) -> dict[str, float]:
    """One `kiosk run` on new data (the demo loads each time); Qt's QML disk cache in `cache`
    lasts across runs, as on a kiosk that has started before."""
    with tempfile.TemporaryDirectory(prefix="kiosk-startup-") as home:
        env = {
            **env,
            "FANFARE_STARTUP_PROBE": "1",
            "HOME": home,
            "XDG_DATA_HOME": f"{home}/data",
            "XDG_CONFIG_HOME": f"{home}/config",
            "XDG_CACHE_HOME": cache,
            "FANFARE_LOG_DIR": f"{home}/logs",
        }
        command = [sys.executable, "-m", "kiosk.cli", "run", "--windowed", "--size", "1080x1920"]
        return timed(command, env, ("first-frame", "attract-frame"))


def line(label: str, values: list[float]) -> str:
    median, low, high = (1000 * v for v in (statistics.median(values), min(values), max(values)))
    return f"  {label:<34} median {median:6.0f} ms   (min {low:.0f}, max {high:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 runs each")
    options = parser.parse_args()
    runs = 3 if options.quick else options.runs
    for text in machine_lines():
        print(text)
    print(background_load())
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    hellos: list[float] = []
    firsts: list[float] = []
    attracts: list[float] = []
    cache = tempfile.TemporaryDirectory(prefix="kiosk-startup-cache-")
    hello(env)  # once unmeasured: the disk caches, as on a kiosk that has booted before
    kiosk(env, cache.name)
    for _ in range(runs):  # interleaved, so both see the same machine
        hellos.append(hello(env))
        marks = kiosk(env, cache.name)
        firsts.append(marks["first-frame"])
        attracts.append(marks["attract-frame"])
    cache.cleanup()
    ratio = statistics.median(firsts) / statistics.median(hellos)
    print(f"app startup: {runs} cold starts each, offscreen 1080x1920, fresh processes")
    print(line("hello QML window, first frame", hellos))
    print(line("kiosk, first frame (shell)", firsts))
    print(line("kiosk, attract with catalogue", attracts))
    print(
        f"  ratio first frame / hello          {ratio:.2f}x   target <= 2x: "
        f"{'met' if ratio <= 2 else 'NOT met'}"
    )
    full = statistics.median(attracts) / statistics.median(hellos)
    print(f"  ratio attract with catalogue / hello {full:.2f}x")


if __name__ == "__main__":
    main()
