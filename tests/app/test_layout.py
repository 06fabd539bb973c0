"""Layout on every supported screen: keys big enough to press, a header whose controls never
fall off the window or overlap, an attract list that shows whole items and reaches them all,
and a staff corner that stays at the same physical corner in every language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtQuick import QQuickItem

from kiosk.app.qml import Translations, create_engine
from kiosk.app.viewmodels import JourneyViewModel, KioskViewModel
from kiosk.devtools.fixtures import fixture
from kiosk.devtools.fixtures import gallery as fixture_gallery
from kiosk.devtools.screenshot import FIXTURE_NOW, StaticSession
from tests.app.fakes import click, get, items
from tests.app.test_kiosk_app import Driver, embedded, running, settle
from tests.fakes import FakeClock

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


# The real app on the real embedded venue, as a customer uses it.

VIP = "VIP early access: Aurora 1 Retro"  # a long name, and a "Have a code?" in the header


def drawn(kiosk: Driver) -> None:
    kiosk.window.grabWindow()  # a frame: layouts that changed take their final geometry


async def resize(kiosk: Driver, size: tuple[int, int]) -> None:
    kiosk.window.resize(*size)
    drawn(kiosk)
    await settle()
    drawn(kiosk)


async def press(kiosk: Driver, name: str) -> None:
    drawn(kiosk)
    await kiosk.tap(name)


async def choose(kiosk: Driver, language: str, *, large_text: bool) -> None:
    await press(kiosk, "languageMenuButton")
    await press(kiosk, f"language_{language}")
    if large_text:
        await press(kiosk, "languageMenuButton")
        await press(kiosk, "largeTextButton")
        drawn(kiosk)
        click(kiosk.window, get(kiosk.window, "languageMenuButton"))  # closes the menu
        await settle()
    drawn(kiosk)


def header_parts(kiosk: Driver) -> list[QQuickItem]:
    header = get(kiosk.window, "experienceName").parentItem()
    return [i for i in header.childItems() if shown(i)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize(("language", "large_text"), [("en", True), ("ar", False), ("ar", True)])
async def test_the_header_keeps_its_parts_apart_and_on_screen(
    qapp, tmp_path, size, language, large_text
) -> None:
    async with running(embedded(tmp_path), FakeClock()) as kiosk:
        await resize(kiosk, size)
        await kiosk.tap_text(VIP)
        await press(kiosk, "startButton")
        await choose(kiosk, language, large_text=large_text)
        assert kiosk.app.kiosk.property("largeText") is large_text
        assert get(kiosk.window, "haveCodeButton").isVisible()

        window = QRectF(0, 0, *size)
        parts = header_parts(kiosk)
        assert {p.objectName() for p in parts} >= {"experienceName", "languageBar"}
        for part in parts:
            assert window.contains(scene_rect(part)), f"{part.objectName()} is off screen"
        for index, part in enumerate(parts):
            for other in parts[index + 1 :]:
                overlap = scene_rect(part).intersected(scene_rect(other))
                assert overlap.isEmpty(), f"{part.objectName()} overlaps {other.objectName()}"
        name = get(kiosk.window, "experienceName")
        assert not name.property("truncated")
        assert name.property("text") == kiosk.app.journey.property("experienceName")
        corner = scene_rect(get(kiosk.window, "staffCorner"))
        for part in parts:
            # Text and the logo under the corner are no controls.
            if part.objectName() not in ("experienceName", "brandLogo"):
                assert corner.intersected(scene_rect(part)).isEmpty(), part.objectName()

        # Large text can always be turned off again, from the menu in the header.
        await press(kiosk, "languageMenuButton")
        switch = get(kiosk.window, "largeTextButton")
        assert window.contains(scene_rect(switch))
        await press(kiosk, "largeTextButton")
        assert kiosk.app.kiosk.property("largeText") is not large_text


async def long_press(kiosk: Driver, item: QQuickItem) -> None:
    """A long press at `item`'s centre. The hold is a Qt timer: set to 0 ms here (after
    checking the real 3 s) so the test does not wait for it."""
    assert item.property("pressAndHoldInterval") == 3000
    item.setProperty("pressAndHoldInterval", 0)
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    send = QCoreApplication.sendEvent
    left = Qt.MouseButton.LeftButton
    send(kiosk.window, mouse(QEvent.Type.MouseButtonPress, kiosk, centre, left))
    await settle()
    send(
        kiosk.window, mouse(QEvent.Type.MouseButtonRelease, kiosk, centre, Qt.MouseButton.NoButton)
    )
    await settle()


def mouse(kind: QEvent.Type, kiosk: Driver, at: QPointF, buttons: Qt.MouseButton) -> QMouseEvent:
    return QMouseEvent(
        kind,
        at,
        kiosk.window.mapToGlobal(at),
        Qt.MouseButton.LeftButton,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )


@pytest.mark.parametrize("screen", ["attract", "header"])
async def test_the_staff_corner_is_top_left_in_every_language(qapp, tmp_path, screen) -> None:
    async with running(embedded(tmp_path), FakeClock()) as kiosk:
        if screen == "header":
            await kiosk.tap_text(VIP)
        drawn(kiosk)
        english = scene_rect(get(kiosk.window, "staffCorner"))
        assert (english.x(), english.y()) == (0, 0)
        await press(kiosk, "languageMenuButton")
        await press(kiosk, "language_ar")
        drawn(kiosk)
        assert kiosk.app.kiosk.property("rightToLeft")
        corner = get(kiosk.window, "staffCorner")
        assert scene_rect(corner) == english
        controls = [
            i
            for i in items(kiosk.window)
            if shown(i) and i.metaObject().indexOfProperty("checkable") >= 0
        ]
        for control in controls:
            assert scene_rect(control).intersected(english).isEmpty(), control.objectName()

        await long_press(kiosk, corner)
        drawn(kiosk)
        assert get(kiosk.window, "pinKeypad").isVisible()  # the staff PIN, not A+
        assert kiosk.app.kiosk.property("largeText") is False


def list_rows(kiosk: Driver) -> tuple[QRectF, list[QQuickItem]]:
    view = get(kiosk.window, "experienceList")
    rows = [i for i in items(view) if i.objectName().startswith("experience_") and shown(i)]
    return scene_rect(view), rows


@pytest.mark.parametrize("size", SIZES, ids=lambda s: "x".join(map(str, s)))
async def test_the_attract_list_shows_whole_rows_and_reaches_every_experience(
    qapp, tmp_path, size
) -> None:
    async with running(embedded(tmp_path), FakeClock()) as kiosk:
        await resize(kiosk, size)
        names = [e["name"] for e in kiosk.app.kiosk.property("experiences")]
        assert len(names) > 3
        seen: set[str] = set()
        for _ in range(len(names)):
            viewport, rows = list_rows(kiosk)
            assert QRectF(0, 0, *size).contains(viewport)
            for row in rows:
                rect = scene_rect(row)
                if rect.intersects(viewport):  # a row in view is whole, never cut
                    assert viewport.contains(rect), f"{row.property('text')} is cut: {rect}"
                    seen.add(row.property("text"))
            bar = get(kiosk.window, "experienceScrollBar")
            assert bar.isVisible() and bar.width() >= 12
            more = get(kiosk.window, "moreExperiencesButton")
            if more.property("text") == "Back to the top":
                break
            await press(kiosk, "moreExperiencesButton")
            drawn(kiosk)
        assert seen == set(names)
        await press(kiosk, "moreExperiencesButton")  # back to the top
        drawn(kiosk)
        assert get(kiosk.window, "experienceList").property("atYBeginning")


# Large text reflows, never clips: every screen of the gallery, at every size, in every language.

SLACK = 1.5  # px: antialiasing and rounding


def texts_shown(window) -> list[QQuickItem]:
    """The Text items a customer could read: visible, not transparent, with something in them."""
    found = []
    for item in items(window):
        if item.metaObject().className() != "QQuickText" and not item.inherits("QQuickText"):
            continue
        if not shown(item) or not item.property("text") or item.opacity() == 0:
            continue
        found.append(item)
    return found


def scrolling_ancestor(item: QQuickItem) -> QQuickItem | None:
    """The nearest Flickable around `item` that scrolls (its content is larger than it): what it
    clips is reachable by scrolling. The journey screens show a scroll bar when they scroll."""
    parent = item.parentItem()
    while parent is not None:
        if parent.inherits("QQuickFlickable"):
            more = parent.property("contentHeight") > parent.height() + 1
            wider = parent.property("contentWidth") > parent.width() + 1
            if more or wider:
                return parent
        parent = parent.parentItem()
    return None


def reflow_problems(window, size: tuple[int, int]) -> list[str]:
    bounds = QRectF(0, 0, *size).adjusted(-SLACK, -SLACK, SLACK, SLACK)
    problems = []
    for text in texts_shown(window):
        label = f"{text.objectName() or 'text'} {text.property('text')[:40]!r}"
        rect = scene_rect(text)
        if text.property("truncated"):
            problems.append(f"{label} is truncated")
        # Text painted outside its own box: it overlaps what is next to it.
        if text.property("contentWidth") > text.width() + SLACK:
            problems.append(f"{label} is wider than its box")
        if text.property("contentHeight") > text.height() + SLACK + 2:
            problems.append(f"{label} is taller than its box")
        scroller = scrolling_ancestor(text)
        if scroller is None and not bounds.contains(rect):
            problems.append(f"{label} is outside the window: {rect}")
        parent = text.parentItem()
        while parent is not None:
            if parent.clip() and parent is not scroller and not parent.inherits("QQuickFlickable"):
                box = scene_rect(parent).adjusted(-SLACK, -SLACK, SLACK, SLACK)
                if not box.contains(rect):
                    problems.append(f"{label} is clipped by {parent.objectName() or 'an item'}")
            parent = parent.parentItem()
    for scroller in {scrolling_ancestor(text) for text in texts_shown(window)} - {None}:
        bars = [i for i in scroller.childItems() if i.inherits("QQuickScrollBar") and shown(i)]
        if not bars:
            problems.append(f"{scroller.objectName()} scrolls with no scroll bar to say so")
    return problems


def gallery_ids(shot) -> str:
    return "-".join(part for part in shot if part)


GALLERY = fixture_gallery()


@pytest.mark.parametrize("language", ["en", "es", "ar"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("shot", GALLERY, ids=gallery_ids)
def test_large_text_reflows_and_is_never_cut(load, shot, size, language) -> None:
    state, mechanism, variant = shot
    window = load(state, mechanism, variant, size=size, language=language, large_text=True)
    assert reflow_problems(window, size) == []
