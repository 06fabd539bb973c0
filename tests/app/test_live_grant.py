"""The real app on the embedded venue: a live grant stays on screen, Done asks first, the
badge follows each screen's poll cadence, and `--time-scale` speeds up venue time only."""

from __future__ import annotations

from kiosk.app.config import KioskConfig
from kiosk.app.main import venue_time
from tests.app.fakes import find, get, texts
from tests.app.test_kiosk_app import embedded, running, settle
from tests.fakes import FakeClock
from tests.session.fakes import FakeHandoff


async def test_a_live_grant_is_never_idle_reset_and_done_asks_first(qapp, tmp_path) -> None:
    clock = FakeClock()
    async with running(embedded(tmp_path), clock, handoff=FakeHandoff()) as kiosk:
        await kiosk.tap_text("Sneaker drop: Aurora 1")
        await kiosk.tap("startButton")  # a plain line: Start also joins it
        await kiosk.until("granted")
        await settle()

        # Nobody touches the kiosk for two minutes (45 s idle + 15 s prompt, twice over).
        for _ in range(120):
            await kiosk.advance(1)
            assert find(kiosk.window, "idlePrompt") is None
            # Polled every 30 s: normal polling is never "reconnecting".
            assert not get(kiosk.window, "staleBadge").isVisible()
        assert kiosk.on_screen("granted")
        assert get(kiosk.window, "referenceCard").isVisible()
        assert "A-1042" in texts(kiosk.window)

        await kiosk.tap("doneButton")
        question = get(kiosk.window, "doneQuestion")
        assert question.isVisible()
        assert "still valid for" in question.property("text")
        assert kiosk.on_screen("granted")
        await kiosk.tap("stayButton")
        assert kiosk.on_screen("granted")
        assert not get(kiosk.window, "doneQuestion").isVisible()

        await kiosk.tap("doneButton")
        await kiosk.tap("confirmDoneButton")
        await settle()
        assert kiosk.on_screen("attract")


async def test_time_scale_speeds_up_the_venue_but_not_the_idle_prompt(qapp, tmp_path) -> None:
    clock = FakeClock()
    async with running(embedded(tmp_path, time_scale=10), clock) as kiosk:
        await kiosk.tap_text("Coming soon: Aurora 2")
        await kiosk.tap("startButton")
        assert kiosk.on_screen("scheduled")
        before = int(kiosk.app.journey.property("countdownSeconds"))
        await kiosk.advance(10)
        # Ten kiosk seconds are a hundred venue seconds.
        assert before - int(kiosk.app.journey.property("countdownSeconds")) >= 95

    clock = FakeClock()
    async with running(embedded(tmp_path / "second", time_scale=10), clock) as kiosk:
        await kiosk.tap_text("Sneaker drop: Aurora 1")
        assert kiosk.on_screen("ready")
        await kiosk.advance(30)  # 4.5 s would be the idle timeout on a scaled kiosk clock
        assert find(kiosk.window, "idlePrompt") is None
        assert kiosk.on_screen("ready")
        await kiosk.advance(16)
        assert find(kiosk.window, "idlePrompt") is not None


def test_venue_time_is_scaled_only_for_the_embedded_venue() -> None:
    clock = FakeClock()
    assert venue_time(KioskConfig(), clock) is clock
    remote = KioskConfig(
        api_url="http://venue.test", organization_id="o", publishable_key="pk_x", time_scale=10
    )
    assert venue_time(remote, clock) is clock
    scaled = venue_time(KioskConfig(time_scale=10), clock)
    start = scaled.monotonic()
    clock.advance(3)
    assert scaled.monotonic() - start == 30
