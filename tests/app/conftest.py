"""Qt tests: offscreen, one pinned style, the shipped fonts, asyncio on the Qt loop.

The loop factory hook below applies to the tests in this folder only (pytest's per-path
hooks), so the other test packages keep their default event loop.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from kiosk.app.qml import load_fonts, pin_style


def _qt_app() -> QApplication:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    return app


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict:
    return {"qasync": lambda: qasync.QEventLoop(_qt_app(), already_running=False)}


@pytest.fixture(scope="session", autouse=True)
def _qt_ready(qapp: QApplication) -> Iterator[None]:
    pin_style()
    load_fonts(qapp)
    yield
    # Collect the Qt wrappers while Qt is still fully alive, not in interpreter shutdown.
    gc.collect()
