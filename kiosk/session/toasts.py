"""Toasts: a journey event meant for the customer shows as a short message for a few seconds.

Events are for announcements, never for deciding what to render: every event is acknowledged
here, and only the latest one addressed to the customer is shown.
"""

from __future__ import annotations

from kiosk.core.clock import Clock
from kiosk.sdk import Journey, JourneyEvent
from kiosk.session.settings import SessionSettings

_CONNECTION_ERRORS = frozenset({"APIConnectionError", "APITimeoutError", "ServerError"})


def toast_key(event: JourneyEvent) -> str:
    """A stable key for a journey event's message, so the screen can translate it."""
    if event.kind == "reroute":
        direction = event.detail.get("direction")
        return "sequence_downgraded" if direction == "downgrade" else "sequence_changed"
    if event.kind == "error":
        if event.detail.get("error") in _CONNECTION_ERRORS:
            return "connection_lost"
        if "start" in event.message.lower():
            return "start_failed"
        return "refresh_failed"
    if event.severity == "success":
        return "connection_restored"
    if "expired" in event.message.lower():
        return "grant_expired"
    return f"notice_{event.severity}"


class Toasts:
    def __init__(self, settings: SessionSettings, clock: Clock) -> None:
        self._settings = settings
        self._clock = clock
        self.id = 0  # a new id per toast, so the same message twice shows twice
        self.key = ""
        self.severity = ""
        self._until = 0.0

    def take_events(self, journey: Journey) -> None:
        """Acknowledge the journey's events; show the latest if it is for the customer."""
        event = journey.latest_event
        if event is None:
            return
        for item in journey.events:
            journey.ack_event(item.id)
        if event.audience == "user":
            self.show(toast_key(event), event.severity)

    def show(self, key: str, severity: str) -> None:
        self.id += 1
        self.key, self.severity = key, severity
        self._until = self._clock.monotonic() + self._settings.toast_seconds

    def expire(self) -> None:
        if self.key and self._clock.monotonic() >= self._until:
            self.key = ""

    def clear(self) -> None:
        self.key = ""
