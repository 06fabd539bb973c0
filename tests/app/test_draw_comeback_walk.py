"""Walk away from a draw and come back (issue 14), by touch in the real app on the venue app:
the customer enters the demo draw, reads the entry reference, taps Done and leaves; the draw
runs; a new visit on the same kiosk types a wrong reference (heard as such), then the right
one, and sees the result: won, with the prize's reference and its countdown."""

from __future__ import annotations

from tests.app.fakes import click, get
from tests.app.test_journey_walks import draw_walk, drawn, heard, press, type_code
from tests.fakes import FakeClock


async def test_a_customer_walks_away_from_the_draw_and_comes_back_with_the_reference(
    qapp, tmp_path
) -> None:
    clock = FakeClock()  # the demo draw closes in 10 min and is drawn at 11 min (3 winners)
    async with draw_walk(tmp_path, clock) as (walk, handoff):
        kiosk = walk.kiosk
        await kiosk.tap("attractStartButton")
        await press(kiosk, "startButton")
        await kiosk.advance(1)
        await press(kiosk, "enterButton")
        await kiosk.until("participating_draw", limit=5)
        reference = kiosk.app.journey.property("entryReference")
        assert len(reference) == 6
        assert heard(kiosk, "referenceDisplay").endswith(reference)  # read out, and shown
        assert walk.shown("referenceQr")

        await press(kiosk, "doneButton")  # the customer walks away
        await kiosk.until("attract", limit=10)
        assert kiosk.app.journey.property("entryReference") == ""  # nothing of them is left

        clock.advance(11 * 60)  # the draw runs while they are away: the one entrant wins
        await kiosk.advance(1)

        # A new visit: the draw's first screen offers to come back with a reference.
        await kiosk.tap("attractStartButton")
        await kiosk.until("ready", limit=5)
        await press(kiosk, "entryReferenceButton")
        await kiosk.advance(1)
        assert walk.shown("referenceEntry")
        await type_code(kiosk, "referenceKeypad", "ZZZZZZ")
        await press(kiosk, "submitReferenceButton")
        await kiosk.advance(1)
        assert "did not match" in heard(kiosk, "referenceRefusedNotice")
        assert kiosk.on_screen("ready")

        drawn(kiosk)
        click(kiosk.window, get(get(kiosk.window, "referenceKeypad"), "key_clear"))
        await type_code(kiosk, "referenceKeypad", reference.lower().upper())
        await press(kiosk, "submitReferenceButton")
        await walk.wait_for("granted", limit=30)
        await kiosk.advance(1)  # the prize's handoff runs
        assert len(handoff.grants) == 1
        assert kiosk.app.journey.property("countdownSeconds") > 0
        assert kiosk.app.journey.property("handoffReference") != ""
        assert not walk.shown("referenceEntry")
