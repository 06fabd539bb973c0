"""Fanfare Kiosk: kiosk and venue software for controlled-access launches."""

__version__ = "0.1.0"
