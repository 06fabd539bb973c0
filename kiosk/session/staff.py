"""The staff panel behind a PIN: settings (exit, next customer) open only for the right PIN,
and wrong tries in a row lock the keypad for a while."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Literal

from kiosk.core.clock import Clock
from kiosk.session.settings import SessionSettings

logger = logging.getLogger(__name__)

StaffPanel = Literal["", "pin", "settings"]
PinFeedback = Literal["", "wrong", "locked"]


class StaffLock:
    def __init__(
        self,
        settings: SessionSettings,
        clock: Clock,
        *,
        request_exit: Callable[[], None],
        changed: Callable[[], None],
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._request_exit = request_exit
        self._changed = changed
        self.panel: StaffPanel = ""
        self.pin = ""
        self.feedback: PinFeedback = ""
        self._failures = 0
        self.locked_until = 0.0

    @property
    def settings_open(self) -> bool:
        """True while the staff settings show (the right PIN was entered)."""
        return self.panel == "settings"

    def locked_out(self) -> bool:
        """True while wrong tries keep the keypad shut."""
        return self._clock.monotonic() < self.locked_until

    def open_staff(self) -> None:
        if not self.panel:
            self.panel, self.pin = "pin", ""
            self.feedback = "locked" if self.locked_out() else ""
            self._changed()

    def close_staff(self) -> None:
        self.panel, self.pin, self.feedback = "", "", ""
        self._changed()

    def pin_key(self, key: str) -> None:
        if self.panel != "pin":
            return
        if self.locked_out():
            self.feedback = "locked"
            self._changed()
            return
        if key == "backspace":
            self.pin = self.pin[:-1]
        elif key.isdigit() and len(key) == 1:
            self.pin += key
            self.feedback = ""
        if len(self.pin) >= len(self._settings.staff_pin):
            self._check(self.pin)
            self.pin = ""
        self._changed()

    def staff_exit(self) -> None:
        if self.settings_open:
            logger.info("staff asked the kiosk to exit")
            self._request_exit()

    def dismiss(self) -> None:
        """Hide the panel (the visit ended, or staff moved on); the caller publishes."""
        self.panel, self.pin = "", ""

    def _check(self, pin: str) -> None:
        if secrets.compare_digest(pin, self._settings.staff_pin):
            self.panel, self._failures = "settings", 0
            logger.info("staff settings opened")
            return
        self._failures += 1
        self.feedback = "wrong"
        logger.warning("wrong staff PIN (%d in a row)", self._failures)
        if self._failures >= self._settings.pin_attempts:
            self.locked_until = self._clock.monotonic() + self._settings.pin_lockout_seconds
            self._failures = 0
            self.feedback = "locked"
