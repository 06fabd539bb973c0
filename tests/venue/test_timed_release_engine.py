"""The timed-release engine on its own: explicit instants, no clock, no HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.venue.domain.engine import TickResult
from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.domain.timed_release import (
    TimedReleaseConfig,
    TimedReleaseCreate,
    TimedReleaseEngine,
    load,
)
from kiosk.venue.store import SqliteStore

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def config(**fields: Any) -> TimedReleaseConfig:
    base: dict[str, Any] = {
        "id": "release-1",
        "sequence_id": "sequence-1",
        "name": "Restock",
        "open_at": T0,
        "inventory": 2,
        "admission_expiration_seconds": 300,
        "created_at": T0,
    }
    return TimedReleaseConfig.model_validate({**base, **fields})


def token(grant_id: str) -> str:
    return f"token-{grant_id}"


def test_entering_before_opening_is_refused_with_when_to_come_back() -> None:
    engine = TimedReleaseEngine(config(open_at=at(90)))
    with pytest.raises(RefusedError) as refused:
        engine.enter("early", None, at(0))
    assert (refused.value.code, refused.value.kind) == ("TIMED_RELEASE_NOT_STARTED", "not_open")
    assert refused.value.retry_after == 90
    assert engine.lifecycle(at(0)) == "scheduled"
    assert engine.available == 2


def test_entering_grants_at_once_and_entering_twice_changes_nothing() -> None:
    engine = TimedReleaseEngine(config())
    result = engine.enter("alice", "variant-9", at(1))
    (issue,) = result.issued
    assert issue.consumer_id == "alice"
    assert issue.expires_at == at(301)
    assert engine.available == 1
    assert engine.enter("alice", None, at(2)) == TickResult()
    state = engine.status("alice", token)
    assert state.status == "ENTERED"
    assert state.admission_grant == token(issue.grant_id)
    assert state.selected_variant_id == "variant-9"


def test_sold_out_refuses_and_ends_it_for_those_without_one() -> None:
    engine = TimedReleaseEngine(config())
    engine.enter("alice", None, at(1))
    engine.enter("bob", None, at(2))
    with pytest.raises(RefusedError) as refused:
        engine.enter("carol", None, at(3))
    assert refused.value.code == "SOLD_OUT"
    assert engine.lifecycle(at(3)) == "closed"
    view = engine.project("carol", "x", at(3), token)
    assert view.phase == "ended"
    assert (view.outcome.type, view.outcome.reason) == ("closed", "SOLD_OUT")
    assert engine.project("alice", "x", at(3), token).phase == "granted"


def test_an_expired_grant_returns_its_unit() -> None:
    engine = TimedReleaseEngine(config(inventory=1))
    (issue,) = engine.enter("alice", None, at(0)).issued
    assert engine.available == 0
    result = engine.tick(at(300))
    assert result.expired_grant_ids == [issue.grant_id]
    assert engine.available == 1 and engine.lifecycle(at(300)) == "open"
    assert engine.status("alice", token).status == "EXPIRED"
    assert engine.project("alice", "x", at(300), token).outcome.type == "expired"
    assert engine.enter("alice", None, at(301)) == TickResult()  # one go per consumer
    assert len(engine.enter("bob", None, at(301)).issued) == 1


def test_a_revoked_grant_returns_its_unit_and_a_used_one_does_not() -> None:
    engine = TimedReleaseEngine(config())
    engine.enter("alice", None, at(0))
    engine.enter("bob", None, at(0))
    engine.grant_withdrawn("alice", "denied", at(1))
    engine.grant_used("bob", at(1))
    assert engine.available == 1
    assert engine.status("alice", token).status == "DENIED"
    assert engine.status("bob", token).status == "COMPLETED"
    assert engine.project("bob", "x", at(1), token).outcome.type == "completed"
    assert engine.grant_used("bob", at(2)) == []


def test_leaving_gives_the_unit_back_and_withdraws_the_grant() -> None:
    engine = TimedReleaseEngine(config(inventory=1))
    (issue,) = engine.enter("alice", None, at(0)).issued
    result = engine.leave("alice", at(5))
    assert result.expired_grant_ids == [issue.grant_id]
    assert engine.available == 1
    assert engine.status("alice", token).status == "LEFT"
    assert engine.leave("alice", at(6)) == TickResult()
    with pytest.raises(RefusedError) as refused:
        engine.enter("alice", None, at(7))
    assert refused.value.code == "ALREADY_LEFT"


def test_after_close_nobody_enters() -> None:
    engine = TimedReleaseEngine(config(close_at=at(60)))
    with pytest.raises(RefusedError) as refused:
        engine.enter("late", None, at(60))
    assert refused.value.code == "TIMED_RELEASE_ENDED"
    assert engine.project("late", "x", at(60), token).outcome.reason == "TIMED_RELEASE_ENDED"


def test_the_inventory_cannot_drop_below_what_is_taken() -> None:
    engine = TimedReleaseEngine(config(inventory=3))
    engine.enter("alice", None, at(0))
    engine.enter("bob", None, at(0))
    with pytest.raises(RefusedError) as refused:
        engine.update({"inventory": 1}, at(1))
    assert refused.value.code == "INVENTORY_BELOW_TAKEN"
    assert engine.update({"inventory": 2}, at(1)).inventory == 2
    with pytest.raises(ValueError, match="openAt must be before closeAt"):
        engine.update({"close_at": T0}, at(1))
    with pytest.raises(ValueError):
        TimedReleaseCreate(sequence_id="s", name="n", inventory=0)


def test_every_state_reloads_exactly(tmp_path) -> None:
    store = SqliteStore(tmp_path / "release.sqlite3")
    try:
        engine = TimedReleaseEngine(config(inventory=5))
        results = [TickResult(dirty=[engine.config_record()])]
        for consumer in ("a", "b", "c", "d"):
            results.append(engine.enter(consumer, None, at(0)))
        results.append(TickResult(dirty=engine.grant_used("a", at(1))))
        results.append(TickResult(dirty=engine.grant_withdrawn("b", "denied", at(1))))
        results.append(engine.leave("c", at(2)))
        with store.transaction() as writer:
            for result in results:
                for kind, key, doc in result.dirty:
                    writer.put(kind, key, doc)
        (reloaded,) = load(store)
        now = at(3)
        assert reloaded.describe(now) == engine.describe(now)
        for consumer in ("a", "b", "c", "d", "e"):
            assert reloaded.status(consumer, token) == engine.status(consumer, token)
            assert reloaded.project(consumer, "x", now, token) == engine.project(
                consumer, "x", now, token
            )
    finally:
        store.close()


@settings(max_examples=80, deadline=None)
@given(
    inventory=st.integers(min_value=1, max_value=10),
    steps=st.lists(
        st.tuples(
            st.sampled_from(["enter", "leave", "redeem", "revoke", "wait"]),
            st.integers(min_value=0, max_value=15),
        ),
        max_size=60,
    ),
)
def test_never_oversold(inventory: int, steps: list[tuple[str, int]]) -> None:
    """Whatever the order of enters, leaves, redemptions, revocations and expiries, live
    grants plus redeemed ones never exceed the inventory, and nobody holds two."""
    engine = TimedReleaseEngine(config(inventory=inventory))
    now = T0
    for action, who in steps:
        consumer = f"c{who}"
        now += timedelta(seconds=7)
        if action == "enter":
            try:
                engine.enter(consumer, None, now)
            except RefusedError as refusal:
                assert refusal.code in {"SOLD_OUT", "ALREADY_LEFT"}
                assert refusal.code != "SOLD_OUT" or engine.available == 0
        elif action == "leave":
            engine.leave(consumer, now)
        elif action == "redeem":
            engine.grant_used(consumer, now)
        elif action == "revoke":
            engine.grant_withdrawn(consumer, "denied", now)
        else:
            now += timedelta(seconds=120)
            engine.tick(now)
        live = [e for e in engine._entries.values() if e.status == "granted"]
        used = [e for e in engine._entries.values() if e.status == "completed"]
        assert len(live) + len(used) <= inventory
        assert engine.held == len(live) and engine.used == len(used)
        assert engine.available == inventory - len(live) - len(used)
