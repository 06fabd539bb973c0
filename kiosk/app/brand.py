"""The store's brand: colours, logo, typeface and corner radius, read from a TOML file.

A brand is checked before the kiosk starts: every colour parses, the logo is an image, and
the text stays readable (WCAG contrast of at least 4.5:1) on every colour it is drawn on.
A brand that fails says which key is wrong and what to write instead.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kiosk.app.config import ConfigError

# The demo's own brand, the kiosk's look when no brand file is given.
DEFAULT_NAME = "Fanfare Demo Store"
DEFAULT_FONT = "Inter"
DEFAULT_RADIUS = 24
MIN_CONTRAST = 4.5
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg"}


class BrandError(ConfigError):
    """The brand cannot be used; the message names the key and what to write instead."""


@dataclass(frozen=True)
class BrandColors:
    """The theme's colours, each "#rrggbb" (or "#rgb")."""

    background: str = "#0b1220"
    surface: str = "#16213a"
    surface_raised: str = "#22304f"
    border: str = "#3b4f7a"
    text: str = "#f8fafc"
    muted: str = "#cbd5e1"
    primary: str = "#1d4ed8"
    primary_pressed: str = "#1e3a8a"
    highlight: str = "#fbbf24"
    text_on_highlight: str = "#111827"
    success: str = "#15803d"
    warning: str = "#92400e"
    danger: str = "#b91c1c"
    danger_pressed: str = "#7f1d1d"


# (foreground, background) pairs that carry text: each must reach MIN_CONTRAST.
_TEXT_PAIRS = (
    ("text", "background"),
    ("text", "surface"),
    ("text", "surface_raised"),
    ("text", "primary"),
    ("text", "primary_pressed"),
    ("text", "success"),
    ("text", "warning"),
    ("text", "danger"),
    ("muted", "background"),
    ("muted", "surface"),
    ("text_on_highlight", "highlight"),
)


@dataclass(frozen=True)
class Brand:
    name: str = DEFAULT_NAME
    logo: Path | None = None
    font_family: str = DEFAULT_FONT
    corner_radius: int = DEFAULT_RADIUS
    colors: BrandColors = field(default_factory=BrandColors)

    def theme_values(self) -> dict[str, Any]:
        """The Theme singleton's properties (QML names) this brand sets."""
        values: dict[str, Any] = {
            "brandName": self.name,
            "logoSource": self.logo.resolve().as_uri() if self.logo else "",
            "fontFamily": self.font_family,
            "cornerRadius": self.corner_radius,
        }
        for item in fields(BrandColors):
            values[_camel(item.name)] = getattr(self.colors, item.name)
        return values


def default_logo(resources: Path) -> Path:
    return resources / "brand" / "logo.svg"


def default_brand(resources: Path) -> Brand:
    return Brand(logo=default_logo(resources))


def load_brand(path: Path | None, resources: Path) -> Brand:
    """The brand in `path` (a TOML file with a [brand] table), or the demo's; checked."""
    if path is None:
        return validate(default_brand(resources))
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise BrandError(f"cannot read the brand file {path}: {exc}") from exc
    return validate(parse_brand(document.get("brand", document), path.parent, resources))


def parse_brand(table: dict[str, Any], base: Path, resources: Path) -> Brand:
    """A brand from a [brand] table; a relative logo path is relative to `base`."""
    known = {"name", "logo", "font_family", "corner_radius", "colors"}
    for key in table:
        if key not in known:
            raise BrandError(f"brand.{key} is not a brand setting; use one of {_list(known)}")
    colors_table = table.get("colors", {})
    if not isinstance(colors_table, dict):
        raise BrandError('brand.colors must be a table, e.g. [brand.colors] primary = "#1d4ed8"')
    color_names = {item.name for item in fields(BrandColors)}
    colors: dict[str, str] = {}
    for key, value in colors_table.items():
        if key not in color_names:
            raise BrandError(
                f"brand.colors.{key} is not a colour of the theme; use one of {_list(color_names)}"
            )
        if not isinstance(value, str) or not _HEX.match(value):
            raise BrandError(
                f'brand.colors.{key} = {value!r} is not a colour; write "#rrggbb", e.g. "#1d4ed8"'
            )
        colors[key] = value
    brand = replace(default_brand(resources), colors=replace(BrandColors(), **colors))
    if "name" in table:
        brand = replace(brand, name=_text(table, "name"))
    if "font_family" in table:
        brand = replace(brand, font_family=_text(table, "font_family"))
    if "logo" in table:
        logo = Path(_text(table, "logo"))
        brand = replace(brand, logo=logo if logo.is_absolute() else base / logo)
    if "corner_radius" in table:
        radius = table["corner_radius"]
        if not isinstance(radius, int) or isinstance(radius, bool) or not 0 <= radius <= 64:
            raise BrandError(
                f"brand.corner_radius = {radius!r} is not usable; write a whole number of "
                "pixels from 0 (square) to 64, e.g. 24"
            )
        brand = replace(brand, corner_radius=radius)
    return brand


def validate(brand: Brand) -> Brand:
    """The brand itself, or a BrandError saying what makes it unusable."""
    if brand.logo is not None:
        _check_logo(brand.logo)
    for foreground, background in _TEXT_PAIRS:
        ratio = contrast(getattr(brand.colors, foreground), getattr(brand.colors, background))
        if ratio < MIN_CONTRAST:
            raise BrandError(
                f"brand.colors.{foreground} on brand.colors.{background} has a contrast of "
                f"{ratio:.2f}:1, below {MIN_CONTRAST}:1, so text would be hard to read; make "
                f"one of them lighter or darker"
            )
    return brand


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(color: str) -> float:
    digits = color[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _check_logo(path: Path) -> None:
    if not path.is_file():
        raise BrandError(
            f"brand.logo: there is no file {path}; give the path of an SVG or PNG logo "
            "(relative to the brand file)"
        )
    if path.suffix.lower() not in _IMAGE_SUFFIXES:
        raise BrandError(f"brand.logo: {path.name} is not an image; use an .svg, .png or .jpg file")
    head = path.read_bytes()[:4096]
    is_image = (
        head.startswith(b"\x89PNG")
        or head.startswith(b"\xff\xd8")
        or (path.suffix.lower() == ".svg" and b"<svg" in head)
    )
    if not is_image:
        raise BrandError(
            f"brand.logo: {path.name} does not hold an image; use an SVG, PNG or JPEG file"
        )


def _text(table: dict[str, Any], key: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise BrandError(f"brand.{key} must be a non-empty string")
    return value.strip()


def _list(names: set[str]) -> str:
    return ", ".join(sorted(names))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
