"""The brand reaches the screens: fonts, the Theme singleton, icons, the logo, motion."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFontDatabase

from kiosk.app.brand import Brand, BrandColors, BrandError, default_brand
from kiosk.app.icons import IconProvider
from kiosk.app.qml import (
    ARABIC_FONT_FAMILY,
    FONT_FAMILY,
    Translations,
    check_font,
    create_engine,
    resources_dir,
)
from kiosk.app.viewmodels import JourneyViewModel, KioskViewModel
from kiosk.devtools.fixtures import fixture
from kiosk.devtools.screenshot import FIXTURE_NOW, StaticSession
from kiosk.session.presenter import MECHANISMS
from tests.app.fakes import find, get

QML = resources_dir() / "qml" / "Kiosk"
ICONS = resources_dir() / "icons"


@pytest.fixture
def open_kiosk(qapp) -> Iterator:
    opened = []
    translations = Translations()

    def opener(
        state="ready",
        mechanism=None,
        variant=None,
        *,
        brand=None,
        large_text=False,
        reduced_motion=False,
        language="en",
    ):
        data = fixture(state, mechanism, variant, now=FIXTURE_NOW, language=language)
        data.kiosk.large_text = large_text
        session = StaticSession(data)
        kiosk, journey = KioskViewModel(session), JourneyViewModel(session)
        translations.apply(language, None)
        engine = create_engine(
            {"kiosk": kiosk, "journey": journey}, brand=brand, reduced_motion=reduced_motion
        )
        window = engine.rootObjects()[0]
        window.show()
        qapp.processEvents()
        opened.append((engine, kiosk, journey))
        return engine, window

    yield opener
    while opened:
        engine, kiosk, journey = opened.pop()
        engine.rootObjects()[0].hide()
        del engine
        del kiosk, journey
    translations.apply("en", None)


def theme(engine):
    return engine.singletonInstance("Kiosk", "Theme")


def test_the_shipped_faces_are_registered_and_dejavu_is_gone() -> None:
    families = QFontDatabase.families()
    assert FONT_FAMILY in families and ARABIC_FONT_FAMILY in families
    fonts = sorted(path.name for path in (resources_dir() / "fonts").iterdir())
    assert not [name for name in fonts if "DejaVu" in name]
    assert "Inter-OFL.txt" in fonts and "NotoSansArabic-OFL.txt" in fonts


def test_the_demo_brand_fills_the_theme_and_the_header_shows_its_logo(open_kiosk) -> None:
    engine, window = open_kiosk("participating", "queue")
    values = theme(engine)
    assert values.property("fontFamily") == "Inter"
    assert values.property("brandName") == "Fanfare Demo Store"
    assert values.property("primary") == QColor("#1d4ed8")
    logo = get(window, "brandLogo")
    assert logo.isVisible() and logo.property("paintedWidth") > 0  # loaded and drawn
    assert logo.property("source").toString().endswith("brand/logo.svg")


def test_a_store_brand_recolours_the_kiosk(open_kiosk) -> None:
    brand = replace(
        default_brand(resources_dir()),
        name="Corner Records",
        corner_radius=8,
        colors=replace(BrandColors(), primary="#0f766e", background="#020617"),
    )
    engine, window = open_kiosk(brand=brand)
    values = theme(engine)
    assert values.property("primary") == QColor("#0f766e")
    assert window.property("color") == QColor("#020617")
    assert values.property("cornerRadius") == 8
    # The buttons' corners follow the brand's radius (8 of the default 24).
    start = get(window, "startButton")
    assert start.property("background").property("radius") == 8  # 1080x1920: scale 1


def test_a_brand_without_a_logo_shows_none(open_kiosk) -> None:
    _engine, window = open_kiosk("participating", "queue", brand=Brand(logo=None))
    assert not get(window, "brandLogo").isVisible()


def test_a_typeface_that_is_not_installed_is_refused() -> None:
    with pytest.raises(BrandError, match=r"brand\.font_family = 'Comic Nope'.*'Inter'"):
        check_font(Brand(font_family="Comic Nope"))


def test_every_mechanism_and_every_icon_the_qml_names_has_an_svg() -> None:
    names = {"language", "text_size", "staff", "granted", "ended", "error", "offline"}
    names |= set(MECHANISMS) | {"dutch_auction", "access_code"}
    for path in QML.rglob("*.qml"):
        source = path.read_text(encoding="utf-8")
        names |= set(re.findall(r'\bicon: "(\w+)"', source))
        names |= set(re.findall(r'\bname: "(\w+)"', source)) & {p.stem for p in ICONS.iterdir()}
    theme_source = (QML / "Theme.qml").read_text(encoding="utf-8")
    names |= set(re.findall(r'": "(\w+)"', theme_source))
    missing = sorted(name for name in names if not (ICONS / f"{name}.svg").is_file())
    assert not missing, f"no icon for {missing}"
    for path in ICONS.glob("*.svg"):
        assert "currentColor" in path.read_text(encoding="utf-8"), f"{path.name} is not tintable"


def test_an_icon_is_drawn_in_the_colour_asked_for(qapp) -> None:
    provider = IconProvider(ICONS)
    image = provider.requestImage("granted/#fbbf24", QSize(), QSize(64, 64))
    assert (image.width(), image.height()) == (64, 64)
    painted = {
        image.pixelColor(x, y).name()
        for x in range(64)
        for y in range(64)
        if image.pixelColor(x, y).alpha() == 255
    }
    assert painted == {"#fbbf24"}


def test_an_unknown_icon_is_blank_not_a_crash(qapp) -> None:
    image = IconProvider(ICONS).requestImage("../../etc/passwd/#ffffff", QSize(), QSize(8, 8))
    assert all(image.pixelColor(x, y).alpha() == 0 for x in range(8) for y in range(8))


def test_emblems_show_icons_for_their_screen(open_kiosk) -> None:
    _engine, window = open_kiosk("error")
    icon = get(window, "emblemIcon")
    assert icon.isVisible() and icon.property("name") == "error"
    image = find(icon, "iconImage")
    assert image is not None and image.property("paintedWidth") > 0


def test_the_header_menu_button_shows_the_globe_and_text_size_icons(open_kiosk) -> None:
    _engine, window = open_kiosk("participating", "queue")
    assert get(window, "languageIcon").isVisible()
    assert get(window, "textSizeIcon").isVisible()


@pytest.mark.parametrize(
    ("large_text", "reduced_motion", "motion"),
    [(False, False, 200), (True, False, 0), (False, True, 0)],
)
def test_reduced_motion_makes_every_duration_zero(open_kiosk, large_text, reduced_motion, motion):
    engine, _window = open_kiosk(large_text=large_text, reduced_motion=reduced_motion)
    assert theme(engine).property("motion") == motion
    assert theme(engine).property("reducedMotion") is (motion == 0)


def test_every_animation_in_the_qml_runs_on_the_theme_s_motion() -> None:
    # One switch for reduced motion: a new transition must use Theme.motion. (The attract
    # screen's pulse and the spinner's turn are loops, not transitions.)
    for path in (QML / "Main.qml", QML / "screens" / "ParticipatingQueue.qml"):
        for duration in re.findall(r"duration: ([^\n]+)", path.read_text(encoding="utf-8")):
            assert "Theme.motion" in duration, f"{path.name}: duration {duration}"


def test_arabic_text_is_drawn_with_the_arabic_face(qapp) -> None:
    from PySide6.QtGui import QFont, QTextLayout

    font = QFont(FONT_FAMILY)
    font.setPixelSize(30)
    layout = QTextLayout("نحن جاهزون", font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    families = {run.rawFont().familyName() for run in layout.glyphRuns()}
    assert ARABIC_FONT_FAMILY in families and families <= {FONT_FAMILY, ARABIC_FONT_FAMILY}


def test_the_logo_file_is_an_svg_made_for_the_project() -> None:
    source = Path(resources_dir() / "brand" / "logo.svg").read_text(encoding="utf-8")
    assert source.startswith("<svg") and "Fanfare Demo Store" in source


async def test_the_kiosk_does_not_start_with_an_unreadable_brand(qapp, tmp_path) -> None:
    from kiosk.app.config import KioskConfig
    from kiosk.app.main import serve

    path = tmp_path / "brand.toml"
    path.write_text('[brand.colors]\ntext = "#1e293b"', encoding="utf-8")  # dark on dark
    config = KioskConfig(data_dir=tmp_path / "data", brand_file=path)
    with pytest.raises(BrandError, match=r"brand\.colors\.text on brand\.colors\.background"):
        await serve(config, show=False)
    assert not (tmp_path / "data").exists()  # refused before the venue or a session started
