"""Every screen loads for every state and language with no QML warning (a warning fails the
test: `qt_log_level_fail = "WARNING"`), shows the right screen, and keeps the kiosk's rules:
every control has an accessible name and a touch target of at least 48 px at 1080p."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from PySide6.QtQuick import QQuickItem

from kiosk.app.qml import Translations, create_engine
from kiosk.app.viewmodels import JourneyViewModel, KioskViewModel
from kiosk.devtools.fixtures import fixture, gallery, resolve_state
from kiosk.devtools.screenshot import FIXTURE_NOW, StaticSession
from kiosk.session.presenter import SCREENS
from tests.app.fakes import find, get, items, left, texts

LANGUAGES = ["en", "es", "ar"]
EXTRA = [
    ("participating", "auction", "outbid"),
    ("dutch_auction", None, "bought"),
    ("granted", None, "bought"),
    ("participating", "queue", "stale"),
    ("participating", "queue", "qualitative"),
    ("participating", "queue", "paused"),
    ("participating", "appointment", "reschedule"),
    ("gated_access_code", None, "invalid"),
    ("gated_authentication", None, "code"),
    ("gated_authentication", None, "unavailable"),
    ("gated_bot_check", None, "blocked"),
    ("scheduled", None, "waitlisted"),
    ("scheduled", None, "notified"),
    ("granted", None, "pending"),
    ("granted", None, "go_to"),
    ("ended", None, "won"),
    ("ended", None, "lost"),
    ("attract", None, "single"),
    ("attract", None, "offline"),
    ("attract", None, "second_card"),
    ("attract", None, "no_image"),
    ("enterable", "queue", "code_entry"),
    ("ready", None, "idle"),
    ("participating", "draw", "presence"),
    ("ready", None, "toast"),
    ("ready", None, "staff_pin"),
    ("ready", None, "staff_settings"),
]


@pytest.fixture
def load(qapp) -> Iterator:
    engines = []
    translations = Translations()

    def loader(
        state, mechanism=None, variant=None, language="en", size=(1080, 1920), large_text=False
    ):
        data = fixture(state, mechanism, variant, now=FIXTURE_NOW, language=language)
        data.kiosk.large_text = large_text
        session = StaticSession(data)
        kiosk, journey = KioskViewModel(session), JourneyViewModel(session)
        translations.apply(language, None)
        engine = create_engine({"kiosk": kiosk, "journey": journey})
        window = engine.rootObjects()[0]
        window.resize(*size)
        window.show()
        qapp.processEvents()
        window.grabWindow()  # one frame: layouts take their final geometry
        engines.append((engine, kiosk, journey))
        return window

    yield loader
    while engines:
        engine, kiosk, journey = engines.pop()
        engine.rootObjects()[0].hide()
        del engine  # the engine first, while the view-models it binds to still exist
        del kiosk, journey
    translations.apply("en", None)


def controls(window: QObject) -> list[QQuickItem]:
    """The visible buttons (every touch control in the kiosk is a button)."""
    return [
        item
        for item in items(window)
        if item.metaObject().indexOfProperty("checkable") >= 0 and item.isVisible()
    ]


def test_the_gallery_covers_every_screen() -> None:
    assert {resolve_state(state, mechanism) for state, mechanism, _ in gallery()} == set(SCREENS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("state", "mechanism", "variant"), gallery() + EXTRA)
def test_every_screen_loads_in_every_language(load, state, mechanism, variant, language) -> None:
    window = load(state, mechanism, variant, language)
    screen = resolve_state(state, mechanism)
    assert find(window, f"screen_{screen}") is not None
    for control in controls(window):
        name = control.objectName() or control.property("text")
        assert control.height() >= 48, f"{name} is {control.height()} px high"
    assert "fixture-token-never-shown" not in " ".join(texts(window))


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
@pytest.mark.parametrize(("state", "mechanism", "variant"), gallery())
def test_every_screen_loads_in_landscape_and_on_tablets(load, state, mechanism, variant, size):
    window = load(state, mechanism, variant, "en", size)
    assert find(window, f"screen_{resolve_state(state, mechanism)}") is not None


def test_arabic_mirrors_the_layout_and_translates(load) -> None:
    window = load("ready", language="ar")
    assert get(window, "startButton").property("text") not in ("", "Start")
    # Mirrored: the experience name sits at the right of the header, the languages at the left.
    assert left(get(window, "experienceName")) > left(get(window, "languageMenuButton"))


def test_every_control_in_the_qml_has_an_accessible_name() -> None:
    import re

    from kiosk.app.qml import resources_dir

    for path in sorted((resources_dir() / "qml" / "Kiosk").rglob("*.qml")):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\b(MouseArea|KioskButton) \{", source):
            block = source[match.end() : match.end() + 900]
            depth, end = 1, 0
            for index, char in enumerate(block):
                depth += {"{": 1, "}": -1}.get(char, 0)
                if depth == 0:
                    end = index
                    break
            body = block[:end]
            named = "Accessible.name" in body or (
                match.group(1) == "KioskButton" and re.search(r"\btext:", body)
            )
            assert named, f"{path.name}: a {match.group(1)} without an accessible name"


def test_spanish_translates(load) -> None:
    window = load("participating", "queue", language="es")
    assert get(window, "screenTitle").property("text") == "Estás en la fila"
