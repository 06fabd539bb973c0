"""Journeys walked by touch in the real app on the real embedded venue (issue 14): a VIP code
that did not work and then did, the coming-soon queue through its pre-queue, and the draw.

Controls are found by `objectName`; what a screen reader hears is read from the accessible
tree (a `Notice` is an alert whose name is its text). Time moves only on the fake clock.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QMetaObject
from PySide6.QtGui import QAccessible
from PySide6.QtQuick import QQuickItem

from tests.app.fakes import click, find, get, texts
from tests.app.test_auction_walks import walking
from tests.app.test_kiosk_app import Driver, embedded, running, settle
from tests.fakes import FakeClock

DRAW = "Members draw: Aurora 1 Gold"


def heard(kiosk: Driver, name: str) -> str:
    """What a screen reader says for the item `name` (its accessible name), if it is shown."""
    item = find(kiosk.window, name)
    if item is None or not item.isVisible():
        return ""
    interface = QAccessible.queryAccessibleInterface(item)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def drawn(kiosk: Driver) -> None:
    kiosk.window.grabWindow()  # lay out the frame first, so a tap lands on the control


async def press(kiosk: Driver, name: str) -> None:
    drawn(kiosk)
    await kiosk.tap(name)


async def type_code(kiosk: Driver, keypad_name: str, code: str) -> None:
    drawn(kiosk)
    keypad: QQuickItem = get(kiosk.window, keypad_name)
    for key in code:
        click(kiosk.window, get(keypad, f"key_{key}"))
        await settle()


async def test_a_wrong_vip_code_is_heard_and_the_right_one_is_confirmed(qapp, tmp_path) -> None:
    clock = FakeClock()
    async with running(embedded(tmp_path), clock) as kiosk:
        await kiosk.tap_text("VIP early access: Aurora 1 Retro")
        await press(kiosk, "startButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("enterable_queue")  # the general line, a code on offer
        assert heard(kiosk, "codeAcceptedNotice") == ""

        await press(kiosk, "haveCodeButton")
        await type_code(kiosk, "offerKeypad", "WRONG1")
        await press(kiosk, "submitOfferCodeButton")
        await kiosk.advance(1)
        refused = heard(kiosk, "codeRefusedNotice")
        assert refused == "That code did not work. Check it and try again."

        await press(kiosk, "closeCodeButton")
        await press(kiosk, "haveCodeButton")
        await type_code(kiosk, "offerKeypad", "VIP2026")
        await press(kiosk, "submitOfferCodeButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("enterable_queue")
        assert heard(kiosk, "codeAcceptedNotice") == "Code accepted: you're in the VIP line."

        await press(kiosk, "enterButton")
        await kiosk.until("granted")  # the VIP line admits 60 a minute: straight through


async def test_coming_soon_waitlist_then_the_pre_queue_then_the_line(qapp, tmp_path) -> None:
    clock = FakeClock()  # the demo queue opens in 30 min; its pre-queue 10 min before that
    async with running(embedded(tmp_path), clock) as kiosk:
        await kiosk.tap_text("Coming soon: Aurora 2")
        await press(kiosk, "startButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("scheduled")
        await press(kiosk, "joinWaitlistButton")
        await kiosk.advance(1)
        assert heard(kiosk, "waitlistNotice").startswith("You are on the waitlist")

        clock.advance(20 * 60 + 5)  # the pre-queue is open: a poll brings it
        await kiosk.until("enterable_queue", limit=60)
        drawn(kiosk)
        assert get(kiosk.window, "opensCountdown").isVisible()
        title = [t for t in _texts(kiosk) if t.startswith("You're early")]
        assert title, "the pre-queue does not say the line is not open yet"
        assert any("fair random place" in t for t in _texts(kiosk))
        assert "The line is open" not in _texts(kiosk)

        await press(kiosk, "enterButton")
        await kiosk.until("participating_queue", limit=5)
        clock.advance(10 * 60)  # the line opens; early arrivals get their places
        await kiosk.until("granted", limit=300)


def _texts(kiosk: Driver) -> list[str]:
    return texts(kiosk.window)


async def test_the_draw_says_you_may_walk_away_and_when_results_are_out(qapp, tmp_path) -> None:
    clock = FakeClock()  # the demo draw closes in 10 min and is drawn at 11 min (3 winners)
    async with walking(tmp_path, DRAW, clock) as walk:
        kiosk = walk.kiosk
        await kiosk.tap("attractStartButton")
        await press(kiosk, "startButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("enterable_draw")
        await press(kiosk, "enterButton")
        await kiosk.advance(1)
        assert kiosk.on_screen("participating_draw")
        results_at = (clock.now() + timedelta(minutes=11)).strftime("%H:%M")  # venue: UTC
        assert heard(kiosk, "walkAwayNotice") == (
            f"You're in the draw. You can walk away: results at {results_at}."
        )
        assert get(kiosk.window, "leaveButton").isVisible()  # Withdraw, still on offer

        clock.advance(11 * 60)  # the draw runs: the one entrant wins
        await walk.wait_for("granted", limit=120)


async def test_left_the_line_then_join_again_is_back_in_line(qapp, tmp_path) -> None:
    clock = FakeClock()
    async with running(embedded(tmp_path), clock) as kiosk:
        await kiosk.tap_text("Sneaker drop: Aurora 1")
        await press(kiosk, "startButton")
        await press(kiosk, "enterButton")
        await kiosk.until("participating_queue", limit=5)
        await press(kiosk, "leaveButton")
        await press(kiosk, "confirmLeaveButton")
        await kiosk.until("ended", limit=5)
        assert heard(kiosk, "againButton") == "Join again"

        await press(kiosk, "againButton")
        await kiosk.until("ready", limit=5)
        await press(kiosk, "startButton")
        await press(kiosk, "enterButton")
        await kiosk.until("participating_queue", limit=5)


async def test_walking_away_from_an_entered_draw_keeps_the_entry(qapp, tmp_path) -> None:
    clock = FakeClock()
    short = {"presence_seconds": 60.0, "presence_prompt_seconds": 10.0}  # "leave" on expiry
    async with running(embedded(tmp_path, **short), clock) as kiosk:
        venue = kiosk.app.venue
        assert venue is not None
        experience = next(e for e in venue.service.experiences.values() if e.name == DRAW)
        # The draw is below the fold of the attract list: bring it into view first.
        QMetaObject.invokeMethod(get(kiosk.window, "experienceList"), "positionViewAtEnd")
        drawn(kiosk)
        await kiosk.tap_text(DRAW)
        await press(kiosk, "startButton")
        await kiosk.advance(1)
        await press(kiosk, "enterButton")
        await kiosk.until("participating_draw", limit=5)

        await kiosk.until("attract", limit=90)  # nobody answers "Still there?": reset
        (sequence,) = venue.service.sequences_of(experience.id)
        draw = venue.service.distribution_of(sequence.id)
        assert draw is not None and draw.entry_count == 1  # "you can walk away" held true
