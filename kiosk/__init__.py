"""Fanfare Kiosk: kiosk and venue software for controlled-access launches."""

from kiosk.buildinfo import BuildInfo, __version__, build_info

__all__ = ["BuildInfo", "__version__", "build_info"]
