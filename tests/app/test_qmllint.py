"""qmllint over every QML file of the Kiosk module: 0 warnings.

The view-models' `.qmltypes` lets qmllint check every property and slot a screen uses, so a
typo in a binding fails here instead of on a screen nobody opened in review.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.app.qml import resources_dir

_QMLLINT = Path(sys.executable).with_name("pyside6-qmllint")


def _qmllint() -> str | None:
    if _QMLLINT.is_file():
        return str(_QMLLINT)
    return shutil.which("pyside6-qmllint")


def test_every_qml_file_lints_without_a_warning() -> None:
    qmllint = _qmllint()
    if qmllint is None:
        pytest.skip("pyside6-qmllint is not installed (it ships with PySide6-Essentials)")
    imports = resources_dir() / "qml"
    # Absolute paths: with relative ones qmllint does not match a file to its qmldir entry.
    files = sorted(str(path.resolve()) for path in (imports / "Kiosk").rglob("*.qml"))
    assert len(files) > 40
    result = subprocess.run(
        [qmllint, "--json", "-", "-I", str(imports.resolve()), *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(result.stdout)
    problems = [
        f"{Path(entry['filename']).relative_to(imports.resolve())}:{warning.get('line', '?')}: "
        f"{warning.get('message')} [{warning.get('id', '')}]"
        for entry in report["files"]
        for warning in entry["warnings"]
        if warning.get("type") != "info"
    ]
    assert [entry["filename"] for entry in report["files"]] == files
    assert problems == [], "\n".join(problems)
    assert all(entry["success"] for entry in report["files"]), result.stderr
