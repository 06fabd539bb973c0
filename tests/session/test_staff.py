"""The staff lock on a fake clock: the PIN opens settings, wrong tries lock it for a while."""

from __future__ import annotations

from kiosk.session import SessionSettings
from kiosk.session.staff import StaffLock
from tests.fakes import FakeClock


def lock(clock: FakeClock, exits: list[bool], **settings: object) -> StaffLock:
    return StaffLock(
        SessionSettings(**settings),  # type: ignore[arg-type]
        clock,
        request_exit=lambda: exits.append(True),
        changed=lambda: None,
    )


def type_pin(staff: StaffLock, pin: str) -> None:
    for key in pin:
        staff.pin_key(key)


def test_the_right_pin_opens_the_settings_and_only_then_exit_works() -> None:
    exits: list[bool] = []
    staff = lock(FakeClock(), exits)
    staff.staff_exit()
    staff.pin_key("2")  # no panel open: ignored
    assert staff.pin == "" and exits == []

    staff.open_staff()
    assert staff.panel == "pin"
    type_pin(staff, "24")
    assert staff.pin == "24"
    staff.pin_key("backspace")
    assert staff.pin == "2"
    type_pin(staff, "468")
    assert staff.panel == "settings" and staff.settings_open and staff.pin == ""
    staff.staff_exit()
    assert exits == [True]


def test_wrong_pins_in_a_row_lock_the_keypad_until_the_lockout_passes() -> None:
    clock = FakeClock()
    staff = lock(clock, [], pin_attempts=3, pin_lockout_seconds=30)
    staff.open_staff()
    type_pin(staff, "1111")
    assert staff.feedback == "wrong" and staff.pin == ""
    type_pin(staff, "1111")
    type_pin(staff, "1111")
    assert staff.feedback == "locked" and staff.locked_out()

    type_pin(staff, "2468")  # the right PIN, but locked
    assert staff.panel == "pin"
    staff.close_staff()
    staff.open_staff()
    assert staff.feedback == "locked"  # reopening does not unlock

    clock.advance(29)
    assert staff.locked_out()
    clock.advance(1)
    assert not staff.locked_out()
    type_pin(staff, "2468")
    assert staff.settings_open


def test_dismiss_hides_the_panel_and_forgets_the_digits() -> None:
    staff = lock(FakeClock(), [])
    staff.open_staff()
    type_pin(staff, "24")
    staff.dismiss()
    assert staff.panel == "" and staff.pin == ""
