"""The attract loop: a large card per experience (image, name, description, live status),
rotating, one tap starting that experience; images only when they are there (no QML
warning: `qt_log_level_fail = "WARNING"` fails a test on any), and the real app's walk."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QMetaObject, QObject, QSize, QTime
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtQuick import QQuickItem

from kiosk.app.media import VenueImageProvider, image_decodes
from kiosk.session.media import MediaShelf
from kiosk.venue.cli import database_path
from kiosk.venue.demo import load_demo
from kiosk.venue.domain.catalog import ExperienceMedia, ExperienceUpdate
from kiosk.venue.http.media_api import shipped_media_dir
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.app.fakes import get
from tests.app.test_kiosk_app import Driver, embedded, running
from tests.app.test_screens import load  # noqa: F401 - the screen loader fixture
from tests.fakes import FakeClock


def accessible_name(item: QQuickItem) -> str:
    interface = QAccessible.queryAccessibleInterface(item)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


@pytest.fixture
def attract(load):  # noqa: F811
    """The attract screen from its fixture (the shared loader of tests/app/test_screens.py)."""
    return lambda variant=None, **options: load("attract", None, variant, **options)


def card_text(window: QObject, name: str) -> str:
    return str(get(window, name).property("text"))


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080), (1280, 800)])
def test_the_card_shows_image_name_description_and_live_status(attract, size) -> None:
    window = attract(size=size)

    hero = get(window, "attractHero")
    assert hero.isVisible()  # only once the image is ready
    assert hero.property("sourceSize").width() > 0
    assert card_text(window, "attractName") == "Sneaker drop: Aurora 1"
    assert card_text(window, "attractDescription").startswith("The Aurora 1 in glacier blue")
    assert card_text(window, "attractStatusText") == "142 in line · about 7 min"
    card = get(window, "attractCard")
    assert accessible_name(card) == "Sneaker drop: Aurora 1. 142 in line · about 7 min"
    assert card.width() > window.width() * 0.5  # large: the loop, not a list of buttons


@pytest.mark.parametrize(
    ("language", "status"),
    # Each language's own digits.
    [
        ("es", "142 en la fila · unos 7 min"),
        ("ar", "\u0661\u0664\u0662 في الطابور · حوالي \u0667 دقيقة"),
    ],
)
def test_the_card_speaks_the_customers_language(attract, language, status) -> None:
    window = attract(language=language)

    assert card_text(window, "attractStatusText") == status
    assert card_text(window, "attractName") != "Sneaker drop: Aurora 1"


def test_a_draw_says_when_it_closes(attract) -> None:
    window = attract(variant="second_card")

    # The venue's 14:00 in the locale's short form (2:00 PM in English).
    closes = QLocale("en").toString(QTime(14, 0), QLocale.FormatType.ShortFormat)
    assert card_text(window, "attractStatusText") == f"Draw closes {closes}"


def test_an_experience_whose_image_is_not_there_shows_without_it(attract) -> None:
    window = attract(variant="no_image")

    assert not get(window, "attractHero").isVisible()
    assert card_text(window, "attractName") == "Personal fitting appointments"
    assert card_text(window, "attractStatusText") == "Open now"


def test_the_loop_rotates_and_waits_while_focused(attract) -> None:
    # Large text: reduced motion, so a turn is immediate (no animation to wait for).
    window = attract(large_text=True)
    screen = get(window, "screen_attract")
    rotation = next(o for o in screen.findChildren(QObject) if o.objectName() == "attractRotation")
    assert rotation.property("running")

    QMetaObject.invokeMethod(screen, "advance")
    assert card_text(window, "attractName") == "Signed vinyl: first pressing"

    card = get(window, "attractCard")
    card.forceActiveFocus()
    assert not rotation.property("running")  # a screen reader on the card keeps it there


def test_every_experience_stays_reachable_in_the_list(attract) -> None:
    window = attract()

    rows = [get(window, f"experience_{n}") for n in range(3)]
    assert [accessible_name(row) for row in rows] == [
        "Sneaker drop: Aurora 1",
        "Signed vinyl: first pressing",
        "Personal fitting appointments",
    ]
    # Thumbnails where the venue has them; none (and no warning) where it has not.
    assert get(window, "experienceThumb_0").isVisible()
    assert not get(window, "experienceThumb_2").isVisible()


def test_only_images_that_decode_are_held(qapp) -> None:
    hero = (shipped_media_dir() / "aurora-drop-hero.png").read_bytes()

    assert image_decodes(hero)
    assert not image_decodes(b"\x89PNG\r\n\x1a\n broken")
    assert not image_decodes(b"")
    assert not image_decodes(hero[: len(hero) // 3])  # a truncated file: a header, no pixels


async def test_the_provider_gives_held_images_and_never_a_broken_one(qapp) -> None:
    hero = (shipped_media_dir() / "aurora-drop-hero.png").read_bytes()

    async def fetch(url: str) -> bytes | None:
        return hero

    shelf = MediaShelf(fetch, image_decodes)
    await shelf.fill(["/media/aurora-drop-hero.png"])
    provider = VenueImageProvider(shelf)

    size = QSize()
    image = provider.requestImage("1", size, QSize())
    assert (image.width(), image.height()) == (1200, 800) == (size.width(), size.height())
    # Decoded at the size shown (a card or a thumbnail sets sourceSize.width only), never
    # at the file's size, and never enlarged.
    card = provider.requestImage("1", QSize(), QSize(600, 0))
    assert (card.width(), card.height()) == (600, 400)
    thumb = provider.requestImage("1", QSize(), QSize(0, 100))
    assert (thumb.width(), thumb.height()) == (150, 100)
    both = provider.requestImage("1", QSize(), QSize(100, 100))
    assert (both.width(), both.height()) == (150, 100)
    larger = provider.requestImage("1", QSize(), QSize(2400, 0))
    assert (larger.width(), larger.height()) == (1200, 800)
    unknown = provider.requestImage("99", QSize(), QSize())
    assert isinstance(unknown, QImage) and not unknown.isNull()


# -- the real app: real QML, session, SDK and embedded venue --------------------------------


async def test_a_customer_taps_the_rotating_card_and_reaches_that_experience(
    qapp, tmp_path
) -> None:
    async with running(embedded(tmp_path), FakeClock()) as kiosk:
        card = await shown_card(kiosk)
        assert card_text(kiosk.window, "attractName") == "Sneaker drop: Aurora 1"
        hero = get(kiosk.window, "attractHero")
        assert hero.isVisible()  # fetched from the venue through the SDK
        assert "in line" in card_text(kiosk.window, "attractStatusText")

        # The loop's next turn (large text: reduced motion, so the turn is immediate).
        await kiosk.tap("languageMenuButton")
        await kiosk.tap("largeTextButton")
        await kiosk.tap("attractPrompt")  # a tap outside closes the menu
        assert not kiosk.window.findChild(QObject, "languageMenu").property("visible")
        QMetaObject.invokeMethod(get(kiosk.window, "screen_attract"), "advance")
        kiosk.draw()
        assert card_text(kiosk.window, "attractName") == "VIP early access: Aurora 1 Retro"
        await kiosk.tap("attractCard")

        assert kiosk.on_screen("ready")
        header = get(kiosk.window, "experienceName").property("text")
        assert header == "VIP early access: Aurora 1 Retro"
        assert card is not None


async def test_a_missing_image_leaves_the_card_without_it(qapp, tmp_path) -> None:
    _venue_with_a_missing_image(tmp_path)
    async with running(embedded(tmp_path), FakeClock()) as kiosk:
        for _ in range(3):
            await kiosk.advance(1)
        kiosk.draw()
        assert card_text(kiosk.window, "attractName") == "Sneaker drop: Aurora 1"
        assert not get(kiosk.window, "attractHero").isVisible()
        await kiosk.tap("attractCard")
        assert kiosk.on_screen("ready")


async def shown_card(kiosk: Driver) -> QQuickItem:
    """Wait (on the fake clock) until the loop shows an experience with its image."""
    for _ in range(30):
        kiosk.draw()
        hero = get(kiosk.window, "attractHero")
        if card_text(kiosk.window, "attractName") and hero.isVisible():
            return get(kiosk.window, "attractCard")
        await kiosk.advance(1)
    raise AssertionError("the attract loop never showed an experience with its image")


def _venue_with_a_missing_image(data_dir: Path) -> None:
    """The demo, with the first experience's image gone from the venue."""
    store = SqliteStore(database_path(data_dir / "venue"))
    try:
        service = VenueService(store, FakeClock())
        load_demo(service)
        first = min(service.experiences.values(), key=lambda e: e.created_at)
        missing = ExperienceMedia(hero="/media/gone-hero.png", thumbnail="/media/../x.png")
        service.catalog.update_experience(first.id, ExperienceUpdate(media=missing))
    finally:
        store.close()
