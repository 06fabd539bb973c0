"""Fanfare Kiosk: kiosk and venue software for controlled-access launches."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.buildinfo import BuildInfo

__version__ = "0.1.0"


def build_info() -> BuildInfo:
    """Version, git commit and build time of this build (see `kiosk.buildinfo`)."""
    from kiosk.buildinfo import build_info as _build_info

    return _build_info()
