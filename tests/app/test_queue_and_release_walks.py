"""The plain queue and the timed release walked by touch in the real app on the real venue
(issue 14): the sneaker-drop line to its grant and back to attract, and the restock both
granted and sold out (its units taken first by other consumers on the same venue).

Controls are found by `objectName`; time moves only on the fake clock.
"""

from __future__ import annotations

from kiosk.sdk import EnterableTimedRelease, RoutedView
from tests.app.fakes import find, get, texts
from tests.app.test_auction_walks import walking
from tests.app.test_journey_walks import press
from tests.app.test_kiosk_app import embedded, running, settle
from tests.fakes import FakeClock
from tests.session.fakes import FakeHandoff

QUEUE = "Sneaker drop: Aurora 1"
RELEASE = "Timed release: Aurora 1 restock"
RELEASE_UNITS = 25  # kiosk/venue/demos.py: timed_release_demo


async def test_the_sneaker_drop_line_to_its_grant_then_done_leaves_nothing(qapp, tmp_path) -> None:
    clock = FakeClock()
    config = embedded(tmp_path)
    async with running(config, clock, handoff=FakeHandoff()) as kiosk:
        await kiosk.tap_text(QUEUE)
        assert kiosk.on_screen("ready")
        assert get(kiosk.window, "startButton").property("text") == "Start"
        await press(kiosk, "startButton")  # a plain line: Start also joins it
        assert kiosk.on_screen("participating_queue")
        assert get(kiosk.window, "positionValue").property("text").isdigit()
        assert config.session_file.exists()  # the visit survives a restart meanwhile

        await kiosk.until("granted")  # the line moves as the fake clock does
        await settle()
        assert get(kiosk.window, "referenceCard").isVisible()
        assert "A-1042" in texts(kiosk.window)

        # The grant is live: Done asks first; Stay keeps it, Leave ends the visit.
        await press(kiosk, "doneButton")
        assert get(kiosk.window, "doneQuestion").isVisible()
        await press(kiosk, "stayButton")
        assert kiosk.on_screen("granted")
        await press(kiosk, "doneButton")
        await press(kiosk, "confirmDoneButton")
        await settle()
        assert kiosk.on_screen("attract")
        assert find(kiosk.window, "referenceCard") is None
        assert not any("A-1042" in text for text in texts(kiosk.window))
        assert not config.session_file.exists()


async def test_the_timed_release_grants_a_unit_by_touch(qapp, tmp_path) -> None:
    clock = FakeClock()
    async with walking(tmp_path, RELEASE, clock) as walk:
        kiosk = walk.kiosk
        await kiosk.tap("attractStartButton")
        await press(kiosk, "startButton")
        assert kiosk.on_screen("enterable_timed_release")
        await press(kiosk, "enterButton")
        await kiosk.until("granted", limit=10)
        await settle()
        assert get(kiosk.window, "referenceCard").isVisible()


async def test_a_sold_out_timed_release_tells_the_customer_and_lets_them_go(qapp, tmp_path) -> None:
    """Other consumers on the same venue take every unit while the kiosk's customer looks;
    the customer's tap arrives after the last one has gone."""
    clock = FakeClock()
    async with walking(tmp_path, RELEASE, clock) as walk:
        kiosk = walk.kiosk
        await kiosk.tap("attractStartButton")
        await press(kiosk, "startButton")
        assert kiosk.on_screen("enterable_timed_release")
        experience = kiosk.app.journey.property("experienceId")
        others = [walk.second_customer(clock) for _ in range(RELEASE_UNITS)]
        try:
            for other in others:
                view = await other.journeys.get(experience).view.start()
                assert isinstance(view, RoutedView)
                assert isinstance(view.sequence, EnterableTimedRelease)
                await view.sequence.enter()

            # The kiosk has not polled since: it still offers the release, the venue says no,
            # and the customer is shown why (not "Something went wrong").
            assert kiosk.on_screen("enterable_timed_release")
            await press(kiosk, "enterButton")
            await settle()
            assert kiosk.on_screen("ended")
            assert kiosk.app.journey.property("outcome") == "closed"
            assert "This release has closed" in texts(kiosk.window)
            assert find(kiosk.window, "referenceCard") is None
            assert not get(kiosk.window, "againButton").isVisible()  # nothing to rejoin
            await press(kiosk, "doneButton")
            await settle()
            assert kiosk.on_screen("attract")
        finally:
            for other in others:
                await other.aclose()
