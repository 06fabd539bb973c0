"""A journey against a fake consumer API: start, actions on views, stale references, events,
grants, staleness and recovery."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

import pytest

from kiosk.core.tasks import start_task
from kiosk.sdk import (
    AccessCodeSubmitResult,
    ActionUnavailableError,
    APIConnectionError,
    EndedSequence,
    EnterableQueue,
    Fanfare,
    GatedView,
    GrantedSequence,
    JourneyView,
    NotWaitlisted,
    ParticipatingQueue,
    ReadyView,
    RoutedView,
    RoutingView,
    ScheduledSequence,
    UnavailableSequence,
    Waitlisted,
)
from kiosk.wire.routing import AccessCodeGate
from tests.sdk.fakes import (
    EXPERIENCE_ID,
    GRANT_TOKEN,
    FakeConsumerApi,
    RecordingClock,
    drive,
    settle,
)


def body(request) -> dict:
    return json.loads(request.content) if request.content else {}


async def poll(clock: RecordingClock, seconds: float = 2.0) -> None:
    """Let the poll loop reach its sleep, then move time on so it polls once."""
    await settle()
    clock.advance(seconds)
    await settle()


async def start_queue(fanfare: Fanfare) -> RoutedView:
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    view = await journey.view.start()
    assert isinstance(view, RoutedView)
    view = await view.sequence.enter()
    assert isinstance(view, RoutedView) and isinstance(view.sequence, ParticipatingQueue)
    return view


# -- start -----------------------------------------------------------------------------------


async def test_start_emits_routing_then_the_routed_view(
    fanfare: Fanfare, api: FakeConsumerApi
) -> None:
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    seen: list[JourneyView] = []
    journey.subscribe(seen.append)
    assert isinstance(journey.view, ReadyView)

    view = await journey.view.start()

    assert [type(item) for item in seen] == [RoutingView, RoutedView]
    assert view is journey.view
    assert isinstance(view, RoutedView) and isinstance(view.sequence, EnterableQueue)
    assert view.sequence_id == "seq_general"
    assert view.refreshed_at is not None
    assert [f"{r.method} {r.url.path}" for r in api.requests] == [
        "POST /auth/guest",
        f"POST /experiences/{EXPERIENCE_ID}/route",
        "GET /consumers/me",
    ]
    assert body(api.requests[1]) == {}


async def test_journeys_get_returns_the_same_journey(fanfare: Fanfare) -> None:
    assert fanfare.journeys.get(EXPERIENCE_ID) is fanfare.journeys.get(EXPERIENCE_ID)
    assert fanfare.journeys.get(EXPERIENCE_ID) is not fanfare.journeys.get("exp_other")


async def test_no_access_shows_an_unavailable_sequence(
    fanfare: Fanfare, api: FakeConsumerApi
) -> None:
    api.no_access = True

    view = await fanfare.journeys.get(EXPERIENCE_ID).view.start()

    assert isinstance(view, RoutedView)
    assert isinstance(view.sequence, UnavailableSequence)
    assert view.sequence.reason == "NO_ACCESS"


async def test_a_failed_start_returns_to_ready_and_says_so(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    api.offline = True

    with pytest.raises(APIConnectionError):
        await drive(clock, journey.view.start())

    assert isinstance(journey.view, ReadyView)
    assert journey.latest_event is not None
    assert journey.latest_event.kind == "error"
    api.offline = False
    assert isinstance(await journey.view.start(), RoutedView)


# -- gates and access codes ------------------------------------------------------------------


async def test_gated_journey_reroutes_with_an_access_code(
    fanfare: Fanfare, api: FakeConsumerApi
) -> None:
    api.required_code = "LETMEIN"
    journey = fanfare.journeys.get(EXPERIENCE_ID)

    gated = await journey.view.start()
    assert isinstance(gated, GatedView)
    assert isinstance(gated.gates[0], AccessCodeGate)
    assert gated.gates[0].status == "missing"

    still_gated = await gated.reroute(access_code="WRONG")
    assert isinstance(still_gated, GatedView)
    assert still_gated.gates[0].status == "invalid"

    routed = await still_gated.reroute(access_code="LETMEIN")
    assert isinstance(routed, RoutedView)

    # Without an argument, reroute() re-sends the stored code.
    await routed.reroute()
    assert api.route_calls[-1] == {"accessCode": "LETMEIN"}


async def test_reroute_with_none_clears_the_stored_code(
    fanfare: Fanfare, api: FakeConsumerApi
) -> None:
    api.required_code = "LETMEIN"
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    gated = await journey.view.start()
    await gated.reroute(access_code="WRONG")

    cleared = await journey.view.reroute(access_code=None)
    retried = await cleared.retry()

    assert api.route_calls[-2:] == [{"accessCode": None}, {"accessCode": None}]
    assert isinstance(retried, GatedView)


async def test_submit_access_code_reports_unchanged_advanced_and_gated(
    fanfare: Fanfare, api: FakeConsumerApi
) -> None:
    api.vip_code = "VIP"
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    routed = await journey.view.start()
    assert isinstance(routed, RoutedView)
    assert [offer.sequence.id for offer in routed.offers] == ["seq_vip"]

    unchanged = await routed.submit_access_code("NOPE")
    assert unchanged == AccessCodeSubmitResult(outcome="unchanged", sequence_id="seq_general")
    assert journey.view.sequence_id == "seq_general"
    assert journey.latest_event is None

    advanced = await journey.view.submit_access_code("VIP")
    assert advanced == AccessCodeSubmitResult(outcome="advanced", sequence_id="seq_vip")
    assert journey.view.sequence_id == "seq_vip"
    event = journey.latest_event
    assert event is not None and event.kind == "reroute"
    assert (event.severity, event.message, event.detail["direction"]) == (
        "info",
        "Sequence changed",
        "upgrade",
    )

    api.required_code = "SOMETHING-ELSE"
    gated = await journey.view.submit_access_code("WRONG")
    assert gated.outcome == "gated"
    assert isinstance(journey.view, GatedView)


async def test_a_downgrade_is_announced_as_a_warning(
    fanfare: Fanfare, api: FakeConsumerApi
) -> None:
    api.vip_code = "VIP"
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    routed = await journey.view.start()
    await routed.submit_access_code("VIP")
    # The server moves the consumer back to the general sequence.
    api.vip_code = None
    api.sequence_id = "seq_general"
    api.journeys.clear()

    await journey.view.reroute()

    event = journey.latest_event
    assert event is not None
    assert (event.kind, event.severity, event.message) == (
        "reroute",
        "warning",
        "Sequence downgraded",
    )
    assert event.detail["direction"] == "downgrade"
    assert journey.ack_event(event.id)
    assert journey.latest_event is not None and journey.latest_event.id != event.id


# -- actions per mechanism -------------------------------------------------------------------


async def test_queue_enter_shows_position_and_eta_then_leave_ends_it(
    fanfare: Fanfare, api: FakeConsumerApi
) -> None:
    view = await start_queue(fanfare)

    assert view.sequence.display.position == 5
    assert view.sequence.display.estimated_wait_seconds == 50.0
    assert view.sequence.display.position_display_mode == "precise"

    ended = await view.sequence.leave()

    assert isinstance(ended, RoutedView) and isinstance(ended.sequence, EndedSequence)
    assert ended.sequence.outcome.type == "left"
    assert len(api.calls("POST", "/queues/q_1/leave")) == 1


@pytest.mark.parametrize(
    ("mechanism", "dist_id", "enter_path", "leave_path"),
    [
        ("draw", "d_1", "/draws/d_1/enter", "/draws/d_1/leave"),
        ("timed_release", "tr_1", "/timed-releases/tr_1/enter", "/timed-releases/tr_1/leave"),
    ],
)
async def test_draw_and_timed_release_enter_and_leave(
    make_fanfare,
    api: FakeConsumerApi,
    mechanism: str,
    dist_id: str,
    enter_path: str,
    leave_path: str,
) -> None:
    api.mechanism, api.dist_id = mechanism, dist_id
    async with make_fanfare() as fanfare:
        view = await fanfare.journeys.get(EXPERIENCE_ID).view.start()
        entered = await view.sequence.enter()
        assert entered.sequence.phase == "participating"
        assert entered.sequence.mechanism == mechanism
        left = await entered.sequence.leave()

    assert left.sequence.outcome.type == "left"
    assert len(api.calls("POST", enter_path)) == 1
    assert len(api.calls("POST", leave_path)) == 1


async def test_auction_bids_in_exact_decimals_and_leaves_the_experience(
    make_fanfare, api: FakeConsumerApi
) -> None:
    api.mechanism, api.dist_id = "auction", "a_1"
    async with make_fanfare() as fanfare:
        view = await fanfare.journeys.get(EXPERIENCE_ID).view.start()
        bidding = await view.sequence.bid(Decimal("125.50"))
        assert bidding.sequence.display.current_bid == Decimal("125.50")
        higher = await bidding.sequence.bid(Decimal("130"))
        left = await higher.sequence.leave()

    bids = api.calls("POST", "/auctions/a_1/bid")
    assert [body(request) for request in bids] == [{"amount": "125.50"}, {"amount": "130"}]
    assert len(api.calls("DELETE", f"/experiences/{EXPERIENCE_ID}/leave")) == 1
    assert left.sequence.phase == "ended"


async def test_appointment_book_reschedule_cancel(make_fanfare, api: FakeConsumerApi) -> None:
    api.mechanism, api.dist_id = "appointment", "ap_1"
    async with make_fanfare() as fanfare:
        view = await fanfare.journeys.get(EXPERIENCE_ID).view.start()
        booked = await view.sequence.book("slot_1", location_id="loc_1")
        assert (booked.sequence.display.slot_id, booked.sequence.display.location_id) == (
            "slot_1",
            "loc_1",
        )
        assert not hasattr(booked.sequence, "leave")
        moved = await booked.sequence.reschedule("slot_2")
        cancelled = await moved.sequence.cancel(reason="changed plans")

    assert body(api.calls("POST", "/appointments/ap_1/book")[0]) == {
        "slotId": "slot_1",
        "locationId": "loc_1",
    }
    assert body(api.calls("POST", "/appointments/ap_1/reschedule")[0]) == {"newSlotId": "slot_2"}
    assert body(api.calls("POST", "/appointments/ap_1/cancel")[0]) == {
        "slotId": "slot_2",
        "reason": "changed plans",
    }
    assert cancelled.sequence.outcome.type == "cancelled"


async def test_waitlist_join_and_leave_on_a_scheduled_sequence(
    fanfare: Fanfare, api: FakeConsumerApi
) -> None:
    api.initial_phase = "scheduled"
    api.details = {"waitlistId": "wl_1"}
    journey = fanfare.journeys.get(EXPERIENCE_ID)

    view = await journey.view.start()
    assert isinstance(view.sequence, ScheduledSequence)
    assert isinstance(view.sequence.waitlist, NotWaitlisted)

    joined = await view.sequence.waitlist.join()
    assert isinstance(joined.sequence.waitlist, Waitlisted)
    assert joined.sequence.waitlist.position == 1

    left = await joined.sequence.waitlist.leave()
    assert isinstance(left.sequence.waitlist, NotWaitlisted)
    assert len(api.calls("POST", "/waitlists/wl_1/enter")) == 1
    assert len(api.calls("DELETE", "/waitlists/wl_1/leave")) == 1


# -- stale references ------------------------------------------------------------------------


async def test_an_action_through_a_stale_view_raises_a_clear_error(fanfare: Fanfare) -> None:
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    ready = journey.view
    routed = await ready.start()
    enterable = routed.sequence
    await enterable.enter()

    with pytest.raises(ActionUnavailableError) as caught:
        await enterable.enter()
    assert "enter() is no longer available" in str(caught.value)
    assert "routed/participating/queue" in str(caught.value)

    with pytest.raises(ActionUnavailableError, match="start"):
        await ready.start()


async def test_a_waitlist_action_through_a_stale_attachment_raises(
    fanfare: Fanfare, api: FakeConsumerApi
) -> None:
    api.initial_phase = "scheduled"
    api.details = {"waitlistId": "wl_1"}
    view = await fanfare.journeys.get(EXPERIENCE_ID).view.start()
    attachment = view.sequence.waitlist
    await attachment.join()

    with pytest.raises(ActionUnavailableError, match="join"):
        await attachment.join()


async def test_a_display_refresh_does_not_invalidate_the_previous_view(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    before = await start_queue(fanfare)
    api.set_queue_position(3)

    await poll(clock)

    after = journey.view
    assert after is not before
    assert after.sequence.display.position == 3
    assert before.sequence.display.position == 5
    ended = await before.sequence.leave()  # still the same phase: the action is valid
    assert ended.sequence.phase == "ended"


async def test_a_double_tap_sends_the_action_once(fanfare: Fanfare, api: FakeConsumerApi) -> None:
    view = await fanfare.journeys.get(EXPERIENCE_ID).view.start()

    results = await asyncio.gather(
        view.sequence.enter(), view.sequence.enter(), return_exceptions=True
    )

    assert len(api.calls("POST", "/queues/q_1/enter")) == 1
    assert isinstance(results[1], ActionUnavailableError)


# -- grants ----------------------------------------------------------------------------------


async def test_claim_returns_the_grant_marks_it_claimed_and_stops_the_expiry_timer(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    await start_queue(fanfare)
    api.grant(expires_in=300)
    await poll(clock)
    granted = journey.view
    assert isinstance(granted.sequence, GrantedSequence)
    assert not granted.sequence.claimed

    grant = granted.sequence.claim()

    assert grant.token == GRANT_TOKEN
    assert grant.distribution_id == "q_1"
    assert journey.view.sequence.claimed
    assert granted.sequence.claim() == grant  # claiming again is harmless
    await settle()
    clock.advance(400)  # past the grant's expiry: a claimed grant does not lapse here
    await settle()
    assert isinstance(journey.view.sequence, GrantedSequence)


async def test_an_unclaimed_grant_lapses_to_ended_expired(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    await start_queue(fanfare)
    api.grant(expires_in=20)
    await poll(clock)
    granted = journey.view
    assert isinstance(granted.sequence, GrantedSequence)

    await poll(clock, 20)

    assert isinstance(journey.view.sequence, EndedSequence)
    assert journey.view.sequence.outcome.type == "expired"
    assert journey.latest_event is not None
    assert "expired" in journey.latest_event.message
    with pytest.raises(ActionUnavailableError, match="claim"):
        granted.sequence.claim()


# -- staleness -------------------------------------------------------------------------------


async def test_a_failed_poll_marks_the_view_stale_and_recovery_clears_it(
    fanfare: Fanfare, api: FakeConsumerApi, clock: RecordingClock
) -> None:
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    fresh = await start_queue(fanfare)
    api.offline = True

    await poll(clock)
    for _ in range(4):  # the client's own retries inside the poll
        await poll(clock, clock.next_deadline() or 0)

    stale = journey.view
    assert stale.degraded and stale.stale
    assert stale.sequence.display.position == 5  # the last known state, re-emitted
    assert stale.refreshed_at == fresh.refreshed_at
    assert journey.latest_event is not None
    assert journey.latest_event.kind == "error"
    assert "Connection lost" in journey.latest_event.message
    assert hasattr(stale.sequence, "leave")

    api.offline = False
    api.set_queue_position(2)
    await poll(clock, clock.next_deadline() or 0)

    recovered = journey.view
    assert not recovered.degraded and not recovered.stale
    assert recovered.sequence.display.position == 2
    assert journey.latest_event is not None
    assert journey.latest_event.message == "Connection restored."


async def test_a_view_goes_stale_when_not_refreshed_in_time(
    fanfare: Fanfare, clock: RecordingClock
) -> None:
    view = await fanfare.journeys.get(EXPERIENCE_ID).view.start()
    assert view.sequence.phase == "enterable"  # polled every 10 s
    assert not view.stale

    clock.advance(16)  # one poll late is not stale yet: staleness follows the cadence
    assert not view.stale

    clock.advance(10)  # two polls missed, plus the margin
    assert view.stale


# -- subscriptions and lifecycle -------------------------------------------------------------


async def test_subscribe_and_unsubscribe(fanfare: Fanfare) -> None:
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    seen: list[str] = []
    unsubscribe = journey.subscribe(lambda view: seen.append(view.journey_stage))

    view = await journey.view.start()
    unsubscribe()
    await view.sequence.enter()

    assert seen == ["routing", "routed"]


async def test_a_failing_subscriber_does_not_break_the_journey(fanfare: Fanfare) -> None:
    journey = fanfare.journeys.get(EXPERIENCE_ID)

    def broken(view: JourneyView) -> None:
        raise RuntimeError("subscriber bug")

    journey.subscribe(broken)

    assert isinstance(await journey.view.start(), RoutedView)


async def test_next_view_waits_for_a_change_or_times_out_on_the_clock(
    fanfare: Fanfare, clock: RecordingClock
) -> None:
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    waiting = start_task(journey.next_view(timeout=5), name="next-view")
    await settle()
    await journey.view.start()
    assert isinstance(await waiting, RoutingView | RoutedView)

    timing_out = start_task(journey.next_view(timeout=5), name="next-view")
    await settle()
    clock.advance(5)
    with pytest.raises(TimeoutError):
        await timing_out


async def test_close_stops_polling_and_actions(fanfare: Fanfare, clock: RecordingClock) -> None:
    journey = fanfare.journeys.get(EXPERIENCE_ID)
    view = await start_queue(fanfare)
    await settle()
    assert clock.sleepers == 1  # the poll loop

    await journey.close()

    assert clock.sleepers == 0
    with pytest.raises(ActionUnavailableError, match="closed"):
        await view.sequence.leave()
