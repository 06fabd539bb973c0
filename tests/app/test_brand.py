"""The brand file: parsed, checked, and refused with a message that says what to write."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.app.brand import (
    DEFAULT_NAME,
    BrandError,
    contrast,
    default_brand,
    load_brand,
)
from kiosk.app.config import ConfigError, add_arguments, load_config
from kiosk.app.qml import resources_dir

RESOURCES = resources_dir()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "brand.toml"
    path.write_text(text, encoding="utf-8")
    return path


def logo(tmp_path: Path) -> Path:
    path = tmp_path / "logo.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"/>')
    return path


def test_no_brand_file_is_the_demo_brand_with_its_logo() -> None:
    brand = load_brand(None, RESOURCES)
    assert brand.name == DEFAULT_NAME
    assert brand.font_family == "Inter"
    assert brand.logo is not None and brand.logo.is_file()
    values = brand.theme_values()
    # The demo brand keeps the kiosk's colours.
    assert values["background"] == "#0b1220"
    assert values["primary"] == "#1d4ed8"
    assert values["textOnHighlight"] == "#111827"
    assert values["logoSource"].startswith("file://")


def test_a_brand_file_sets_colours_logo_font_and_radius(tmp_path: Path) -> None:
    logo(tmp_path)
    path = write(
        tmp_path,
        """
[brand]
name = "Corner Records"
logo = "logo.svg"
font_family = "Inter"
corner_radius = 8
[brand.colors]
primary = "#0f766e"
highlight = "#fde68a"
""",
    )
    brand = load_brand(path, RESOURCES)
    assert brand.name == "Corner Records"
    assert brand.logo == tmp_path / "logo.svg"
    assert brand.corner_radius == 8
    assert brand.colors.primary == "#0f766e"
    assert brand.colors.background == default_brand(RESOURCES).colors.background


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[brand.colors]\nprimary = "blue-ish"', ["brand.colors.primary", '"#rrggbb"']),
        ('[brand.colors]\nprimry = "#112233"', ["brand.colors.primry", "primary"]),
        ('[brand]\ncolour = "#112233"', ["brand.colour", "colors"]),
        ("[brand]\ncorner_radius = 200", ["brand.corner_radius", "0 (square) to 64"]),
        ('[brand]\nlogo = "missing.svg"', ["brand.logo", "missing.svg", "SVG or PNG"]),
        ('[brand]\nlogo = "logo.txt"', ["brand.logo", "not an image"]),
        ('[brand]\nname = ""', ["brand.name"]),
    ],
)
def test_a_bad_brand_names_the_key_and_what_to_write(tmp_path: Path, text, says) -> None:
    (tmp_path / "logo.txt").write_text("not a picture")
    with pytest.raises(BrandError) as caught:
        load_brand(write(tmp_path, text), RESOURCES)
    for words in says:
        assert words in str(caught.value)


def test_a_file_named_svg_that_is_not_an_image_is_refused(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text("hello")
    with pytest.raises(BrandError, match="does not hold an image"):
        load_brand(write(tmp_path, '[brand]\nlogo = "logo.svg"'), RESOURCES)


def test_unreadable_text_is_refused_with_the_pair_and_its_contrast(tmp_path: Path) -> None:
    # Light grey text on a white surface: about 1.1:1.
    path = write(tmp_path, '[brand.colors]\nsurface = "#ffffff"\ntext = "#eeeeee"')
    with pytest.raises(BrandError) as caught:
        load_brand(path, RESOURCES)
    message = str(caught.value)
    assert "brand.colors.text on brand.colors.background" in message or "surface" in message
    assert "4.5:1" in message and "lighter or darker" in message


def test_a_primary_button_colour_too_light_for_its_text_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '[brand.colors]\nprimary = "#93c5fd"')
    with pytest.raises(BrandError, match=r"brand.colors.text on brand.colors.primary .*1\.\d\d:1"):
        load_brand(path, RESOURCES)


def test_a_brand_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BrandError, match="cannot read the brand file"):
        load_brand(write(tmp_path, "[brand\nname ="), RESOURCES)
    with pytest.raises(BrandError, match="cannot read the brand file"):
        load_brand(tmp_path / "absent.toml", RESOURCES)


def test_a_brand_error_is_a_config_error() -> None:
    assert issubclass(BrandError, ConfigError)


def test_contrast_follows_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#fff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_the_brand_and_reduced_motion_come_from_flags_or_environment(tmp_path: Path) -> None:
    import argparse

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    config = load_config(
        parser.parse_args(["--brand", str(tmp_path / "b.toml"), "--reduced-motion"]), {}
    )
    assert config.brand_file == tmp_path / "b.toml" and config.reduced_motion
    config = load_config(
        parser.parse_args([]), {"FANFARE_BRAND": "/x/b.toml", "FANFARE_REDUCED_MOTION": "1"}
    )
    assert config.brand_file == Path("/x/b.toml") and config.reduced_motion
    assert not load_config(parser.parse_args([]), {}).reduced_motion
