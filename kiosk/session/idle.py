"""The idle and presence monitor: after no touch for a while it asks "still there?", and
when the question goes unanswered it says the visit is over (and whether to give the place
back). Long waits get the longer presence check; staff mode and busy screens get none."""

from __future__ import annotations

import logging
from typing import Literal

from kiosk.core.clock import Clock
from kiosk.session.presenter import Presence
from kiosk.session.settings import SessionSettings

logger = logging.getLogger(__name__)

# What an unanswered prompt asks of the coordinator: nothing, a reset, or a reset that
# leaves the line first (the customer walked away from a long wait).
Expiry = Literal["", "reset", "leave"]


class IdleMonitor:
    def __init__(self, settings: SessionSettings, clock: Clock) -> None:
        self._settings = settings
        self._clock = clock
        self.kind: Literal["", "idle", "presence"] = ""
        self.deadline = 0.0
        self._last_activity = clock.monotonic()

    def touch(self) -> bool:
        """A touch or key press restarts the timer; True when it dismissed a prompt."""
        self._last_activity = self._clock.monotonic()
        if not self.kind:
            return False
        self.kind = ""
        return True

    def restart(self) -> None:
        """Fresh time (a new visit, a new screen): the timer restarts, no prompt shows."""
        self._last_activity = self._clock.monotonic()
        self.kind = ""

    def check(self, presence: Presence, *, paused: bool, held: bool = False) -> Expiry:
        """Once a tick: show the prompt when the time is up, expire it when unanswered.
        `held` (a live grant on screen): no prompt and no reset; the full timeout starts
        again when the hold ends."""
        if held:
            self.restart()
            return ""
        settings = self._settings
        if not settings.idle_enabled or paused or presence == "none":
            self.kind = ""
            return ""
        if presence == "idle":
            limit, prompt = settings.idle_seconds, settings.idle_prompt_seconds
        else:
            limit, prompt = settings.presence_seconds, settings.presence_prompt_seconds
        now = self._clock.monotonic()
        if not self.kind and now - self._last_activity >= limit:
            self.kind = presence
            self.deadline = self._last_activity + limit + prompt
            logger.info("no touch for %.0f s: asking whether the customer is still there", limit)
        if self.kind and now >= self.deadline:
            leave = self.kind == "presence" and settings.presence_expiry == "leave"
            logger.info("no answer: resetting the kiosk%s", " (leaving)" if leave else "")
            return "leave" if leave else "reset"
        return ""
