"""PySide6 6.12.0 on Python 3.11 over-releases `None` on every void Qt call; the kiosk's guard
keeps a long-running process from aborting with "deallocating None"."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject

from kiosk.app.qml import guard_singleton_refcounts


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_qt_calls_cannot_run_none_out_of_references(qapp) -> None:
    guard_singleton_refcounts()
    item = QObject()
    before = sys.getrefcount(None)
    for _ in range(100_000):
        item.setObjectName("kiosk")  # a void call: PySide6 6.12.0 drops a reference to None
    assert sys.getrefcount(None) > 1_000_000
    assert before - sys.getrefcount(None) <= 100_000
    assert sys.getrefcount(False) > 1_000_000 and sys.getrefcount(True) > 1_000_000
