# PyInstaller runtime hook (packaging/kiosk.spec): the bundle leaves out QtWidgets (its library
# and binding are ~14 MB), which the kiosk never uses; qasync imports it only for
# `QApplication.instance()` (and `processEvents()`), which QGuiApplication answers the same.
# ruff: noqa
import sys
import types

from PySide6 import QtGui

if "PySide6.QtWidgets" not in sys.modules:
    _widgets = types.ModuleType("PySide6.QtWidgets")
    _widgets.__doc__ = "Not bundled; see packaging/pyi_rth_qasync_no_widgets.py."
    _widgets.QApplication = QtGui.QGuiApplication
    sys.modules["PySide6.QtWidgets"] = _widgets
