"""The auction engine's rules, on explicit datetimes and exact decimals (no service, no HTTP)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from kiosk.venue.domain import auction
from kiosk.venue.domain.auction import (
    AuctionConfig,
    AuctionEngine,
    AuctionUpdate,
    bid_too_low,
    load,
)
from kiosk.venue.domain.auction_rules import rule_problems
from kiosk.venue.domain.engine import TickResult
from kiosk.venue.domain.errors import RefusalKind, RefusedError
from kiosk.venue.http.errors import error_body, status_of
from kiosk.venue.store import SqliteStore

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
D = Decimal


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def token_for(grant_id: str) -> str:
    return f"token-{grant_id}"


def english_config(**overrides: Any) -> AuctionConfig:
    fields: dict[str, Any] = {
        "id": "auction-1",
        "sequence_id": "sequence-1",
        "name": "Sample pair",
        "open_at": T0,
        "close_at": at(900),
        "settle_at": at(960),
        "start_price": D("100.00"),
        "min_bid_increment": D("5.00"),
        "created_at": T0 - timedelta(hours=1),
        **overrides,
    }
    config = AuctionConfig.model_validate(fields)
    assert rule_problems(config) == []
    return config


def dutch_config(**overrides: Any) -> AuctionConfig:
    fields: dict[str, Any] = {
        "auction_type": "dutch",
        "start_price": D("400.00"),
        "price_drop_amount": D("10.00"),
        "price_drop_interval_seconds": 30,
        "floor_price": D("200.00"),
        "quantity": 3,
        "min_bid_increment": None,
        **overrides,
    }
    return english_config(**fields)


def english(**overrides: Any) -> AuctionEngine:
    return AuctionEngine(english_config(**overrides))


def dutch(**overrides: Any) -> AuctionEngine:
    return AuctionEngine(dutch_config(**overrides))


def refusal(call: Any) -> RefusedError:
    with pytest.raises(RefusedError) as caught:
        call()
    return caught.value


def status(engine: AuctionEngine, consumer: str) -> str:
    return auction.consumer_state(engine, consumer, token_for).status


# ---- English bidding -----------------------------------------------------------------------


def test_the_first_bid_must_reach_the_start_price() -> None:
    engine = english()
    with pytest.raises(RefusedError) as caught:
        engine.bid("ann", D("99.99"), at(10))
    assert status_of(caught.value) == 409
    assert error_body(caught.value) == {
        "code": "BID_TOO_LOW",
        "message": "Bid at least 100.00 USD.",
        "details": {"minBid": "100.00", "currentHighest": None},
    }
    assert engine.bids == []

    engine.bid("ann", D("100"), at(11))
    assert engine.highest().amount == D("100.00")
    assert str(engine.highest().amount) == "100.00"  # kept in the currency's minor units


def test_each_bid_must_beat_the_highest_by_the_increment() -> None:
    engine = english()
    engine.bid("ann", D("100.00"), at(10))
    with pytest.raises(RefusedError) as caught:
        engine.bid("bob", D("104.99"), at(20))
    assert caught.value.details == {"minBid": "105.00", "currentHighest": "100.00"}
    engine.bid("bob", D("105.00"), at(21))
    engine.bid("ann", D("250.00"), at(22))  # any amount above the minimum is fine
    assert [b.amount for b in engine.bids] == [D("100.00"), D("105.00"), D("250.00")]
    assert engine.min_bid(at(23)) == D("255.00")


def test_statuses_while_bidding_say_who_leads_and_whether_the_reserve_is_met() -> None:
    engine = english(reserve_price=D("150.00"))
    assert status(engine, "ann") == "NOT_BID"
    engine.bid("ann", D("100.00"), at(10))
    assert status(engine, "ann") == "BIDDING"  # leading, but below the reserve
    engine.bid("bob", D("150.00"), at(20))
    assert status(engine, "bob") == "WINNING"
    assert status(engine, "ann") == "OUTBID"
    state = auction.consumer_state(engine, "ann", token_for)
    assert (state.bid_count, state.last_bid_amount, state.winning_bid_amount) == (
        1,
        D("100.00"),
        D("150.00"),
    )


def test_the_leader_may_raise_their_own_bid() -> None:
    engine = english()
    engine.bid("ann", D("100.00"), at(10))
    engine.bid("ann", D("105.00"), at(11))
    assert status(engine, "ann") == "WINNING"
    assert engine.bidder("ann").bid_count == 2


@pytest.mark.parametrize("amount", [D("NaN"), D("0"), D("-5.00"), D("100.001"), D("Infinity")])
def test_invalid_amounts_are_refused_and_change_nothing(amount: Decimal) -> None:
    engine = english()
    engine.bid("ann", D("100.00"), at(5))
    before = engine.describe(at(6))
    problem = refusal(lambda: engine.bid("bob", amount, at(6)))
    assert problem.code == "INVALID_BID_AMOUNT"
    assert engine.describe(at(6)) == before
    assert engine.bidder("bob") is None


def test_a_yen_auction_takes_whole_yen_only() -> None:
    engine = english(currency_code="JPY", start_price=D("1000"), min_bid_increment=D("100"))
    assert refusal(lambda: engine.bid("ann", D("1000.5"), at(5))).code == "INVALID_BID_AMOUNT"
    engine.bid("ann", D("1000"), at(6))
    assert str(engine.highest().amount) == "1000"


@pytest.mark.parametrize(
    ("currency", "too_fine", "fits", "recorded"),
    [
        ("JOD", "150.0005", "150.5", "150.500"),  # three decimals, from kiosk.core.money
        ("XOF", "150.5", "150", "150"),  # none
        ("USD", "150.005", "150", "150.00"),  # cents
    ],
)
def test_a_bid_is_priced_in_its_currencys_smallest_unit(
    currency: str, too_fine: str, fits: str, recorded: str
) -> None:
    engine = english(currency_code=currency, start_price=D("100"), min_bid_increment=D("1"))
    assert refusal(lambda: engine.bid("ann", D(too_fine), at(5))).code == "INVALID_BID_AMOUNT"
    result = engine.bid("ann", D(fits), at(6))
    [(_, _, bid)] = [record for record in result.dirty if record[0] == auction.BID_KIND]
    assert bid["amount"] == recorded


def test_bids_before_opening_are_told_when_to_come_back() -> None:
    engine = english(open_at=at(60))
    problem = refusal(lambda: engine.bid("ann", D("100.00"), at(0)))
    assert (problem.code, problem.kind, problem.retry_after) == (
        "AUCTION_NOT_STARTED",
        "not_open",
        60,
    )
    assert refusal(lambda: engine.enter("ann", at(0))).kind == "not_open"
    assert engine.lifecycle(at(0)) == "scheduled"


def test_bids_after_the_close_are_refused() -> None:
    engine = english()
    engine.bid("ann", D("100.00"), at(10))
    assert engine.lifecycle(at(900)) == "settling"
    problem = refusal(lambda: engine.bid("bob", D("500.00"), at(900)))
    assert (problem.code, problem.kind) == ("AUCTION_CLOSED", "conflict")
    assert len(engine.bids) == 1


# ---- anti-sniping --------------------------------------------------------------------------


def test_a_late_bid_pushes_the_close_out() -> None:
    engine = english(auto_extend_seconds=30)
    engine.bid("ann", D("100.00"), at(800))  # 100 s before the close: no change
    assert engine.closes_at() == at(900)
    result = engine.bid("bob", D("105.00"), at(890))  # 10 s before the close
    assert engine.closes_at() == at(920)
    assert engine.runtime.settle_at == at(960)  # still after the new close: unchanged
    assert any(kind == "auction_state" for kind, _, _ in result.dirty)
    assert engine.lifecycle(at(905)) == "open"
    engine.bid("ann", D("110.00"), at(915))
    assert engine.closes_at() == at(945)
    engine.bid("bob", D("115.00"), at(944))
    assert engine.closes_at() == at(974)
    assert engine.runtime.settle_at == at(974)  # the settlement moves with the close
    assert engine.runtime.extensions == 3


def test_without_auto_extend_the_close_stands() -> None:
    engine = english()
    engine.bid("ann", D("100.00"), at(899))
    assert engine.closes_at() == at(900)


def test_an_auction_without_close_at_closes_at_settle_at() -> None:
    engine = english(close_at=None, auto_extend_seconds=30)
    assert engine.closes_at() == at(960)
    engine.bid("ann", D("100.00"), at(950))
    assert engine.closes_at() == at(980)
    assert engine.runtime.settle_at == at(980)


# ---- settlement ----------------------------------------------------------------------------


def test_settlement_grants_the_highest_bidder_and_the_rest_lose() -> None:
    engine = english(reserve_price=D("150.00"), admission_expiration_seconds=300)
    engine.bid("ann", D("100.00"), at(10))
    engine.bid("bob", D("150.00"), at(20))
    engine.enter("cat", at(30))
    assert engine.tick(at(959)).issued == []
    result = engine.tick(at(961))
    assert [(g.consumer_id, g.expires_at) for g in result.issued] == [("bob", at(1261))]
    assert status(engine, "bob") == "WON"
    granted = auction.consumer_state(engine, "bob", token_for).admission_grant
    assert granted == f"token-{result.issued[0].grant_id}"
    assert status(engine, "ann") == "LOST"
    assert status(engine, "cat") == "NOT_BID"
    assert engine.lifecycle(at(961)) == "closed"
    assert engine.tick(at(962)).dirty == []  # settles once


def test_below_the_reserve_nobody_wins_and_every_bidder_is_told_why() -> None:
    engine = english(reserve_price=D("150.00"))
    engine.bid("ann", D("100.00"), at(10))
    engine.bid("bob", D("145.00"), at(20))
    assert engine.tick(at(960)).issued == []
    for consumer in ("ann", "bob"):
        assert status(engine, consumer) == "LOST"
        projection = engine.project(consumer, "exp", at(961), token_for)
        assert projection.phase == "ended"
        assert (projection.outcome.type, projection.outcome.reason) == ("lost", "RESERVE_NOT_MET")
    assert auction.consumer_state(engine, "bob", token_for).winning_bid_amount is None
    assert engine.describe(at(961))["reserveMet"] is False


def test_an_auction_without_bids_settles_with_nobody() -> None:
    engine = english()
    result = engine.tick(at(960))
    assert result.issued == []
    assert engine.project("ann", "exp", at(961), token_for).outcome.type == "closed"


def test_an_unused_grant_expires_and_says_so() -> None:
    engine = english(admission_expiration_seconds=60)
    engine.bid("ann", D("100.00"), at(10))
    grant = engine.tick(at(960)).issued[0]
    assert engine.project("ann", "exp", at(1000), token_for).phase == "granted"
    assert engine.tick(at(1019)).expired_grant_ids == []
    assert engine.tick(at(1020)).expired_grant_ids == [grant.grant_id]
    projection = engine.project("ann", "exp", at(1021), token_for)
    assert (projection.phase, projection.outcome.type) == ("ended", "expired")
    assert auction.consumer_state(engine, "ann", token_for).admission_grant is None


def test_a_redeemed_grant_completes_and_a_revoked_one_is_denied() -> None:
    engine = english()
    engine.bid("ann", D("100.00"), at(10))
    engine.tick(at(960))
    assert engine.grant_used("ann", at(970)) != []
    assert engine.project("ann", "exp", at(971), token_for).outcome.type == "completed"
    assert engine.grant_used("ann", at(972)) == []  # single use

    other = english()
    other.bid("bob", D("100.00"), at(10))
    other.tick(at(960))
    other.grant_withdrawn("bob", "denied", at(965))
    outcome = other.project("bob", "exp", at(966), token_for).outcome
    assert (outcome.type, outcome.reason) == ("denied", "REVOKED")


def test_the_operator_can_settle_early() -> None:
    engine = english()
    engine.bid("ann", D("100.00"), at(10))
    result = engine.settle_now(at(100))
    assert [g.consumer_id for g in result.issued] == ["ann"]
    assert engine.closes_at() == at(100)
    assert engine.describe(at(100))["closedReason"] == "SETTLED_BY_OPERATOR"
    assert refusal(lambda: engine.settle_now(at(101))).code == "AUCTION_SETTLED"
    assert refusal(lambda: engine.bid("bob", D("200.00"), at(101))).code == "AUCTION_CLOSED"


# ---- leaving -------------------------------------------------------------------------------


def test_only_a_bidder_who_is_not_winning_may_leave() -> None:
    engine = english()
    engine.bid("ann", D("100.00"), at(10))
    assert refusal(lambda: engine.leave("ann", at(11))).code == "HIGHEST_BIDDER_CANNOT_LEAVE"
    engine.bid("bob", D("105.00"), at(12))
    assert engine.leave("ann", at(13)).dirty
    assert auction.has_left(engine, "ann")
    assert engine.leave("ann", at(14)).dirty == []  # twice is harmless
    assert refusal(lambda: engine.bid("ann", D("200.00"), at(15))).code == "ALREADY_LEFT"
    assert refusal(lambda: engine.enter("ann", at(15))).code == "ALREADY_LEFT"
    assert engine.project("ann", "exp", at(16), token_for).outcome.type == "left"
    assert engine.highest().consumer_id == "bob"  # the withdrawn bids never led


def test_leaving_without_having_entered_changes_nothing() -> None:
    engine = english()
    assert engine.leave("ann", at(10)).dirty == []
    assert not auction.has_left(engine, "ann")


def test_nobody_leaves_after_the_close() -> None:
    engine = english()
    engine.bid("ann", D("100.00"), at(10))
    engine.bid("bob", D("105.00"), at(20))
    assert refusal(lambda: engine.leave("ann", at(900))).code == "AUCTION_CLOSED"


# ---- Dutch ---------------------------------------------------------------------------------


def test_the_dutch_price_falls_by_steps_down_to_the_floor() -> None:
    engine = dutch()
    assert engine.current_price(at(-5)) == D("400.00")
    assert engine.current_price(at(0)) == D("400.00")
    assert engine.current_price(at(29)) == D("400.00")
    assert engine.current_price(at(30)) == D("390.00")
    assert engine.current_price(at(95)) == D("370.00")
    assert engine.next_price_drop_at(at(95)) == at(120)
    assert engine.current_price(at(600)) == D("200.00")  # 20 drops
    assert engine.current_price(at(899)) == D("200.00")  # the floor holds until the close
    assert engine.next_price_drop_at(at(600)) is None


def test_a_dutch_bid_at_the_price_buys_one_unit_at_that_price() -> None:
    engine = dutch()
    with pytest.raises(RefusedError) as caught:
        engine.bid("ann", D("389.99"), at(30))
    assert caught.value.details == {"minBid": "390.00", "currentHighest": "390.00"}
    engine.bid("ann", D("395.00"), at(30))  # offered more: pays the current price
    assert engine.bidder("ann").last_bid == D("390.00")
    assert status(engine, "ann") == "WINNING"
    problem = refusal(lambda: engine.bid("ann", D("390.00"), at(31)))
    assert problem.code == "DISTRIBUTION_ORDER_LIMIT"
    assert refusal(lambda: engine.enter("ann", at(31))).code == "DISTRIBUTION_ORDER_LIMIT"
    assert refusal(lambda: engine.leave("ann", at(31))).code == "WINNING_BIDDER_CANNOT_LEAVE"
    assert engine.remaining == 2


def test_selling_out_closes_a_dutch_auction_and_settlement_grants_every_buyer() -> None:
    engine = dutch()
    engine.bid("ann", D("400.00"), at(1))
    engine.bid("bob", D("390.00"), at(31))
    engine.enter("dan", at(32))
    result = engine.bid("cat", D("380.00"), at(61))
    assert engine.lifecycle(at(61)) == "settling"
    assert any(kind == "auction_state" for kind, _, _ in result.dirty)
    assert refusal(lambda: engine.bid("eve", D("500.00"), at(62))).code == "AUCTION_CLOSED"
    closed = engine.project("dan", "exp", at(62), token_for)
    assert (closed.phase, closed.outcome.type, closed.outcome.reason) == (
        "ended",
        "closed",
        "SOLD_OUT",
    )
    assert engine.project("ann", "exp", at(62), token_for).phase == "settling"
    issued = engine.tick(at(960)).issued
    assert sorted(g.consumer_id for g in issued) == ["ann", "bob", "cat"]
    assert {w.consumer_id: w.last_bid for w in engine.winners} == {
        "ann": D("400.00"),
        "bob": D("390.00"),
        "cat": D("380.00"),
    }


# ---- projections ---------------------------------------------------------------------------


def test_the_projection_walks_every_phase() -> None:
    engine = english(open_at=at(60), reserve_price=D("100.00"))
    assert engine.project("ann", "exp", at(0), token_for).phase == "scheduled"
    assert engine.project("ann", "exp", at(0), token_for).consumer is None
    enterable = engine.project("ann", "exp", at(60), token_for)
    assert (enterable.phase, enterable.consumer.status) == ("enterable", "not_bid")
    engine.enter("ann", at(61))
    assert engine.project("ann", "exp", at(61), token_for).phase == "enterable"
    engine.bid("ann", D("100.00"), at(62))
    participating = engine.project("ann", "exp", at(62), token_for)
    assert participating.phase == "participating"
    assert participating.consumer.status == "winning"
    assert participating.consumer.current_bid == D("100.00")
    assert participating.distribution.details["minNextBid"] == "105.00"
    assert engine.project("ann", "exp", at(900), token_for).phase == "settling"
    engine.tick(at(960))
    granted = engine.project("ann", "exp", at(961), token_for)
    assert granted.phase == "granted"
    assert granted.grant.token.startswith("token-")
    assert granted.grant.distribution_type == "auction"


# ---- configuration -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"close_at": at(1000)}, "settleAt"),
        ({"open_at": at(900)}, "closeAt"),
        ({"start_price": D("100.001")}, "startPrice"),
        ({"quantity": 2}, "quantity"),
        ({"floor_price": D("1.00")}, "floorPrice"),
        ({"min_bid_increment": D("0")}, "minBidIncrement"),
        ({"auction_type": "dutch"}, "minBidIncrement"),
    ],
)
def test_inconsistent_settings_are_named(overrides: dict[str, Any], field: str) -> None:
    config = AuctionConfig.model_validate({**english_config().model_dump(), **overrides})
    assert field in [name for name, _ in rule_problems(config)]


def test_a_dutch_auction_needs_its_price_schedule() -> None:
    fields = {**dutch_config().model_dump(), "price_drop_amount": None}
    problems = rule_problems(AuctionConfig.model_validate(fields))
    assert problems == [("priceDropAmount", "a Dutch auction needs priceDropAmount")]


def test_prices_are_fixed_once_someone_has_bid_but_times_may_move() -> None:
    engine = english()
    engine.bid("ann", D("100.00"), at(10))
    update = AuctionUpdate.model_validate({"minBidIncrement": "1.00"})
    assert refusal(lambda: engine.reconfigure(update, at(20))).code == "AUCTION_HAS_BIDS"
    assert engine.config.min_bid_increment == D("5.00")
    same = AuctionUpdate.model_validate({"minBidIncrement": "5.0", "name": "Renamed"})
    engine.reconfigure(same, at(21))  # an equal amount is no change
    assert engine.config.name == "Renamed"
    later = AuctionUpdate.model_validate({"closeAt": at(1200), "settleAt": at(1300)})
    engine.reconfigure(later, at(22))
    assert (engine.closes_at(), engine.runtime.settle_at) == (at(1200), at(1300))
    with pytest.raises(RefusedError) as invalid:
        engine.reconfigure(AuctionUpdate.model_validate({"closeAt": at(1400)}), at(23))
    assert invalid.value.kind is RefusalKind.INVALID
    assert engine.closes_at() == at(1200)


def test_a_settled_auction_cannot_change() -> None:
    engine = english()
    engine.tick(at(960))
    update = AuctionUpdate.model_validate({"name": "Too late"})
    assert refusal(lambda: engine.reconfigure(update, at(961))).code == "AUCTION_SETTLED"


# ---- durability ----------------------------------------------------------------------------


def _write(store: SqliteStore, *results: TickResult) -> None:
    with store.transaction() as writer:
        for result in results:
            for kind, key, doc in result.dirty:
                writer.put(kind, key, doc)


def _snapshot(engine: AuctionEngine, now: datetime) -> dict[str, Any]:
    consumers = ("ann", "bob", "cat", "dan")
    return {
        "describe": engine.describe(now),
        "projections": [engine.project(c, "exp", now, token_for) for c in consumers],
        "statuses": [auction.consumer_state(engine, c, token_for) for c in consumers],
        "bids": auction.bid_rows(engine, engine.bids, None, show_consumers=True),
    }


@pytest.mark.parametrize("kind", ["english", "dutch"])
def test_loading_the_written_records_rebuilds_the_same_auction(kind: str) -> None:
    store = SqliteStore(":memory:")
    engine = english(auto_extend_seconds=30) if kind == "english" else dutch()
    _write(store, TickResult(dirty=engine.records()))
    steps = [
        lambda: engine.enter("dan", at(5)),
        lambda: engine.bid("ann", D("400.00"), at(10)),
        lambda: engine.bid("bob", D("405.00"), at(890)),
        lambda: engine.leave("dan", at(891)),
    ]
    for step in steps:
        _write(store, step())
        (rebuilt,) = load(store)
        assert _snapshot(rebuilt, at(892)) == _snapshot(engine, at(892))
    _write(store, engine.tick(at(2000)))
    (rebuilt,) = load(store)
    assert _snapshot(rebuilt, at(2001)) == _snapshot(engine, at(2001))
    assert rebuilt.winners == engine.winners


def test_bid_too_low_is_a_conflict_with_details() -> None:
    error = bid_too_low("Bid at least 5.", min_bid=D("5.00"), current_highest=D("1.00"))
    assert status_of(error) == 409
    assert error_body(error)["details"] == {"minBid": "5.00", "currentHighest": "1.00"}
