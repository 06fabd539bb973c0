"""Toasts on a fake clock: the customer's latest event shows for a few seconds."""

from __future__ import annotations

from kiosk.sdk import JourneyEvent
from kiosk.session import SessionSettings
from kiosk.session.toasts import Toasts, toast_key
from tests.fakes import FakeClock
from tests.session.fakes import FakeEvents


def event(event_id: str, **fields: object) -> JourneyEvent:
    values: dict[str, object] = {
        "id": event_id,
        "ts": FakeClock().now(),
        "kind": "info",
        "severity": "success",
        "audience": "user",
        "message": "Connection restored",
    }
    values.update(fields)
    return JourneyEvent(**values)  # type: ignore[arg-type]


def test_the_latest_event_for_the_customer_shows_and_every_event_is_acknowledged() -> None:
    clock = FakeClock()
    toasts = Toasts(SessionSettings(toast_seconds=6), clock)
    events = FakeEvents(event("e1", audience="system"), event("e2"))
    toasts.take_events(events)  # type: ignore[arg-type]
    assert events.acked == ["e1", "e2"]
    assert (toasts.id, toasts.key, toasts.severity) == (1, "connection_restored", "success")

    clock.advance(5)
    toasts.expire()
    assert toasts.key == "connection_restored"
    clock.advance(1)
    toasts.expire()
    assert toasts.key == ""


def test_events_not_for_the_customer_show_nothing() -> None:
    toasts = Toasts(SessionSettings(), FakeClock())
    toasts.take_events(FakeEvents(event("e1", audience="analytics")))  # type: ignore[arg-type]
    toasts.take_events(FakeEvents())  # type: ignore[arg-type]
    assert toasts.key == "" and toasts.id == 0


def test_the_same_message_twice_gets_a_new_id_and_clear_hides_it() -> None:
    toasts = Toasts(SessionSettings(), FakeClock())
    toasts.show("connection_lost", "warning")
    toasts.show("connection_lost", "warning")
    assert toasts.id == 2
    toasts.clear()
    assert toasts.key == ""


def test_toast_keys_name_the_message_not_its_wording() -> None:
    assert toast_key(event("a", kind="reroute", detail={"direction": "downgrade"})) == (
        "sequence_downgraded"
    )
    assert toast_key(event("b", kind="reroute")) == "sequence_changed"
    lost = event("c", kind="error", severity="error", detail={"error": "APIConnectionError"})
    assert toast_key(lost) == "connection_lost"
    assert toast_key(event("d", kind="error", severity="error", message="start failed")) == (
        "start_failed"
    )
    assert toast_key(event("e", kind="error", severity="error", message="boom")) == (
        "refresh_failed"
    )
    assert toast_key(event("f", severity="warning", message="Your grant expired")) == (
        "grant_expired"
    )
    assert toast_key(event("g", severity="warning", message="hello")) == "notice_warning"
