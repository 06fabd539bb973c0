"""`kiosk run` with no graphical session says so and names the headless options."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.app.launch import missing_display

ROOT = Path(__file__).parents[2]


def test_kiosk_run_without_a_display_explains_and_exits_2(tmp_path: Path) -> None:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), FANFARE_LOG_DIR=str(tmp_path / "logs"))

    result = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "run"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
    )

    assert result.returncode == 2, result.stdout + result.stderr
    assert "needs a graphical session" in result.stderr
    for option in ("--self-test", "kiosk screenshot", "QT_QPA_PLATFORM=offscreen"):
        assert option in result.stderr
    assert "libxcb-cursor0" not in result.stderr


@pytest.mark.parametrize(
    ("environ", "missing"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, True),
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "wayland"}, False),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "eglfs"}, False),
    ],
)
def test_a_display_is_needed_only_for_x11_or_wayland(
    environ: dict[str, str], missing: bool
) -> None:
    assert missing_display(environ, "linux") is missing
    assert missing_display(environ, "win32") is False
