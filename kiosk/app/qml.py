"""Qt glue shared by the app and the screenshot command: resources, fonts, languages, engine."""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow  # noqa: F401 - the root must come back as a QQuickWindow
from PySide6.QtQuickControls2 import QQuickStyle

logger = logging.getLogger(__name__)

QML_MODULE = "Kiosk"
FONT_FAMILY = "DejaVu Sans"
STYLE = "Basic"


# PySide6 6.12.0 on Python 3.11 over-releases shared singletons: one reference to `None` for
# each void Qt method Python calls (processEvents, QTimer.stop, ...; qasync makes several per
# callback), and to `True`/`False` when Qt calls a Python override that returns a bool
# (`eventFilter`). Before 3.12 these objects are not immortal, so a long-running kiosk would
# abort with "deallocating None" (or True/False) after some tens of thousands of calls. The
# guard adds a very large number of references to them once; at a thousand calls a second it
# lasts for decades. Remove it with a PySide6 release that is fixed.
_GUARDED_REFERENCES = 1 << 40


def guard_singleton_refcounts() -> None:
    """Work around PySide6 6.12.0's over-released singletons (no-op where they are immortal)."""
    if sys.version_info >= (3, 12):
        return
    import ctypes

    for singleton in (None, True, False, *range(-5, 257)):
        if sys.getrefcount(singleton) > _GUARDED_REFERENCES // 2:
            continue
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt: the first field
        refcount.value += _GUARDED_REFERENCES


def resources_dir() -> Path:
    """Where `resources/` is: in a frozen bundle, an installed wheel, or a source checkout."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    try:
        spec = importlib.util.find_spec("kiosk.resources")
    except ModuleNotFoundError:
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / "qml").is_dir():
            return Path(location)
    return Path(__file__).resolve().parents[2] / "resources"


def load_fonts(app: QGuiApplication, directory: Path | None = None) -> list[str]:
    """Load the shipped fonts (so no glyph is an empty box) and make DejaVu Sans the default."""
    families: list[str] = []
    for path in sorted((directory or resources_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            logger.error("cannot load the font %s", path.name)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    app.setFont(QFont(FONT_FAMILY))
    return sorted(set(families))


def pin_style() -> None:
    """One Controls style on every OS (the platform default differs and may not be bundled)."""
    guard_singleton_refcounts()
    QQuickStyle.setStyle(STYLE)


class Translations(QObject):
    """Switches the UI language live: one translator at a time, then `engine.retranslate()`."""

    def __init__(self, directory: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._directory = directory or resources_dir() / "translations"
        self._translator: QTranslator | None = None
        self.language = "en"

    def apply(self, language: str, engine: QQmlApplicationEngine | None) -> None:
        if language == self.language and (self._translator is not None or language == "en"):
            return
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            QCoreApplication.removeTranslator(self._translator)
            self._translator = None
        if language != "en":
            translator = QTranslator(self)
            if translator.load(f"kiosk_{language}", str(self._directory)):
                QCoreApplication.installTranslator(translator)
                self._translator = translator
            else:
                logger.error("no translation for %s in %s", language, self._directory)
        QLocale.setDefault(QLocale(language))
        self.language = language
        if engine is not None:
            engine.retranslate()


def create_engine(
    initial_properties: dict[str, QObject], image_providers: dict[str, Any] | None = None
) -> QQmlApplicationEngine:
    """The one engine, with the view-models injected as required properties of `Main` (and
    any image providers, before anything loads that could ask them)."""
    # Importing the view-models registers them as types of the Kiosk module, which its
    # screens declare (`required property JourneyViewModel journey`).
    import kiosk.app.viewmodels  # noqa: F401

    engine = QQmlApplicationEngine()
    engine.addImportPath(str(resources_dir() / "qml"))
    for name, provider in (image_providers or {}).items():
        engine.addImageProvider(name, provider)
    engine.setInitialProperties(initial_properties)
    engine.loadFromModule(QML_MODULE, "Main")
    if not engine.rootObjects():
        raise RuntimeError("the kiosk's QML did not load; see the QML errors above")
    return engine
