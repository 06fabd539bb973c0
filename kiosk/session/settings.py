"""How a kiosk session behaves: mode, idle and presence timers, languages, staff PIN."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kiosk.core.languages import LANGUAGES

Mode = Literal["kiosk", "staff"]
PresenceExpiry = Literal["leave", "keep"]

RIGHT_TO_LEFT: frozenset[str] = frozenset({"ar", "he", "fa", "ur"})


@dataclass(frozen=True)
class SessionSettings:
    mode: Mode = "kiosk"
    # Interactive screens: no touch for `idle_seconds` shows "Still there?" for
    # `idle_prompt_seconds`; no answer resets the kiosk.
    idle_seconds: float = 45.0
    idle_prompt_seconds: float = 15.0
    # Long waits (in a queue, a draw, settling): a longer presence check.
    presence_seconds: float = 600.0
    presence_prompt_seconds: float = 60.0
    # On presence expiry: "leave" gives the place back (when the view offers leave()), then
    # resets; "keep" resets and leaves the place on the server.
    presence_expiry: PresenceExpiry = "leave"
    # Staff tablets are attended: no idle reset unless asked for.
    staff_idle: bool = False
    default_language: str = "en"
    languages: tuple[str, ...] = LANGUAGES
    staff_pin: str = field(default="2468", repr=False)
    pin_attempts: int = 5
    pin_lockout_seconds: float = 60.0
    # How often the offline screen (and a failed catalogue) tries again by itself.
    offline_retry_seconds: float = 10.0
    toast_seconds: float = 6.0
    # Large-text mode: how much bigger text gets.
    large_text_scale: float = 1.3

    @property
    def idle_enabled(self) -> bool:
        return self.mode == "kiosk" or self.staff_idle
