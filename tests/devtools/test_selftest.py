"""`kiosk run --self-test`: a Qt warning fails it, and each warning is shown."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QtMsgType, qWarning

from kiosk.devtools.selftest import QtWarnings, _verdict, counts_as_warning


@pytest.mark.qt_log_ignore("a binding went wrong")
def test_qt_warnings_are_recorded_while_the_self_test_runs() -> None:
    with QtWarnings() as warnings:
        qWarning("a binding went wrong")
    qWarning("a binding went wrong")  # after: no longer recorded

    assert warnings.messages == ["a binding went wrong"]


def test_a_warning_fails_a_walk_that_worked_and_is_shown() -> None:
    said: list[str] = []

    code = _verdict(0, ["Main.qml:12: TypeError: Cannot read property 'x' of null"], said.append)

    assert code == 1
    assert "Qt warning: Main.qml:12: TypeError: Cannot read property 'x' of null" in said
    assert said[-1].startswith("FAILED") and "1 warning" in said[-1]
    assert not any("PASSED" in line for line in said)


def test_no_warning_and_a_walk_that_worked_passes() -> None:
    said: list[str] = []

    assert _verdict(0, [], said.append) == 0
    assert said == ["PASSED"]
    assert _verdict(1, [], said.append) == 1  # a failed step keeps its own code


def test_a_qml_engine_diagnostic_at_info_level_counts_but_console_info_does_not() -> None:
    loader = SimpleNamespace(category="default", file="file:///k/Kiosk/Main.qml")
    console = SimpleNamespace(category="qml", file="file:///k/Kiosk/Main.qml")
    python = SimpleNamespace(category="default", file=None)

    assert counts_as_warning(QtMsgType.QtInfoMsg, loader)  # "Cannot create delegate"
    assert not counts_as_warning(QtMsgType.QtInfoMsg, console)
    assert not counts_as_warning(QtMsgType.QtInfoMsg, python)
    assert not counts_as_warning(QtMsgType.QtDebugMsg, loader)
    assert counts_as_warning(QtMsgType.QtWarningMsg, python)
