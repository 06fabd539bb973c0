"""The public model: which actions each view offers, live data, money, grants, staleness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from kiosk.sdk import (
    ActionUnavailableError,
    EndedSequence,
    GatedView,
    GrantedSequence,
    NotWaitlisted,
    ReadyView,
    RoutedView,
    RoutingView,
    ScheduledSequence,
    UnknownGate,
    Waitlisted,
    WaitlistNotified,
)
from kiosk.sdk.builder import ViewContext, view_from_projection
from kiosk.wire.projection import ConsumerMe
from tests.sdk.fakes import EXPERIENCE_ID, GRANT_TOKEN, MECHANISMS, NOW, build, sequence

SEQUENCE_ACTIONS = {"enter", "leave", "bid", "book", "cancel", "reschedule", "claim"}
JOURNEY_ACTIONS = {"start", "reroute", "retry", "submit_access_code"}


def offered(obj: object, names: set[str]) -> set[str]:
    return {name for name in names if hasattr(obj, name)}


EXPECTED: dict[tuple[str, str], set[str]] = {
    ("enterable", "queue"): {"enter"},
    ("enterable", "draw"): {"enter"},
    ("enterable", "timed_release"): {"enter"},
    ("enterable", "auction"): {"bid"},
    ("enterable", "appointment"): {"book"},
    ("participating", "queue"): {"leave"},
    ("participating", "draw"): {"leave"},
    ("participating", "timed_release"): {"leave"},
    ("participating", "auction"): {"bid", "leave"},
    ("participating", "appointment"): {"cancel", "reschedule"},
    ("settling", "draw"): set(),
    ("settling", "auction"): set(),
    ("granted", "queue"): {"claim"},
    ("granted", "draw"): {"claim"},
    ("granted", "auction"): {"claim"},
    ("granted", "timed_release"): {"claim"},
    **{("scheduled", mechanism): set() for mechanism in MECHANISMS},
    **{("ended", mechanism): set() for mechanism in MECHANISMS},
}


@pytest.mark.parametrize(("phase", "mechanism"), sorted(EXPECTED))
def test_each_phase_and_mechanism_offers_exactly_its_actions(phase: str, mechanism: str) -> None:
    view = build(sequence(phase, mechanism))

    assert isinstance(view, RoutedView)
    assert (view.sequence.phase, view.sequence.mechanism) == (phase, mechanism)
    assert offered(view.sequence, SEQUENCE_ACTIONS) == EXPECTED[(phase, mechanism)]


def test_unavailable_has_no_actions_and_keeps_its_reason() -> None:
    view = build({"phase": "unavailable", "reason": "sold_out"})

    assert view.sequence.phase == "unavailable"
    assert view.sequence.reason == "sold_out"
    assert offered(view.sequence, SEQUENCE_ACTIONS) == set()


def test_journey_stages_offer_their_actions() -> None:
    common = {"experience_id": EXPERIENCE_ID}
    routed = build(sequence("enterable", "queue"))
    gated = GatedView(**common, gates=[])

    assert offered(ReadyView(**common), JOURNEY_ACTIONS) == {"start"}
    assert offered(RoutingView(**common), JOURNEY_ACTIONS) == set()
    assert offered(gated, JOURNEY_ACTIONS) == {"reroute", "retry"}
    assert offered(routed, JOURNEY_ACTIONS) == {"reroute", "retry", "submit_access_code"}
    assert not hasattr(gated, "sequence")
    assert not hasattr(routed, "gates")


def test_participating_views_carry_live_data() -> None:
    queue = build(sequence("participating", "queue")).sequence
    auction = build(sequence("participating", "auction")).sequence
    appointment = build(sequence("participating", "appointment")).sequence
    draw = build(sequence("participating", "draw")).sequence

    assert queue.display.position == 4
    assert auction.display.current_bid == Decimal("125.50")
    assert isinstance(auction.display.highest_bid, Decimal)
    assert (appointment.display.slot_id, appointment.display.location_id) == ("slot_9", "loc_2")
    assert draw.display.entered_at == datetime(2026, 11, 27, 11, 0, tzinfo=UTC)


def test_money_is_never_a_float() -> None:
    body = sequence("participating", "auction")
    body["consumer"] = {"status": "winning", "currentBid": 125.5}

    with pytest.raises(ValidationError):
        build(body)


def test_unknown_fields_are_tolerated() -> None:
    body = sequence("participating", "queue", futureField={"x": 1})
    body["consumer"]["loyaltyTier"] = "gold"

    view = build(body, somethingNew=True)

    assert view.sequence.display.position == 4


def test_scheduled_exposes_timing_and_an_optional_waitlist() -> None:
    opens = "2026-11-27T13:00:00Z"
    plain = build(sequence("scheduled", "draw", dist={"opensAt": opens})).sequence
    with_waitlist = build(
        sequence("scheduled", "queue", dist={"details": {"waitlistId": "wl_1"}})
    ).sequence

    assert isinstance(plain, ScheduledSequence)
    assert plain.starts_at == datetime(2026, 11, 27, 13, 0, tzinfo=UTC)
    assert plain.waitlist is None
    assert isinstance(with_waitlist.waitlist, NotWaitlisted)
    assert with_waitlist.waitlist.status == "not_waitlisted"


def test_waitlist_actions_follow_its_status() -> None:
    details = {"waitlistId": "wl_1"}
    membership = {
        "waitlistId": "wl_1",
        "sequenceId": "seq_general",
        "experienceId": EXPERIENCE_ID,
        "position": 3,
    }
    not_joined = build(sequence("scheduled", "queue", dist={"details": details})).sequence.waitlist
    joined = build(
        sequence("scheduled", "queue", dist={"details": details}), waitlists=[membership]
    ).sequence.waitlist
    notified = build(
        sequence("scheduled", "queue", dist={"details": {**details, "waitlistStatus": "notified"}})
    ).sequence.waitlist

    assert offered(not_joined, {"join", "leave"}) == {"join"}
    assert isinstance(joined, Waitlisted) and joined.position == 3
    assert offered(joined, {"join", "leave"}) == {"leave"}
    assert isinstance(notified, WaitlistNotified)
    assert offered(notified, {"join", "leave"}) == {"leave"}


def test_the_grant_token_is_hidden_from_repr_and_str() -> None:
    view = build(sequence("granted", "queue"))

    assert isinstance(view.sequence, GrantedSequence)
    assert view.sequence.grant.token == GRANT_TOKEN
    assert view.sequence.expires_at == datetime(2026, 11, 27, 12, 5, tzinfo=UTC)
    for text in (repr(view), str(view), repr(view.sequence.grant), str(view.sequence)):
        assert GRANT_TOKEN not in text


def test_ended_views_carry_the_outcome() -> None:
    view = build(sequence("ended", "draw"))

    assert isinstance(view.sequence, EndedSequence)
    assert view.sequence.outcome.type == "lost"


def test_gates_from_the_projection_are_typed_and_unknown_ones_tolerated() -> None:
    me = ConsumerMe.model_validate(
        {
            "active": {
                "journeys": [
                    {
                        "experienceId": EXPERIENCE_ID,
                        "journeyStage": "gated",
                        "gates": [
                            {
                                "type": "access_code",
                                "status": "invalid",
                                "reason": {"code": "ACCESS_CODE_INVALID"},
                            },
                            {"type": "face_scan", "status": "required"},
                        ],
                        "selected": {"sequenceId": "seq_vip"},
                    }
                ]
            }
        }
    )
    context = ViewContext(experience_id=EXPERIENCE_ID, refreshed_at=NOW, stale_after_seconds=15)
    projection = me.journey_for(EXPERIENCE_ID)
    assert projection is not None

    view = view_from_projection(context, projection)

    assert isinstance(view, GatedView)
    assert [gate.type for gate in view.gates] == ["access_code", "face_scan"]
    assert view.gates[0].status == "invalid"
    assert isinstance(view.gates[1], UnknownGate)
    assert view.selected_sequence_id == "seq_vip"


def test_staleness_follows_the_last_successful_refresh() -> None:
    view = build(sequence("participating", "queue"))

    assert not view.is_stale(NOW + timedelta(seconds=15))
    assert view.is_stale(NOW + timedelta(seconds=16))
    assert view.model_copy(update={"degraded": True}).is_stale(NOW)
    assert not ReadyView(experience_id=EXPERIENCE_ID).is_stale(NOW)


async def test_a_view_not_attached_to_a_journey_cannot_act() -> None:
    view = build(sequence("enterable", "queue"))

    with pytest.raises(ActionUnavailableError, match="not attached to a journey"):
        await view.sequence.enter()


async def test_bid_takes_a_decimal() -> None:
    view = build(sequence("enterable", "auction"))

    with pytest.raises(TypeError, match="Decimal"):
        await view.sequence.bid(125.5)  # type: ignore[arg-type]
