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

from kiosk.app.brand import Brand, BrandError, default_brand

logger = logging.getLogger(__name__)

QML_MODULE = "Kiosk"
FONT_FAMILY = "Inter"
# Arabic text: the shipped face Qt falls back to when the brand's family has no Arabic glyphs.
ARABIC_FONT_FAMILY = "Noto Sans Arabic"
_ARABIC_FILES = "NotoSansArabic"  # resources/fonts/NotoSansArabic-*.ttf
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


def load_fonts(
    app: QGuiApplication, directory: Path | None = None, *, arabic: bool = True
) -> list[str]:
    """Load the shipped fonts (so no glyph is an empty box) and make Inter the default.

    `arabic=False` leaves the Arabic face for `load_arabic_font` (`kiosk run` loads it after
    the first frame unless the kiosk starts in Arabic); text in Arabic needs it loaded."""
    families: list[str] = []
    for path in sorted((directory or resources_dir() / "fonts").glob("*.ttf")):
        if not arabic and path.name.startswith(_ARABIC_FILES):
            continue
        families += _add_font(path)
    # Arabic glyphs come from the Arabic face, not whatever the system has (if anything).
    QFont.insertSubstitution(FONT_FAMILY, ARABIC_FONT_FAMILY)
    font = QFont(FONT_FAMILY)
    font.setFamilies([FONT_FAMILY, ARABIC_FONT_FAMILY])
    app.setFont(font)
    return sorted(set(families))


def load_arabic_font(directory: Path | None = None) -> list[str]:
    """The Arabic face, when `load_fonts(..., arabic=False)` left it out."""
    families: list[str] = []
    for path in sorted((directory or resources_dir() / "fonts").glob(f"{_ARABIC_FILES}*.ttf")):
        families += _add_font(path)
    return sorted(set(families))


def _add_font(path: Path) -> list[str]:
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        logger.error("cannot load the font %s", path.name)
        return []
    return list(QFontDatabase.applicationFontFamilies(font_id))


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
    initial_properties: dict[str, QObject],
    image_providers: dict[str, Any] | None = None,
    brand: Brand | None = None,
    *,
    reduced_motion: bool = False,
) -> QQmlApplicationEngine:
    """The one engine, with the view-models injected as required properties of `Main` (and
    any image providers, before anything loads that could ask them).

    The brand (the demo's when none is given) fills the Theme singleton before `Main` loads,
    and the icons are served to QML as `image://icons/<name>/<colour>`.
    """
    # Importing the view-models registers them as types of the Kiosk module, which its
    # screens declare (`required property JourneyViewModel journey`).
    import kiosk.app.viewmodels  # noqa: F401

    # Imported here, not at the top: QtSvg is not needed for the shell's first frame.
    from kiosk.app.icons import ICON_PROVIDER, IconProvider

    engine = QQmlApplicationEngine()
    engine.addImportPath(str(resources_dir() / "qml"))
    for name, provider in (image_providers or {}).items():
        engine.addImageProvider(name, provider)
    engine.addImageProvider(ICON_PROVIDER, IconProvider(resources_dir() / "icons"))
    apply_brand(engine, brand or default_brand(resources_dir()), reduced_motion=reduced_motion)
    engine.setInitialProperties(initial_properties)
    engine.loadFromModule(QML_MODULE, "Main")
    if not engine.rootObjects():
        raise RuntimeError("the kiosk's QML did not load; see the QML errors above")
    return engine


def check_font(brand: Brand) -> None:
    """The brand's typeface must be shipped or installed (after `load_fonts`)."""
    families = QFontDatabase.families()
    if brand.font_family not in families:
        raise BrandError(
            f"brand.font_family = {brand.font_family!r} is not installed on this kiosk; use "
            f"{FONT_FAMILY!r} (shipped) or one of the installed families: "
            f"{', '.join(families[:8])}{', ...' if len(families) > 8 else ''}"
        )


def apply_brand(engine: QQmlApplicationEngine, brand: Brand, *, reduced_motion: bool) -> None:
    """Fill the Theme singleton from the brand (before anything binds to it)."""
    check_font(brand)
    QFont.insertSubstitution(brand.font_family, ARABIC_FONT_FAMILY)
    theme = engine.singletonInstance(QML_MODULE, "Theme")
    if theme is None:
        raise RuntimeError("the kiosk's Theme singleton did not load; see the QML errors above")
    for name, value in brand.theme_values().items():
        if not theme.setProperty(name, value):
            raise RuntimeError(f"the Theme has no property {name}")
    theme.setProperty("reducedMotionSetting", reduced_motion)
