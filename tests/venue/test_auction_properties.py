"""Property tests for the auction engine's invariants, over random bidding sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.venue.domain import auction
from kiosk.venue.domain.auction import AuctionConfig, AuctionEngine, load
from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.store import SqliteStore

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
CENT = Decimal("0.01")
CONSUMERS = ["ann", "bob", "cat", "dan", "eve"]


def token_for(grant_id: str) -> str:
    return f"token-{grant_id}"


def make(fields: dict[str, Any]) -> AuctionEngine:
    base = {
        "id": "auction-1",
        "sequence_id": "sequence-1",
        "name": "Lot",
        "open_at": T0,
        "close_at": T0 + timedelta(minutes=15),
        "settle_at": T0 + timedelta(minutes=16),
        "created_at": T0,
    }
    return AuctionEngine(AuctionConfig.model_validate({**base, **fields}))


# One step of a session: who acts, what they do, how far above (or below) the minimum they bid
# in cents, and how many seconds pass first.
steps = st.lists(
    st.tuples(
        st.sampled_from(CONSUMERS),
        st.sampled_from(["bid", "bid", "bid", "enter", "leave"]),
        st.integers(min_value=-2_000, max_value=10_000),
        st.integers(min_value=0, max_value=90),
    ),
    max_size=40,
)

english_settings = st.fixed_dictionaries(
    {
        "start_price": st.integers(1, 20_000).map(lambda c: Decimal(c) * CENT),
        "min_bid_increment": st.integers(1, 2_000).map(lambda c: Decimal(c) * CENT),
        "reserve_price": st.none() | st.integers(1, 50_000).map(lambda c: Decimal(c) * CENT),
        "auto_extend_seconds": st.none() | st.integers(1, 120),
    }
)


def act(engine: AuctionEngine, consumer: str, action: str, offset: int, now: datetime) -> bool:
    """Try one action; True if the engine accepted a bid. Refusals must change nothing."""
    before = engine.describe(now)
    try:
        if action == "enter":
            engine.enter(consumer, now)
        elif action == "leave":
            engine.leave(consumer, now)
        else:
            amount = engine.min_bid(now) + Decimal(offset) * CENT
            count = len(engine.bids)
            engine.bid(consumer, amount, now)
            return len(engine.bids) == count + 1
    except RefusedError:
        assert engine.describe(now) == before
    return False


@settings(max_examples=150, deadline=None)
@given(english_settings, steps)
def test_english_bids_strictly_increase_and_the_highest_wins(
    fields: dict[str, Any], session: list[tuple[str, str, int, int]]
) -> None:
    engine = make(fields)
    increment = fields["min_bid_increment"]
    now = T0
    issued = []
    for consumer, action, offset, wait in session:
        now += timedelta(seconds=wait)
        issued += engine.tick(now).issued
        act(engine, consumer, action, offset, now)
        bids = engine.bids
        amounts = [bid.amount for bid in bids]
        if bids:
            assert amounts[0] >= fields["start_price"]
            assert all(b - a >= increment for a, b in pairwise(amounts))
            assert engine.highest() is not None
            assert engine.highest().amount == max(amounts)
        if engine.runtime.closed_at is None and fields["auto_extend_seconds"] is None:
            assert engine.closes_at() == T0 + timedelta(minutes=15)
        assert engine.closes_at() <= engine.runtime.settle_at

    issued += engine.tick(max(now, engine.runtime.settle_at)).issued
    highest = engine.highest()
    reserve = fields["reserve_price"]
    expected = (
        {highest.consumer_id}
        if highest is not None and (reserve is None or highest.amount >= reserve)
        else set()
    )
    assert {grant.consumer_id for grant in issued} == expected
    assert {w.consumer_id for w in engine.winners} == expected
    for consumer in CONSUMERS:
        state = auction.consumer_state(engine, consumer, token_for)
        bidder = engine.bidder(consumer)
        if consumer in expected:
            assert state.status == "WON"
        elif bidder is not None and bidder.bid_count:
            assert state.status == "LOST"
        else:
            assert state.status == "NOT_BID"


dutch_settings = st.fixed_dictionaries(
    {
        "start_price": st.integers(10_000, 50_000).map(lambda c: Decimal(c) * CENT),
        "floor_price": st.integers(0, 10_000).map(lambda c: Decimal(c) * CENT),
        "price_drop_amount": st.integers(1, 5_000).map(lambda c: Decimal(c) * CENT),
        "price_drop_interval_seconds": st.integers(1, 120),
        "quantity": st.integers(1, 4),
    }
)


@settings(max_examples=150, deadline=None)
@given(dutch_settings, steps)
def test_a_dutch_auction_never_sells_more_than_its_quantity(
    fields: dict[str, Any], session: list[tuple[str, str, int, int]]
) -> None:
    engine = make({"auction_type": "dutch", **fields})
    now = T0
    paid: dict[str, Decimal] = {}
    issued = []
    for consumer, action, offset, wait in session:
        now += timedelta(seconds=wait)
        issued += engine.tick(now).issued
        price = engine.current_price(now)
        assert fields["floor_price"] <= price <= fields["start_price"]
        if act(engine, consumer, action, offset, now):
            assert consumer not in paid  # one unit per consumer
            assert offset >= 0
            paid[consumer] = price
        assert engine.sold <= fields["quantity"]
        assert engine.sold == len(paid)
        if engine.sold == fields["quantity"]:
            assert engine.lifecycle(now) in ("settling", "closed")
    assert {bid.consumer_id: bid.amount for bid in engine.bids} == paid

    issued += engine.tick(max(now, engine.runtime.settle_at)).issued
    assert sorted(grant.consumer_id for grant in issued) == sorted(paid)
    assert len(issued) <= fields["quantity"]


@settings(max_examples=40, deadline=None)
@given(english_settings, steps)
def test_the_written_records_always_rebuild_the_same_auction(
    fields: dict[str, Any], session: list[tuple[str, str, int, int]]
) -> None:
    store = SqliteStore(":memory:")
    engine = make(fields)

    def write(dirty: list[tuple[str, str, dict[str, Any]]]) -> None:
        with store.transaction() as writer:
            for kind, key, doc in dirty:
                writer.put(kind, key, doc)

    write(engine.records())
    now = T0
    for consumer, action, offset, wait in session:
        now += timedelta(seconds=wait)
        write(engine.tick(now).dirty)
        try:
            if action == "enter":
                write(engine.enter(consumer, now).dirty)
            elif action == "leave":
                write(engine.leave(consumer, now).dirty)
            else:
                amount = engine.min_bid(now) + Decimal(offset) * CENT
                write(engine.bid(consumer, amount, now).dirty)
        except RefusedError:
            pass
    write(engine.tick(now + timedelta(hours=1)).dirty)
    (rebuilt,) = load(store)
    later = now + timedelta(hours=1)
    assert rebuilt.describe(later) == engine.describe(later)
    for consumer in CONSUMERS:
        assert rebuilt.project(consumer, "e", later, token_for) == engine.project(
            consumer, "e", later, token_for
        )
    store.close()
