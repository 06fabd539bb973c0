"""The QR rows of a reference: square, with the standard's quiet zone, and nothing for nothing."""

from __future__ import annotations

from dataclasses import asdict

from kiosk.devtools.fixtures import fixture
from kiosk.devtools.screenshot import FIXTURE_NOW
from kiosk.session.handoff import HandoffReceipt
from kiosk.session.presenter import present_journey
from kiosk.session.qr import QUIET_ZONE, qr_rows


def test_rows_are_a_square_of_modules_inside_a_four_module_quiet_zone() -> None:
    rows = qr_rows("K7Q2MX")
    assert len(rows) == 21 + 2 * QUIET_ZONE  # version 1 fits a six-character reference
    assert all(len(row) == len(rows) and set(row) <= {"0", "1"} for row in rows)
    for edge in (*rows[:QUIET_ZONE], *rows[-QUIET_ZONE:]):
        assert set(edge) == {"0"}
    assert all(set(row[:QUIET_ZONE] + row[-QUIET_ZONE:]) == {"0"} for row in rows)
    # The finder pattern starts right inside the quiet zone (top left: seven dark modules).
    assert rows[QUIET_ZONE][QUIET_ZONE : QUIET_ZONE + 7] == "1111111"


def test_no_reference_no_code() -> None:
    assert qr_rows("") == []


def test_a_reference_and_another_give_different_codes() -> None:
    assert qr_rows("K7Q2MX") != qr_rows("A-1042")
    assert qr_rows("K7Q2MX") == qr_rows("K7Q2MX")


def test_granted_carries_the_qr_of_the_reference_and_never_the_grant() -> None:
    data = fixture("granted", now=FIXTURE_NOW)
    state = present_journey(data.visit, FIXTURE_NOW)
    assert state.handoff_reference == "K7Q2MX"
    assert state.handoff_qr == qr_rows("K7Q2MX")
    assert "fixture-token-never-shown" not in repr(asdict(state))


def test_pending_has_no_reference_and_no_code() -> None:
    data = fixture("granted", variant="pending", now=FIXTURE_NOW)
    state = present_journey(data.visit, FIXTURE_NOW)
    assert state.handoff_reference == "" and state.handoff_qr == []


def test_ended_won_keeps_the_reference_to_collect_with() -> None:
    data = fixture("ended", variant="won", now=FIXTURE_NOW)
    state = present_journey(data.visit, FIXTURE_NOW)
    assert state.outcome == "won"
    assert state.handoff_reference == "K7Q2MX" and state.handoff_qr == qr_rows("K7Q2MX")


def test_ended_lost_shows_no_reference_even_with_a_receipt() -> None:
    data = fixture("ended", variant="lost", now=FIXTURE_NOW)
    assert data.visit is not None
    data.visit.receipt = HandoffReceipt(kind="see_staff", reference="K7Q2MX")
    state = present_journey(data.visit, FIXTURE_NOW)
    assert state.handoff_reference == "" and state.handoff_qr == []
