"""Journeys walked by touch in the real app on the real embedded venue (issue 14): a VIP code
that did not work and then did, the coming-soon queue through its pre-queue, and the draw.

Controls are found by `objectName`; what a screen reader hears is read from the accessible
tree (a `Notice` is an alert whose name is its text). Time moves only on the fake clock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import httpx
from PySide6.QtCore import QLocale, QMetaObject, QTime
from PySide6.QtGui import QAccessible
from PySide6.QtQuick import QQuickItem

from kiosk.app.config import KioskConfig
from kiosk.sdk import EndedSequence, EnterableDraw, GrantedSequence, RoutedView
from kiosk.venue.demo import load_demo
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.app.fakes import click, find, get, texts
from tests.app.test_auction_walks import Walk, walking
from tests.app.test_kiosk_app import Driver, embedded, running, settle
from tests.fakes import FakeClock
from tests.session.fakes import API_URL, FakeHandoff, FakeNetwork

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
        drawn_at = clock.now() + timedelta(minutes=11)  # the venue's time zone: UTC
        # The English locale's short time (12-hour): what the customer reads.
        results_at = QLocale("en").toString(
            QTime(drawn_at.hour, drawn_at.minute), QLocale.FormatType.ShortFormat
        )
        assert heard(kiosk, "walkAwayNotice") == (
            f"You can walk away. Come back after {results_at} and enter this reference on "
            "any kiosk here to see your result."
        )
        reference = kiosk.app.journey.property("entryReference")
        assert len(reference) == 6 and heard(kiosk, "referenceDisplay").endswith(reference)
        assert heard(kiosk, "resultHowTo") == ""  # no "only this screen shows the result"
        assert get(kiosk.window, "leaveButton").isVisible()  # Withdraw, still on offer

        clock.advance(11 * 60)  # the draw runs: the one entrant wins
        await walk.wait_for("granted", limit=120)


async def test_left_the_line_then_join_again_is_back_in_line(qapp, tmp_path) -> None:
    clock = FakeClock()
    async with running(embedded(tmp_path), clock) as kiosk:
        await kiosk.tap_text("Sneaker drop: Aurora 1")
        await press(kiosk, "startButton")  # a plain line: Start also joins it
        await kiosk.until("participating_queue", limit=5)
        await press(kiosk, "leaveButton")
        await press(kiosk, "confirmLeaveButton")
        await kiosk.until("ended", limit=5)
        assert heard(kiosk, "againButton") == "Join again"

        await press(kiosk, "againButton")
        await kiosk.until("ready", limit=5)
        await press(kiosk, "startButton")  # a plain line: Start also joins it
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


@asynccontextmanager
async def draw_walk(tmp_path: Path, clock: FakeClock) -> AsyncIterator[tuple[Walk, FakeHandoff]]:
    """The kiosk on the demo draw alone, over the venue app in-process, with its handoff."""
    store = SqliteStore(tmp_path / "venue.sqlite3")
    service = VenueService(store, clock)
    load_demo(service)
    experience = next(e.id for e in service.experiences.values() if e.name == DRAW)
    config = KioskConfig(
        data_dir=tmp_path,
        windowed=True,
        api_url=API_URL,
        organization_id=service.organization.id,
        publishable_key=service.organization.publishable_key,
        experiences=[experience],
    )
    handoff = FakeHandoff()
    try:
        async with (
            httpx.AsyncClient(transport=FakeNetwork(service), base_url=API_URL) as http,
            running(config, clock, http_client=http, handoff=handoff) as kiosk,
        ):
            yield Walk(kiosk, service, http), handoff
    finally:
        store.close()


async def test_the_draw_with_four_entrants_and_three_prizes_has_one_who_lost(
    qapp, tmp_path
) -> None:
    """The kiosk's customer and three others (SDK clients on the same venue) enter; three win,
    and once the three redeem, the fourth has lost. The kiosk shows its customer's own result."""
    clock = FakeClock()
    async with draw_walk(tmp_path, clock) as (walk, handoff):
        kiosk = walk.kiosk
        await kiosk.tap("attractStartButton")
        await press(kiosk, "startButton")
        await kiosk.advance(1)
        await press(kiosk, "enterButton")
        await kiosk.until("participating_draw", limit=5)
        experience = kiosk.app.journey.property("experienceId")
        others = [walk.second_customer(clock) for _ in range(3)]
        try:
            for other in others:
                view = await other.journeys.get(experience).view.start()
                assert isinstance(view, RoutedView) and isinstance(view.sequence, EnterableDraw)
                await view.sequence.enter()

            clock.advance(11 * 60)  # the draw runs: three of the four win
            for _ in range(30):
                if kiosk.screen != "participating_draw":
                    break
                await kiosk.advance(1)
            await kiosk.advance(1)  # a winner's handoff runs
            tokens = [grant.token for grant in handoff.grants]  # the kiosk's, if it won
            for other in others:
                view = await other.journeys.get(experience).view.retry()
                assert isinstance(view, RoutedView)
                if isinstance(view.sequence, GrantedSequence):
                    tokens.append(view.sequence.claim().token)
            assert len(tokens) == 3
            for token in tokens:  # the winners collect their prizes: the draw is complete
                walk.service.grants.redeem(token)

            outcomes = []
            for other in others:
                view = await other.journeys.get(experience).view.retry()
                assert isinstance(view, RoutedView)
                ended = isinstance(view.sequence, EndedSequence)
                outcomes.append(view.sequence.outcome.type if ended else "")
            await kiosk.advance(10)
            if handoff.grants:  # the kiosk's customer won; one of the others lost
                assert outcomes.count("lost") == 1
            else:  # the kiosk's customer lost, and is told so
                assert outcomes.count("lost") == 0
                assert kiosk.on_screen("ended")
                assert kiosk.app.journey.property("outcome") == "lost"
                assert "Not this time" in texts(kiosk.window)
        finally:
            for other in others:
                await other.aclose()
