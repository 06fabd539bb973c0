"""Polling cadence: adaptive per phase, bounded, server-hinted, backing off on errors."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from kiosk.sdk import Fanfare, GatedView, PollPolicy, ReadyView, RetryPolicy, RoutedView
from kiosk.sdk.builder import ViewContext, view_from_projection
from kiosk.wire.projection import ConsumerMe
from tests.sdk.fakes import (
    EXPERIENCE_ID,
    NOW,
    FakeConsumerApi,
    RecordingClock,
    build,
    sequence,
    settle,
)


async def tick(clock: RecordingClock) -> float:
    """Let the poll loop sleep, then wake it; returns how long it asked to sleep."""
    await settle()
    delay = clock.next_deadline()
    assert delay is not None, "the poll loop is not sleeping"
    clock.advance(delay)
    await settle()
    return delay


async def enter_queue(fanfare: Fanfare) -> None:
    view = await fanfare.journeys.get(EXPERIENCE_ID).view.start()
    await view.sequence.enter()


# -- the policy ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phase", "mechanism", "expected"),
    [
        ("participating", "queue", 2.0),
        ("participating", "draw", 5.0),
        ("participating", "auction", 5.0),
        ("enterable", "queue", 10.0),
        ("settling", "draw", 5.0),
        ("granted", "queue", 30.0),
        ("scheduled", "queue", 15.0),
        ("ended", "queue", None),
    ],
)
def test_interval_follows_the_phase(phase: str, mechanism: str, expected: float | None) -> None:
    assert PollPolicy().interval_for(build(sequence(phase, mechanism)), NOW, None) == expected


def test_scheduled_wakes_at_opening_time() -> None:
    opens = (NOW + timedelta(seconds=4)).isoformat()
    view = build(sequence("scheduled", "draw", dist={"opensAt": opens}))

    assert PollPolicy().interval_for(view, NOW, None) == 4.0


def test_nothing_is_polled_before_the_journey_starts() -> None:
    assert PollPolicy().interval_for(ReadyView(experience_id=EXPERIENCE_ID), NOW, None) is None
    assert PollPolicy().interval_for(GatedView(experience_id=EXPERIENCE_ID, gates=[]), NOW, None)


@pytest.mark.parametrize(
    ("phase", "mechanism", "expected"),
    [
        ("participating", "queue", 15.0),  # polled every 2 s: the floor
        ("enterable", "queue", 25.0),
        ("granted", "queue", 65.0),  # polled every 30 s: two polls missed plus the margin
        ("ended", "queue", math.inf),  # nothing polls it: stale only when a refresh fails
    ],
)
def test_staleness_follows_the_poll_cadence(phase: str, mechanism: str, expected: float) -> None:
    view = build(sequence(phase, mechanism))
    assert PollPolicy().stale_after(view, NOW, None, 15.0) == expected
    gated = GatedView(experience_id=EXPERIENCE_ID, gates=[])
    assert PollPolicy().stale_after(gated, NOW, None, 15.0) == 65.0


@pytest.mark.parametrize(("hint", "expected"), [(4.5, 4.5), (0.1, 1.0), (1000.0, 60.0)])
def test_the_server_hint_is_honoured_within_bounds(hint: float, expected: float) -> None:
    view = build(sequence("participating", "queue"))

    assert PollPolicy().interval_for(view, NOW, hint) == expected


def test_error_backoff_doubles_and_is_capped() -> None:
    policy = PollPolicy()

    delays = [policy.error_delay(failures, lambda: 0.5) for failures in range(1, 8)]

    assert delays == [2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
    assert policy.error_delay(3, lambda: 1.0) == 10.0  # jitter from the injected random


def test_unavailable_is_polled_slowly() -> None:
    me = ConsumerMe.model_validate(
        {
            "active": {
                "journeys": [
                    {
                        "experienceId": EXPERIENCE_ID,
                        "journeyStage": "routed",
                        "sequenceId": "s",
                        "sequence": {"phase": "unavailable"},
                    }
                ]
            }
        }
    )
    projection = me.journey_for(EXPERIENCE_ID)
    assert projection is not None
    context = ViewContext(experience_id=EXPERIENCE_ID, refreshed_at=NOW, stale_after_seconds=15)
    view = view_from_projection(context, projection)

    assert isinstance(view, RoutedView)
    assert PollPolicy().interval_for(view, NOW, None) == 30.0


# -- the loop against the fake API -----------------------------------------------------------


async def test_queued_polls_the_cheap_status_fast_and_the_projection_now_and_then(
    make_fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    async with make_fanfare(poll_policy=PollPolicy(full_refresh_every=3)) as fanfare:
        await enter_queue(fanfare)
        me_before = len(api.calls("GET", "/consumers/me"))

        delays = [await tick(clock) for _ in range(4)]

        assert delays == [2.0, 2.0, 2.0, 2.0]
        assert len(api.calls("GET", "/queues/q_1/status")) == 3
        assert len(api.calls("GET", "/consumers/me")) == me_before + 1


async def test_a_status_category_change_fetches_the_projection_at_once(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    await enter_queue(fanfare)
    api.grant()

    await tick(clock)

    view = fanfare.journeys.get(EXPERIENCE_ID).view
    assert view.sequence.phase == "granted"
    assert api.requests[-2].url.path == "/queues/q_1/status"
    assert api.requests[-1].url.path == "/consumers/me"
    assert await tick(clock) == 30.0  # granted: slower


async def test_the_poll_interval_header_sets_the_cadence(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    api.poll_interval = 4.5
    await enter_queue(fanfare)

    assert await tick(clock) == 4.5
    api.poll_interval = 0.01
    await tick(clock)
    assert await tick(clock) == 1.0


async def test_errors_back_off_boundedly_and_recover(
    make_fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    # No client retries here, so every sleep is the poll loop's own.
    async with make_fanfare(retry_policy=RetryPolicy(max_retries=0)) as fanfare:
        await enter_queue(fanfare)
        assert await tick(clock) == 2.0
        api.offline = True

        delays = [await tick(clock) for _ in range(8)]

        # The first sleep was already under way when the network went down.
        assert delays[1:] == [2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
        api.offline = False
        await tick(clock)  # the backoff sleep under way ends, and the poll succeeds
        assert await tick(clock) == 2.0


async def test_an_ended_journey_stops_polling(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    await enter_queue(fanfare)
    await settle()
    assert clock.sleepers == 1
    api.set_phase("ended", outcome={"type": "denied"})
    api.queue_state = {"status": "DENIED", "reason": "QUEUE_CLOSED"}

    await tick(clock)

    assert journey.view.sequence.phase == "ended"
    assert clock.sleepers == 0


async def test_the_poll_loop_has_a_lifetime(
    make_fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    async with make_fanfare(poll_policy=PollPolicy(max_lifetime_seconds=10)) as fanfare:
        await enter_queue(fanfare)
        for _ in range(5):
            await tick(clock)

        await settle()
        assert clock.sleepers == 0
