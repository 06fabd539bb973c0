"""The kiosk's first frame: the attract screen's shell, on screen before the rest starts.

`kiosk run` shows it before it imports the SDK, the session and the venue server (a cold start
is mostly those imports), then hands over to the real window once that has drawn its own
first frame. It knows no experience and offers nothing to press, so it cannot show anything
that is not true yet. Imports only Qt and `kiosk.app.qml`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QWindow
from PySide6.QtQml import QQmlApplicationEngine

from kiosk.app.qml import QML_MODULE, resources_dir

logger = logging.getLogger(__name__)

STARTING = "Starting"  # resources/qml/Kiosk/Starting.qml


class StartingScreen(QObject):
    """The shell window: `show()`, `wait_for_first_frame()`, then `hand_over(window)`."""

    def __init__(self, *, language: str = "en", directory: Path | None = None) -> None:
        super().__init__()
        self._directory = directory or resources_dir()
        self._language = language
        self._engine: QQmlApplicationEngine | None = None
        self._translator: QTranslator | None = None
        self.window: QWindow | None = None
        self.framed = False  # the shell has swapped a frame
        self.closed = False

    def show(self, *, fullscreen: bool, size: tuple[int, int]) -> QWindow:
        self._install_translation()
        engine = QQmlApplicationEngine()
        engine.addImportPath(str(self._directory / "qml"))
        engine.loadFromModule(QML_MODULE, STARTING)
        if not engine.rootObjects():
            shiboken6.delete(engine)
            raise RuntimeError("the kiosk's starting screen did not load; see the QML errors")
        self._engine = engine
        window = engine.rootObjects()[0]
        assert isinstance(window, QWindow)
        window.frameSwapped.connect(self._on_frame)
        if fullscreen:
            window.showFullScreen()
        else:
            window.resize(*size)
            window.show()
        self.window = window
        return window

    def wait_for_first_frame(self, timeout_ms: int = 3000) -> bool:
        """Run Qt's events until the shell is on screen (bounded: never hang a start)."""
        if self.framed or self.window is None:
            return self.framed
        loop = QEventLoop()
        self.window.frameSwapped.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        self.window.frameSwapped.disconnect(loop.quit)
        if not self.framed:
            logger.warning("the starting screen drew no frame within %d ms", timeout_ms)
        return self.framed

    def hand_over(self, window: QWindow) -> None:
        """Close the shell once `window` (shown on top of it) has swapped its first frame, so
        the screen never shows neither of them."""
        if self.closed:
            return

        def swapped() -> None:
            QObject.disconnect(connection)  # False (and harmless) for a second queued frame
            self.close()

        # Queued: a threaded render loop emits frameSwapped on its render thread.
        connection = window.frameSwapped.connect(swapped, Qt.ConnectionType.QueuedConnection)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.window is not None:
            self.window.hide()
            self.window = None
        if self._engine is not None:
            shiboken6.delete(self._engine)
            self._engine = None
        if self._translator is not None:
            QCoreApplication.removeTranslator(self._translator)
            self._translator = None

    def _on_frame(self) -> None:
        self.framed = True

    def _install_translation(self) -> None:
        if self._language == "en":
            return
        translator = QTranslator(self)
        if translator.load(f"kiosk_{self._language}", str(self._directory / "translations")):
            QCoreApplication.installTranslator(translator)
            self._translator = translator
