"""The idle and presence monitor on a fake clock."""

from __future__ import annotations

from kiosk.session import SessionSettings
from kiosk.session.idle import IdleMonitor
from tests.fakes import FakeClock


def monitor(clock: FakeClock, **settings: object) -> IdleMonitor:
    return IdleMonitor(SessionSettings(**settings), clock)  # type: ignore[arg-type]


def test_no_touch_asks_then_expires_into_a_reset() -> None:
    clock = FakeClock()
    idle = monitor(clock, idle_seconds=45, idle_prompt_seconds=15)
    clock.advance(44)
    assert idle.check("idle", paused=False) == "" and idle.kind == ""
    clock.advance(1)
    assert idle.check("idle", paused=False) == "" and idle.kind == "idle"
    assert idle.deadline == clock.monotonic() + 15
    clock.advance(14)
    assert idle.check("idle", paused=False) == ""
    clock.advance(1)
    assert idle.check("idle", paused=False) == "reset"


def test_a_touch_dismisses_the_prompt_and_restarts_the_timer() -> None:
    clock = FakeClock()
    idle = monitor(clock)
    assert idle.touch() is False  # nothing to dismiss
    clock.advance(45)
    idle.check("idle", paused=False)
    assert idle.kind == "idle"
    assert idle.touch() is True
    assert idle.kind == ""
    clock.advance(44)
    assert idle.check("idle", paused=False) == "" and idle.kind == ""


def test_a_long_wait_gets_the_presence_check_and_leaves_on_expiry() -> None:
    clock = FakeClock()
    idle = monitor(clock, presence_seconds=120, presence_prompt_seconds=30)
    clock.advance(119)
    assert idle.check("presence", paused=False) == "" and idle.kind == ""
    clock.advance(1)
    idle.check("presence", paused=False)
    assert idle.kind == "presence"
    clock.advance(30)
    assert idle.check("presence", paused=False) == "leave"

    keep = monitor(clock, presence_expiry="reset", presence_seconds=1, presence_prompt_seconds=1)
    clock.advance(2)
    assert keep.check("presence", paused=False) == "reset"


def test_busy_screens_screens_without_presence_and_staff_mode_never_ask() -> None:
    clock = FakeClock()
    idle = monitor(clock)
    clock.advance(45)
    idle.check("idle", paused=False)
    assert idle.kind == "idle"
    assert idle.check("idle", paused=True) == "" and idle.kind == ""  # busy or staff panel
    clock.advance(100)
    assert idle.check("none", paused=False) == "" and idle.kind == ""

    staff = monitor(clock, mode="staff")
    clock.advance(10_000)
    assert staff.check("idle", paused=False) == "" and staff.kind == ""


def test_restart_gives_fresh_time() -> None:
    clock = FakeClock()
    idle = monitor(clock)
    clock.advance(45)
    idle.check("idle", paused=False)
    idle.restart()
    assert idle.kind == ""
    clock.advance(44)
    assert idle.check("idle", paused=False) == "" and idle.kind == ""
