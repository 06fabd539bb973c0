"""The draw engine on its own: explicit instants, no clock, no HTTP. Durability is checked by
writing the engine's dirty records to a real store and rebuilding with `load()`."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kiosk.venue.domain.draw import (
    DrawConfig,
    DrawCreate,
    DrawEngine,
    load,
    verify_draw_record,
)
from kiosk.venue.domain.engine import TickResult
from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.domain.fairness import entries_hash, permute, seeded_permutation
from kiosk.venue.store import SqliteStore

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
OPEN, CLOSE, DRAW = T0, T0 + timedelta(minutes=10), T0 + timedelta(minutes=11)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def config(**fields: Any) -> DrawConfig:
    base: dict[str, Any] = {
        "id": "draw-1",
        "sequence_id": "sequence-1",
        "name": "Gold",
        "open_at": OPEN,
        "close_at": CLOSE,
        "draw_at": DRAW,
        "winner_count": 3,
        "admission_expiration_seconds": 300,
        "created_at": T0,
    }
    return DrawConfig.model_validate({**base, **fields})


def token(grant_id: str) -> str:
    return f"token-{grant_id}"


def people(count: int) -> list[str]:
    return [f"consumer-{i:03d}" for i in range(count)]


def entered(count: int, **fields: Any) -> tuple[DrawEngine, list[str]]:
    engine = DrawEngine(config(**fields))
    consumers = people(count)
    for consumer in consumers:
        engine.enter(consumer, at(60))
    return engine, consumers


def winners(engine: DrawEngine) -> list[str]:
    return [c for c, e in engine._entries.items() if e.status == "won"]


class Durable:
    """An engine whose every change is written to a store, as the service does."""

    def __init__(self, engine: DrawEngine, store: SqliteStore) -> None:
        self.engine, self.store = engine, store
        self.write(TickResult(dirty=engine.records()))

    def write(self, result: TickResult) -> TickResult:
        with self.store.transaction() as writer:
            for kind, key, doc in result.dirty:
                writer.put(kind, key, doc)
        return result

    def reloaded(self) -> DrawEngine:
        (engine,) = load(self.store)
        return engine


@pytest.fixture
def store(tmp_path) -> SqliteStore:
    store = SqliteStore(tmp_path / "draw.sqlite3")
    yield store
    store.close()


# ---- the fairness primitive is pinned before anything relies on its speed -------------------


def test_the_seeded_permutation_is_pinned_for_a_fixed_seed() -> None:
    seed = "00" * 31 + "2a"
    assert seeded_permutation(seed, 20) == [
        13, 4, 18, 11, 1, 9, 15, 0, 14, 6, 19, 16, 10, 2, 8, 7, 12, 17, 3, 5,
    ]  # fmt: skip
    large = seeded_permutation(seed, 100_000)
    digest = hashlib.sha256(",".join(map(str, large)).encode()).hexdigest()
    assert digest == "6984382c82b18a91231681d3f4f5e10c411756ccb44913cfaed0a4ee678c9b24"
    assert entries_hash(["a", "b", "c"]) == (
        "880553fca8fcea94e325ee2cfb48e5a985cc797f39a14cc6d3cedecfeb2ae4d2"
    )


def _reference_permutation(count: int, words: list[int]) -> list[int]:
    """Fisher-Yates with rejection sampling, written the plain way (as fairness.py first had
    it): the optimised `permute` must consume words and place entries exactly like this."""
    stream = iter(words)
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        bound = i + 1
        limit = (1 << 64) - ((1 << 64) % bound)
        word = next(stream)
        while word >= limit:
            word = next(stream)
        j = word % bound
        order[i], order[j] = order[j], order[i]
    return order


TOP = 1 << 64


@settings(max_examples=300, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=24),
    words=st.lists(
        st.one_of(
            st.integers(min_value=0, max_value=TOP - 1),
            st.integers(min_value=TOP - 40, max_value=TOP - 1),  # where rejections happen
        ),
        min_size=120,
        max_size=120,
    ),
)
def test_the_fast_permutation_rejects_and_places_like_the_plain_one(
    count: int, words: list[int]
) -> None:
    try:
        expected = _reference_permutation(count, words)
    except StopIteration:
        assume(False)
    assert permute(count, iter(words).__next__) == expected


# ---- the entry window -----------------------------------------------------------------------


def test_entering_before_opening_is_refused_with_when_to_come_back() -> None:
    engine = DrawEngine(config(open_at=at(600), close_at=at(1200), draw_at=at(1300)))
    with pytest.raises(RefusedError) as refused:
        engine.enter("early", at(0))
    assert (refused.value.code, refused.value.kind) == ("DRAW_NOT_STARTED", "not_open")
    assert refused.value.retry_after == 600
    assert engine.entry("early") is None
    assert engine.lifecycle(at(0)) == "scheduled"


def test_entering_twice_keeps_one_entry() -> None:
    engine = DrawEngine(config())
    first = engine.enter("alice", at(1))
    again = engine.enter("alice", at(2))
    assert len(first.dirty) == 1
    assert again.dirty == [] and again.issued == []
    assert engine.entry_count == 1
    assert engine.entry("alice").entered_at == at(1)


def test_leaving_before_close_withdraws_and_cannot_be_undone() -> None:
    engine = DrawEngine(config())
    engine.enter("alice", at(1))
    engine.leave("alice", at(2))
    assert engine.entry_count == 0
    assert engine.status("alice", at(2), token).status == "NOT_ENTERED"
    with pytest.raises(RefusedError) as refused:
        engine.enter("alice", at(3))
    assert refused.value.code == "ALREADY_LEFT"
    assert engine.leave("alice", at(4)).dirty == []  # leaving twice changes nothing


def test_entries_close_at_close_and_are_final() -> None:
    engine, _ = entered(2)
    engine.tick(CLOSE)
    with pytest.raises(RefusedError) as late:
        engine.enter("late", CLOSE)
    assert late.value.code == "DRAW_CLOSED"
    with pytest.raises(RefusedError) as leaving:
        engine.leave("consumer-000", CLOSE)
    assert leaving.value.code == "DRAW_CLOSED"
    assert engine.entry("consumer-000").status == "entered"


def test_without_close_at_entries_close_at_the_draw() -> None:
    engine = DrawEngine(config(close_at=None))
    assert engine.accepts_entries(DRAW - timedelta(seconds=1))
    assert not engine.accepts_entries(DRAW)


def test_a_full_draw_refuses_more_entries() -> None:
    engine, _ = entered(2, capacity=2)
    with pytest.raises(RefusedError) as refused:
        engine.enter("third", at(61))
    assert refused.value.code == "DRAW_FULL"
    engine.leave("consumer-000", at(62))
    engine.enter("third", at(63))  # a place came free
    assert engine.entry_count == 2


def test_the_create_body_refuses_impossible_times() -> None:
    with pytest.raises(ValueError, match="closeAt must not be after drawAt"):
        DrawCreate(sequence_id="s", name="n", winner_count=1, draw_at=CLOSE, close_at=DRAW)
    with pytest.raises(ValueError, match="openAt must be before"):
        DrawCreate(sequence_id="s", name="n", winner_count=1, draw_at=DRAW, open_at=DRAW)
    with pytest.raises(ValueError):
        DrawCreate(sequence_id="s", name="n", winner_count=0, draw_at=DRAW)


# ---- commit, then seed ----------------------------------------------------------------------


def test_the_entry_list_is_committed_at_close_before_any_seed() -> None:
    engine, consumers = entered(5)
    engine.leave("consumer-002", at(90))
    result = engine.tick(CLOSE)
    runtime = engine.runtime
    expected = [c for c in consumers if c != "consumer-002"]
    assert runtime.committed_at == CLOSE
    assert runtime.entries_hash == entries_hash(expected)
    assert runtime.seed is None and result.issued == []
    assert engine.lifecycle(CLOSE) == "settling"
    record = engine.record()
    assert record is not None and record["entries"] == expected and record["seed"] is None
    assert verify_draw_record(record) == (
        True,
        "OK: 4 entries match the committed hash; not drawn yet",
    )


def test_the_winners_are_the_first_of_the_seeded_permutation() -> None:
    engine, consumers = entered(10)
    engine.tick(CLOSE)
    result = engine.tick(DRAW)
    seed = engine.runtime.seed
    assert seed is not None
    expected = [consumers[i] for i in seeded_permutation(seed, 10)[:3]]
    assert [issue.consumer_id for issue in result.issued] == expected
    assert engine.runtime.rounds[0]["winners"] == expected
    assert all(i.expires_at == DRAW + timedelta(seconds=300) for i in result.issued)
    # Without continueSelectingUntilCompleted the result is final at once: the rest lost.
    assert engine.lifecycle(DRAW) == "closed"
    losers = [c for c in consumers if c not in expected]
    for consumer in losers:
        state = engine.status(consumer, DRAW, token)
        assert (state.status, state.reason) == ("DENIED", "NOT_SELECTED")
    winner = engine.status(expected[0], DRAW, token)
    assert winner.status == "WON"
    assert winner.admission_grant == token(engine.entry(expected[0]).grant_id)
    assert verify_draw_record(engine.record())[0]


def test_a_draw_with_fewer_entries_than_winners_grants_everyone() -> None:
    engine, consumers = entered(2, winner_count=5)
    result = engine.tick(DRAW)  # one late tick: commit, then draw, in that order
    assert sorted(i.consumer_id for i in result.issued) == consumers
    assert engine.runtime.committed_at == DRAW


def test_a_draw_nobody_entered_still_publishes_an_empty_round() -> None:
    engine = DrawEngine(config())
    engine.tick(DRAW)
    record = engine.record()
    assert record["rounds"] == [
        {"round": 1, "at": "2026-11-27T12:11:00Z", "reason": "draw", "winners": [], "replaces": []}
    ]
    assert verify_draw_record(record)[0]
    assert engine.lifecycle(DRAW) == "closed"


def test_a_redeemed_grant_completes_the_winner() -> None:
    engine, _ = entered(3, winner_count=1)
    (issue,) = engine.tick(DRAW).issued
    engine.grant_used(issue.consumer_id, DRAW + timedelta(seconds=5))
    assert engine.status(issue.consumer_id, DRAW, token).status == "COMPLETED"
    assert engine.grant_used(issue.consumer_id, DRAW) == []  # only once


def test_an_expired_grant_is_not_replaced_without_continue_selecting() -> None:
    engine, _ = entered(5, winner_count=1)
    (issue,) = engine.tick(DRAW).issued
    later = engine.tick(DRAW + timedelta(seconds=301))
    assert later.expired_grant_ids == [issue.grant_id]
    assert later.issued == []
    assert len(engine.runtime.rounds) == 1
    state = engine.status(issue.consumer_id, DRAW, token)
    assert (state.status, state.reason) == ("DENIED", "ADMISSION_EXPIRED")


# ---- continue selecting until completed -----------------------------------------------------


def test_an_expired_winner_is_replaced_by_the_next_in_a_new_round() -> None:
    engine, consumers = entered(6, continue_selecting_until_completed=True)
    first = engine.tick(DRAW).issued
    assert engine.lifecycle(DRAW) == "settling"  # standbys wait for a slot
    round_one = dict(engine.runtime.rounds[0])
    engine.grant_used(first[0].consumer_id, DRAW + timedelta(seconds=10))
    expiry = DRAW + timedelta(seconds=300)
    later = engine.tick(expiry)
    order = [consumers[i] for i in seeded_permutation(engine.runtime.seed, 6)]
    assert sorted(later.expired_grant_ids) == sorted(i.grant_id for i in first[1:])
    assert [i.consumer_id for i in later.issued] == order[3:5]
    rounds = engine.runtime.rounds
    assert rounds[0] == round_one  # never rewritten
    assert rounds[1]["round"] == 2 and rounds[1]["reason"] == "replacement"
    assert sorted(rounds[1]["replaces"]) == sorted(i.consumer_id for i in first[1:])
    assert verify_draw_record(engine.record()) == (
        True,
        "OK: 6 entries, hash matches, 2 round(s), 5 winner(s) replay exactly",
    )
    # The last standby is still pending until a slot frees or all are completed.
    assert engine.status(order[5], expiry, token).status == "ENTERED"


def test_a_revoked_winner_is_replaced_on_the_next_tick() -> None:
    engine, _ = entered(4, winner_count=1, continue_selecting_until_completed=True)
    (issue,) = engine.tick(DRAW).issued
    engine.grant_withdrawn(issue.consumer_id, "denied", DRAW + timedelta(seconds=1))
    (replacement,) = engine.tick(DRAW + timedelta(seconds=1)).issued
    assert replacement.consumer_id != issue.consumer_id
    assert engine.runtime.rounds[1]["replaces"] == [issue.consumer_id]
    state = engine.status(issue.consumer_id, DRAW, token)
    assert (state.status, state.reason) == ("DENIED", "REVOKED")


def test_standbys_lose_once_every_slot_is_completed() -> None:
    engine, consumers = entered(5, winner_count=2, continue_selecting_until_completed=True)
    issued = engine.tick(DRAW).issued
    for issue in issued:
        engine.grant_used(issue.consumer_id, DRAW + timedelta(seconds=5))
    engine.tick(DRAW + timedelta(seconds=6))
    assert engine.lifecycle(DRAW + timedelta(seconds=6)) == "closed"
    for consumer in set(consumers) - {i.consumer_id for i in issued}:
        assert engine.status(consumer, DRAW, token).reason == "NOT_SELECTED"


def test_selection_stops_when_nobody_is_left_to_pick() -> None:
    engine, _ = entered(2, winner_count=1, continue_selecting_until_completed=True)
    expiry = timedelta(seconds=300)
    engine.tick(DRAW)
    engine.tick(DRAW + expiry)  # the first expires; the second is picked
    assert engine.finished and engine.lifecycle(DRAW + expiry) == "closed"
    assert engine.tick(DRAW + 2 * expiry).issued == []  # the second expires: nobody left
    assert len(engine.runtime.rounds) == 2


# ---- operator actions -----------------------------------------------------------------------


def test_run_now_closes_and_draws_at_once() -> None:
    engine, _ = entered(4, winner_count=2)
    result = engine.run_now(at(120))
    assert len(result.issued) == 2
    assert engine.runtime.committed_at == at(120) == engine.runtime.drawn_at
    assert engine.config.close_at == at(120) == engine.config.draw_at
    with pytest.raises(RefusedError) as again:
        engine.run_now(at(130))
    assert again.value.code == "DRAW_ALREADY_RUN"


def test_the_schedule_freezes_once_the_list_is_committed() -> None:
    engine, _ = entered(2)
    assert engine.update({"winner_count": 5}, at(100)).winner_count == 5
    with pytest.raises(ValueError, match="closeAt must not be after drawAt"):
        engine.update({"close_at": DRAW + timedelta(hours=1)}, at(100))
    engine.tick(CLOSE)
    with pytest.raises(RefusedError) as frozen:
        engine.update({"winner_count": 5, "name": "Renamed"}, CLOSE)
    assert frozen.value.code == "DRAW_COMMITTED"
    assert engine.update({"name": "Renamed"}, CLOSE).name == "Renamed"
    assert engine.config.name == "Gold"  # update only computes; set_config applies


# ---- durability -----------------------------------------------------------------------------


def test_every_state_reloads_exactly_from_the_records(store: SqliteStore) -> None:
    engine = DrawEngine(config(winner_count=2, continue_selecting_until_completed=True))
    durable = Durable(engine, store)
    for consumer in people(6):
        durable.write(engine.enter(consumer, at(60)))
    durable.write(engine.leave("consumer-005", at(61)))
    durable.write(engine.tick(DRAW))
    first = engine.runtime.rounds[0]["winners"]
    durable.write(TickResult(dirty=engine.grant_used(first[0], DRAW + timedelta(seconds=1))))
    durable.write(engine.tick(DRAW + timedelta(seconds=300)))

    reloaded = durable.reloaded()
    now = DRAW + timedelta(seconds=300)
    assert reloaded.record() == engine.record()
    assert reloaded.describe(now) == engine.describe(now)
    for consumer in people(6):
        assert reloaded.status(consumer, now, token) == engine.status(consumer, now, token)
        assert reloaded.project(consumer, "x", now, token) == engine.project(
            consumer, "x", now, token
        )
    # The reloaded engine goes on as the original would have.
    later = now + timedelta(seconds=300)
    assert [i.consumer_id for i in reloaded.tick(later).issued] == [
        i.consumer_id for i in engine.tick(later).issued
    ]


# ---- properties -----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    entrants=st.integers(min_value=0, max_value=60),
    winner_count=st.integers(min_value=1, max_value=20),
    leavers=st.sets(st.integers(min_value=0, max_value=59), max_size=20),
)
def test_winners_are_unique_and_as_many_as_possible(
    entrants: int, winner_count: int, leavers: set[int]
) -> None:
    engine, consumers = entered(entrants, winner_count=winner_count)
    for index in sorted(leavers):
        if index < entrants:
            engine.leave(consumers[index], at(61))
    issued = engine.tick(DRAW).issued
    chosen = [issue.consumer_id for issue in issued]
    assert len(chosen) == len(set(chosen)) == min(engine.entry_count, winner_count)
    assert set(chosen) <= set(engine.committed_ids())
    ok, message = verify_draw_record(engine.record())
    assert ok, message


@settings(max_examples=60, deadline=None)
@given(
    entrants=st.integers(min_value=1, max_value=40),
    winner_count=st.integers(min_value=1, max_value=8),
    fates=st.lists(st.sampled_from(["redeem", "expire", "revoke"]), max_size=40),
)
def test_a_draw_replays_identically_from_its_record(
    entrants: int, winner_count: int, fates: list[str]
) -> None:
    """Whatever happens to the winners' grants, every round is the next slice of the one
    permutation, nobody wins twice, live + completed never exceed winnerCount, and the
    record replays."""
    engine, _ = entered(
        entrants, winner_count=winner_count, continue_selecting_until_completed=True
    )
    now = DRAW
    engine.tick(now)
    for fate in fates:
        live = winners(engine)
        if not live:
            break
        now += timedelta(seconds=1)
        if fate == "redeem":
            engine.grant_used(live[0], now)
        elif fate == "revoke":
            engine.grant_withdrawn(live[0], "denied", now)
        else:
            now += timedelta(seconds=300)
        engine.tick(now)
        filled = engine.count("won") + engine.count("completed")
        assert filled <= winner_count
    picked = [c for past in engine.runtime.rounds for c in past["winners"]]
    assert len(picked) == len(set(picked))
    record = engine.record()
    ok, message = verify_draw_record(record)
    assert ok, message
    order = [record["entries"][i] for i in seeded_permutation(record["seed"], record["count"])]
    assert picked == order[: len(picked)]


def _tampered(record: dict[str, Any], change: str) -> dict[str, Any]:
    doc = {**record, "rounds": [dict(r) for r in record["rounds"]]}
    if change == "winner":
        loser = next(e for e in doc["entries"] if e not in doc["rounds"][0]["winners"])
        doc["rounds"][0]["winners"] = [loser, *doc["rounds"][0]["winners"][1:]]
    elif change == "entries":
        doc["entries"] = [*doc["entries"][:-1], "someone-else"]
    elif change == "seed":
        doc["seed"] = "ff" * 32
    elif change == "algorithm":
        doc["algorithm"] = "mersenne"
    elif change == "round":
        doc["rounds"].append({**doc["rounds"][0], "round": 2, "replaces": []})
    else:
        del doc["entriesHash"]
    return doc


@pytest.mark.parametrize("change", ["winner", "entries", "seed", "algorithm", "round", "broken"])
def test_a_tampered_record_does_not_verify(change: str) -> None:
    engine, _ = entered(12, winner_count=3)
    engine.tick(DRAW)
    ok, message = verify_draw_record(_tampered(engine.record(), change))
    assert not ok, message


# ---- a server's deny (`POST /draws/{id}/deny`) ---------------------------------------------


def test_a_denial_before_the_commit_leaves_the_entry_list() -> None:
    engine, (ann, bob) = entered(2)
    engine.deny(ann, "FRAUD_DETECTED", at(120))
    engine.tick(CLOSE)
    assert engine.record()["entries"] == [bob]
    assert engine.status(ann, CLOSE, token).reason == "FRAUD_DETECTED"


@pytest.mark.parametrize("attempt", range(12))  # fresh seeds: a denied entrant is often first
def test_a_denial_after_the_commit_voids_the_pick_and_the_record_replays(
    store: SqliteStore, attempt: int
) -> None:
    engine, consumers = entered(4, winner_count=2, continue_selecting_until_completed=True)
    durable = Durable(engine, store)
    durable.write(engine.tick(CLOSE))
    denied = consumers[:2]
    for consumer in denied:
        dirty, grant_id = engine.deny(consumer, "BOT_DETECTED", at(605))
        assert grant_id is None
        durable.write(TickResult(dirty=dirty))
    for second in range(DRAW_SECONDS, DRAW_SECONDS + 5):  # the draw, then replacements
        durable.write(engine.tick(at(second)))
    assert sorted(winners(engine)) == sorted(consumers[2:])
    record = engine.record()
    assert record["entries"] == consumers  # the committed list did not change
    assert verify_draw_record(record)[0], verify_draw_record(record)[1]
    reloaded = durable.reloaded()
    assert reloaded.record() == record
    assert all(reloaded.entry(c).status == "denied" for c in denied)


def test_denying_a_winner_hands_back_the_grant_and_is_refused_once_used() -> None:
    engine, (ann,) = entered(1, winner_count=1)
    engine.tick(DRAW)
    dirty, grant_id = engine.deny(ann, "ORDER_LIMIT_EXCEEDED", at(700))
    assert grant_id is not None and dirty
    assert engine.deny(ann, "BOT_DETECTED", at(701)) == ([], None)  # the first reason stands
    assert engine.status(ann, at(702), token).reason == "ORDER_LIMIT_EXCEEDED"
    used, (bob,) = entered(1, winner_count=1)
    used.tick(DRAW)
    used.grant_used(bob, at(700))
    with pytest.raises(RefusedError) as refused:
        used.deny(bob, "BOT_DETECTED", at(701))
    assert refused.value.code == "DRAW_ENTRY_COMPLETED"
    with pytest.raises(RefusedError) as unknown:
        used.deny("nobody", "BOT_DETECTED", at(701))
    assert unknown.value.code == "NOT_IN_DRAW"


DRAW_SECONDS = 660
