"""Layout on every supported screen: keys big enough to press, a header whose controls never
fall off the window or overlap, an attract list that shows whole items and reaches them all,
and a staff corner that stays at the same physical corner in every language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtQuick import QQuickItem

from kiosk.app.qml import Translations, create_engine
from kiosk.app.viewmodels import JourneyViewModel, KioskViewModel
from kiosk.devtools.fixtures import fixture
from kiosk.devtools.screenshot import FIXTURE_NOW, StaticSession
from tests.app.fakes import items

SIZES = [(1080, 1920), (1920, 1080), (1280, 800)]


@pytest.fixture
def load(qapp) -> Iterator:
    engines = []
    translations = Translations()

    def loader(state, mechanism=None, variant=None, *, size, language="en", large_text=False):
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
        window.grabWindow()  # a frame: layouts take their final geometry at this size
        engines.append((engine, kiosk, journey))
        return window

    yield loader
    while engines:
        engine, kiosk, journey = engines.pop()
        engine.rootObjects()[0].hide()
        del engine  # the engine first, while the view-models it binds to still exist
        del kiosk, journey
    translations.apply("en", None)


def scene_rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(item.boundingRect())


def shown(item: QQuickItem) -> bool:
    return item.isVisible() and item.width() > 0 and item.height() > 0


KEYPADS = [
    ("gated_access_code", None, None, "codeKeypad"),
    ("gated_authentication", None, None, "authKeypad"),  # phone or email: the email keys
    ("gated_authentication", None, "code", "authKeypad"),  # the one-time code: digits
    ("enterable", "queue", "code_entry", "offerKeypad"),
    ("ready", None, "staff_pin", "pinKeypad"),
]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize(("state", "mechanism", "variant", "keypad"), KEYPADS)
def test_every_key_is_at_least_64_px_square(load, state, mechanism, variant, keypad, size):
    window = load(state, mechanism, variant, size=size)
    (pad,) = [i for i in items(window) if i.objectName() == keypad and shown(i)]
    keys = [i for i in items(pad) if i.objectName().startswith("key_") and shown(i)]
    assert len(keys) >= 12
    bounds = QRectF(0, 0, window.width(), window.height())
    for key in keys:
        rect = scene_rect(key)
        assert rect.width() >= 64 and rect.height() >= 64, f"{key.objectName()} is {rect}"
        assert bounds.contains(rect), f"{key.objectName()} is outside the window: {rect}"
