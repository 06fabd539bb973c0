"""A kiosk whose clock is wrong still counts down on the venue's time (its `Date` header)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kiosk.venue.service import VenueService
from tests.fakes import FakeClock
from tests.session.fakes import FakeHandoff, FakeNetwork, open_kiosk


class SkewedClock(FakeClock):
    """The kiosk's clock: the venue's fake clock, off by `skew` (moves when it moves)."""

    def __init__(self, venue: FakeClock, skew: timedelta) -> None:
        super().__init__()
        self._venue = venue
        self._skew = skew

    def now(self) -> datetime:
        return self._venue.now() + self._skew

    def monotonic(self) -> float:
        return self._venue.monotonic()

    async def sleep(self, seconds: float) -> None:
        await self._venue.sleep(seconds)

    def advance(self, seconds: float) -> None:
        self._venue.advance(seconds)


@pytest.mark.parametrize("skew_hours", [-1, 0, 1])
async def test_the_granted_countdown_shows_the_real_time_left_on_a_wrong_kiosk_clock(
    demo: VenueService, clock: FakeClock, tmp_path, handoff: FakeHandoff, skew_hours: int
) -> None:
    kiosk_clock = SkewedClock(clock, timedelta(hours=skew_hours))
    network = FakeNetwork(demo, date_clock=clock)
    kiosk = await open_kiosk(
        demo, kiosk_clock, tmp_path / "kiosk", network=network, handoff=handoff
    )
    try:
        await kiosk.choose("Sneaker drop: Aurora 1")
        kiosk.session.actions.start()  # a plain line: Start also joins it
        await kiosk.settle()
        await kiosk.until("granted")
        left = kiosk.session.journey_state.countdown_seconds
        assert 290 <= left <= 300  # the demo grant holds 5:00, on the venue's clock
    finally:
        await kiosk.close()
