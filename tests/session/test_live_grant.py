"""The session against the real venue: a live grant holds off the idle reset until it
expires, and staleness follows each screen's own poll cadence."""

from __future__ import annotations

from tests.session.fakes import Kiosk


async def _granted(kiosk: Kiosk) -> None:
    await kiosk.choose("Sneaker drop: Aurora 1")
    kiosk.session.actions.start()  # a plain line: Start also joins it
    await kiosk.settle()
    await kiosk.until("granted")


async def test_a_live_grant_holds_the_idle_reset_until_it_expires(kiosk: Kiosk) -> None:
    await _granted(kiosk)
    left = kiosk.session.journey_state.countdown_seconds
    assert left > 120

    for _ in range(90):
        await kiosk.advance(1)
        assert kiosk.screen == "granted"
        assert kiosk.session.kiosk_state.idle_kind == ""
        assert not kiosk.session.journey_state.stale  # polled every 30 s: never overdue

    # Once the grant has expired, the normal idle behaviour returns, with the full timeout.
    while kiosk.session.journey_state.countdown_seconds > 0 and kiosk.screen == "granted":
        await kiosk.advance(5)
    await kiosk.advance(30)
    assert kiosk.session.kiosk_state.idle_kind == ""
    await kiosk.advance(20)
    assert kiosk.session.kiosk_state.idle_kind == "idle"
    await kiosk.advance(16)
    assert kiosk.screen == "attract"


async def test_the_sign_in_screen_is_not_stale_between_its_polls(kiosk: Kiosk) -> None:
    await kiosk.choose("Members release: Aurora 1 Mono")
    kiosk.session.actions.start()
    await kiosk.settle()
    assert kiosk.screen == "gated_authentication"
    for _ in range(8):  # 40 s of normal polling every 30 s (touching, so no idle reset)
        await kiosk.advance(5)
        kiosk.session.note_activity()
        assert not kiosk.session.journey_state.stale

    kiosk.network.down = True  # a real outage still shows
    await kiosk.advance(35)
    assert kiosk.screen == "gated_authentication"
    assert kiosk.session.journey_state.stale
