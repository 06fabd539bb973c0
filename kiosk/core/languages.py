"""The languages a kiosk speaks. A leaf, so the app's configuration can check a language
before the first frame without importing the session (and with it the SDK)."""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "es", "ar")
