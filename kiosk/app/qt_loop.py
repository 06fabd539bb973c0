"""qasync, imported without QtWidgets.

qasync imports PySide6.QtWidgets for one name, `QApplication`, which it asks for
`instance()` (and `processEvents()`). The kiosk is a QGuiApplication and never shows a
widget, and loading QtWidgets costs ~25 MiB of resident memory (and ~15 MB in the bundle,
which leaves it out). So, unless something already imported the real module (the tests do),
qasync gets a stand-in whose `QApplication` is QGuiApplication, which answers both the same.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from PySide6.QtGui import QGuiApplication

WIDGETS = "PySide6.QtWidgets"


def import_qasync() -> Any:
    """The qasync module, with a QtWidgets stand-in unless the real one is loaded."""
    if WIDGETS not in sys.modules:
        stand_in = types.ModuleType(WIDGETS, "Not loaded; see kiosk/app/qt_loop.py.")
        stand_in.QApplication = QGuiApplication  # type: ignore[attr-defined]
        sys.modules[WIDGETS] = stand_in
    import qasync

    return qasync
