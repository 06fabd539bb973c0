"""`ServerTime`: the server's clock, measured from each response's `Date` header."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime

from kiosk.sdk import Fanfare
from tests.sdk.fakes import FakeConsumerApi, RecordingClock, Scripted

EXPERIENCE = {"id": "exp_1", "name": "Drop", "timeZone": "UTC", "currencyCode": "EUR"}


def answers(*dates: str | None) -> list[Scripted]:
    """The experience, answered with each `Date` in turn (None: no header)."""
    return [
        Scripted(200, EXPERIENCE, headers={"Date": date} if date is not None else {})
        for date in dates
    ]


async def test_server_time_follows_a_server_two_hours_ahead(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    ahead = format_datetime(clock.now() + timedelta(hours=2), usegmt=True)
    api.script("GET", "/experiences/exp_1", *answers(ahead))
    assert fanfare.server_time.now() == clock.now()  # nothing measured yet

    await fanfare.client.get_experience("exp_1")

    assert fanfare.server_time.now() == clock.now() + timedelta(hours=2)
    clock.advance(90)
    assert fanfare.server_time.now() == clock.now() + timedelta(hours=2)


async def test_a_garbled_or_missing_date_leaves_the_offset_unchanged(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    ahead = format_datetime(clock.now() + timedelta(hours=2), usegmt=True)
    api.script("GET", "/experiences/exp_1", *answers(ahead, "not a date", None, ""))
    for _ in range(4):
        await fanfare.client.get_experience("exp_1")
        assert fanfare.server_time.offset == timedelta(hours=2)


async def test_a_server_on_the_same_clock_measures_no_offset(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    clock.advance(0.7)  # `Date` has whole seconds: under a second is no offset
    api.script("GET", "/experiences/exp_1", *answers(format_datetime(clock.now(), usegmt=True)))
    await fanfare.client.get_experience("exp_1")
    assert fanfare.server_time.offset == timedelta(0)
