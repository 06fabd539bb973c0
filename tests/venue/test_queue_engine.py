"""The queue engine on its own: explicit instants, no clock, no store, no HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from kiosk.venue.domain.catalog import QueueConfig
from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.domain.fairness import ShuffleRecord, entries_hash, replay_permutation
from kiosk.venue.domain.queue import (
    ENTRY_KIND,
    SHUFFLE_KIND,
    STATE_KIND,
    Dirty,
    QueueEngine,
    QueueEntry,
    QueueRuntime,
)

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def config(**fields: Any) -> QueueConfig:
    base: dict[str, Any] = {
        "id": "queue-1",
        "sequence_id": "sequence-1",
        "name": "Line",
        "admit_rate": 60,
        "created_at": T0,
    }
    return QueueConfig.model_validate({**base, **fields})


def opened(**fields: Any) -> QueueEngine:
    """An engine that opened at T0 (no open_at: it opens on its first tick)."""
    engine = QueueEngine(config(**fields))
    engine.tick(T0)
    assert engine.lifecycle(T0) == "open"
    return engine


def enter_all(engine: QueueEngine, consumers: list[str], now: datetime) -> None:
    for consumer in consumers:
        engine.enter(consumer, now)


def line(engine: QueueEngine, consumers: list[str]) -> list[str]:
    """The queued consumers, front of the line first."""
    queued = {c: e for c in consumers if (e := engine.entry(c)) and e.status == "queued"}
    return sorted(queued, key=lambda c: engine.position(queued[c]))


def granted(engine: QueueEngine, consumers: list[str]) -> list[str]:
    return [c for c in consumers if (e := engine.entry(c)) and e.status == "granted"]


def tick_until(engine: QueueEngine, start: float, end: float, step: float = 1.0) -> list[str]:
    """Tick from `start` to `end` seconds after T0; the consumers admitted, in order."""
    admitted: list[str] = []
    steps = round((end - start) / step)
    for index in range(1, steps + 1):
        result = engine.tick(at(start + index * step))
        admitted += [admission.entry.consumer_id for admission in result.admitted]
    return admitted


CROWD = [f"c{index:02d}" for index in range(40)]


# ---- order ---------------------------------------------------------------------------------


def test_after_opening_the_line_is_first_in_first_out() -> None:
    engine = opened()
    for index, consumer in enumerate(CROWD[:10]):
        engine.enter(consumer, at(index * 0.1))

    assert line(engine, CROWD) == CROWD[:10]
    assert [engine.position(engine.entry(c)) for c in CROWD[:10]] == list(range(1, 11))  # type: ignore[arg-type]
    assert tick_until(engine, 1, 10) == CROWD[:10]


def test_early_arrivals_are_shuffled_at_opening_and_the_shuffle_replays() -> None:
    engine = QueueEngine(config(open_at=at(600), early_entry_seconds=900))
    early = CROWD[:25]
    for index, consumer in enumerate(early):
        engine.enter(consumer, at(index))
    engine.leave("c03", at(30))  # left before opening: not part of the shuffle

    before = engine.tick(at(599))
    assert not before.admitted
    assert engine.lifecycle(at(599)) == "scheduled"
    # Before opening nobody has a place yet: everyone sees the size of the early group.
    assert {engine.position(engine.entry(c)) for c in early if c != "c03"} == {24}  # type: ignore[arg-type]

    result = engine.tick(at(600))
    [published] = [doc for kind, _, doc in result.dirty if kind == SHUFFLE_KIND]
    waiting = [c for c in early if c != "c03"]
    assert published["entries"] == waiting  # in arrival order
    assert published["entriesHash"] == entries_hash(waiting)
    assert published["count"] == 24
    assert ShuffleRecord.from_doc(published) == engine.runtime.shuffle

    shuffled = line(engine, CROWD)
    assert replay_permutation(ShuffleRecord.from_doc(published), waiting) == shuffled
    assert shuffled != waiting  # 1 in 24! to fail by chance
    assert [engine.position(engine.entry(c)) for c in shuffled] == list(range(1, 25))  # type: ignore[arg-type]

    engine.enter("late", at(601))
    assert line(engine, [*CROWD, "late"])[-1] == "late"


def test_a_tampered_shuffle_record_does_not_replay() -> None:
    engine = QueueEngine(config(open_at=at(60), early_entry_seconds=120))
    enter_all(engine, CROWD[:5], at(0))
    [published] = [doc for kind, _, doc in engine.tick(at(60)).dirty if kind == SHUFFLE_KIND]
    record = ShuffleRecord.from_doc(published)

    with pytest.raises(ValueError, match="does not match"):
        replay_permutation(record, list(reversed(published["entries"])))
    with pytest.raises(ValueError, match="does not match"):
        replay_permutation(record, published["entries"][:-1])


def test_each_opening_draws_a_fresh_seed() -> None:
    seeds = set()
    for _ in range(3):
        engine = QueueEngine(config(open_at=at(60), early_entry_seconds=120))
        enter_all(engine, CROWD[:5], at(0))
        engine.tick(at(60))
        assert engine.runtime.shuffle is not None
        seeds.add(engine.runtime.shuffle.seed)
    assert len(seeds) == 3


def test_before_the_early_window_entry_is_refused_with_when_to_come_back() -> None:
    engine = QueueEngine(config(open_at=at(3600), early_entry_seconds=600))
    engine.tick(at(0))

    with pytest.raises(RefusedError) as refused:
        engine.enter("c00", at(1000))

    assert refused.value.code == "QUEUE_NOT_OPEN"
    assert refused.value.retry_after == 2000
    assert engine.queued_count == 0


# ---- admission -----------------------------------------------------------------------------


@pytest.mark.parametrize("admit_rate", [6, 30, 60, 90])
def test_admission_follows_the_admit_rate_per_minute(admit_rate: int) -> None:
    engine = opened(admit_rate=admit_rate, admission_expiration_seconds=3600)
    crowd = [f"c{index}" for index in range(admit_rate * 6)]
    enter_all(engine, crowd, T0)

    per_minute = [len(tick_until(engine, 60 * m, 60 * (m + 1), step=0.25)) for m in range(5)]

    assert sum(per_minute) in (5 * admit_rate - 1, 5 * admit_rate)
    assert all(abs(count - admit_rate) <= 1 for count in per_minute), per_minute


def test_admissions_take_the_front_of_the_line() -> None:
    engine = opened(admit_rate=60)
    enter_all(engine, CROWD[:10], T0)
    engine.leave("c01", T0)

    assert tick_until(engine, 0, 4) == ["c00", "c02", "c03", "c04"]
    assert line(engine, CROWD)[0] == "c05"
    assert engine.position(engine.entry("c05")) == 1  # type: ignore[arg-type]


def test_live_grants_are_capped() -> None:
    engine = opened(admit_rate=600, max_active_grants=3, admission_expiration_seconds=3600)
    enter_all(engine, CROWD[:10], T0)

    assert tick_until(engine, 0, 60) == CROWD[:3]
    assert engine.active_grants == 3

    engine.grant_used("c01", at(61))
    assert tick_until(engine, 61, 62) == ["c03"]
    assert engine.active_grants == 3


def test_an_expired_grant_frees_its_slot() -> None:
    engine = opened(admit_rate=60, max_active_grants=1, admission_expiration_seconds=30)
    enter_all(engine, CROWD[:3], T0)
    assert tick_until(engine, 0, 1) == ["c00"]
    first = engine.entry("c00")
    assert first is not None and first.expires_at == at(31)

    assert tick_until(engine, 1, 30) == []
    result = engine.tick(at(31))

    assert result.expired == [first]
    assert (first.status, first.reason, first.ended_at) == ("expired", "ADMISSION_EXPIRED", at(31))
    assert [admission.entry.consumer_id for admission in result.admitted] == ["c01"]


def test_max_admissions_counts_used_grants_and_expired_ones_give_theirs_back() -> None:
    engine = opened(admit_rate=600, max_admissions=2, admission_expiration_seconds=30)
    enter_all(engine, CROWD[:5], T0)
    assert tick_until(engine, 0, 1) == ["c00", "c01"]
    engine.grant_used("c00", at(2))

    assert tick_until(engine, 1, 30) == []  # both admissions are spoken for
    # c01's grant expires unused: its admission goes to the next in line.
    assert tick_until(engine, 30, 32) == ["c02"]
    assert engine.entry("c01").status == "expired"  # type: ignore[union-attr]

    engine.grant_used("c02", at(33))
    engine.tick(at(34))
    # Sold out: everyone still waiting is told so.
    for consumer in ("c03", "c04"):
        entry = engine.entry(consumer)
        assert entry is not None and (entry.status, entry.reason) == ("closed", "SOLD_OUT")
    assert engine.queued_count == 0


# ---- consumer actions ----------------------------------------------------------------------


def test_entering_twice_keeps_the_ticket_and_writes_nothing() -> None:
    engine = opened()
    enter_all(engine, CROWD[:3], T0)
    entry, _ = engine.enter("c01", T0)

    again, dirty = engine.enter("c01", at(5))

    assert again is entry
    assert dirty == []
    assert engine.queued_count == 3
    assert engine.position(again) == 2
    assert again.entered_at == T0


def test_leaving_moves_everyone_behind_forward_and_cannot_be_undone() -> None:
    engine = opened()
    enter_all(engine, CROWD[:5], T0)

    entry, dirty = engine.leave("c01", at(1))

    assert entry is not None and (entry.status, entry.ended_at) == ("left", at(1))
    assert [kind for kind, _, _ in dirty] == [ENTRY_KIND]
    assert line(engine, CROWD) == ["c00", "c02", "c03", "c04"]
    assert [engine.position(engine.entry(c)) for c in line(engine, CROWD)] == [1, 2, 3, 4]  # type: ignore[arg-type]
    assert engine.leave("c01", at(2)) == (entry, [])
    assert engine.leave("stranger", at(2)) == (None, [])
    with pytest.raises(RefusedError) as refused:
        engine.enter("c01", at(3))
    assert refused.value.code == "ALREADY_LEFT"


def test_leaving_does_not_take_back_a_grant() -> None:
    engine = opened()
    enter_all(engine, CROWD[:1], T0)
    tick_until(engine, 0, 1)

    entry, dirty = engine.leave("c00", at(2))

    assert entry is not None and entry.status == "granted"
    assert dirty == []


def test_a_full_queue_refuses_until_someone_leaves() -> None:
    engine = opened(capacity=2)
    enter_all(engine, CROWD[:2], T0)

    with pytest.raises(RefusedError) as refused:
        engine.enter("c02", T0)
    assert refused.value.code == "QUEUE_FULL"
    assert refused.value.retry_after

    engine.leave("c00", T0)
    entry, _ = engine.enter("c02", T0)
    assert engine.position(entry) == 2


def test_positions_stay_dense_past_a_thousand_tickets() -> None:
    engine = opened()
    crowd = [f"c{index}" for index in range(3000)]
    enter_all(engine, crowd, T0)
    for consumer in crowd[::3]:
        engine.leave(consumer, T0)

    staying = [c for index, c in enumerate(crowd) if index % 3]
    assert [engine.position(engine.entry(c)) for c in staying] == list(range(1, 2001))  # type: ignore[arg-type]
    assert engine.queued_count == 2000


# ---- estimates -----------------------------------------------------------------------------


def test_the_wait_estimate_follows_the_measured_admission_rate() -> None:
    # Configured for one a second, but only one grant may be live and each is used after 4 s:
    # the line really moves at one every 4 seconds, and the estimate should say so.
    engine = opened(admit_rate=60, max_active_grants=1, admission_expiration_seconds=3600)
    enter_all(engine, CROWD, T0)
    assert engine.estimated_wait_seconds(engine.entry("c10"), T0) == 11.0  # type: ignore[arg-type]

    for second in range(1, 41):
        engine.tick(at(second))
        if second % 4 == 0:
            [holder] = granted(engine, CROWD)
            engine.grant_used(holder, at(second))

    front = line(engine, CROWD)[0]
    entry = engine.entry(front)
    assert entry is not None and engine.position(entry) == 1
    assert engine.admission_rate(at(40)) == pytest.approx(0.25)
    assert engine.estimated_wait_seconds(entry, at(40)) == pytest.approx(4.0)
    # Once the line has been still for two minutes, fall back to the configured rate.
    assert engine.admission_rate(at(40 + 200)) == pytest.approx(1.0)


def test_the_wait_estimate_before_opening_includes_the_time_to_opening() -> None:
    engine = QueueEngine(config(open_at=at(600), early_entry_seconds=900, admit_rate=60))
    enter_all(engine, CROWD[:10], at(0))
    entry = engine.entry("c00")
    assert entry is not None

    assert engine.estimated_wait_seconds(entry, at(100)) == 500 + 10


# ---- operator actions ----------------------------------------------------------------------


def test_close_ends_the_line_with_outcome_closed() -> None:
    engine = opened(admission_expiration_seconds=3600)
    enter_all(engine, CROWD[:5], T0)
    tick_until(engine, 0, 1)  # c00 granted

    engine.control("close", at(2))
    result = engine.tick(at(2))

    assert engine.lifecycle(at(2)) == "closed"
    assert engine.queued_count == 0
    for consumer in CROWD[1:5]:
        entry = engine.entry(consumer)
        assert entry is not None
        assert (entry.status, entry.reason, entry.ended_at) == ("closed", "QUEUE_CLOSED", at(2))
    assert len([kind for kind, _, _ in result.dirty if kind == ENTRY_KIND]) == 4
    assert engine.entry("c00").status == "granted"  # type: ignore[union-attr]
    assert tick_until(engine, 2, 30) == []
    with pytest.raises(RefusedError) as refused:
        engine.enter("late", at(3))
    assert refused.value.code == "QUEUE_CLOSED"
    with pytest.raises(RefusedError):
        engine.control("open", at(4))


def test_close_at_ends_the_line_on_time() -> None:
    engine = opened(close_at=at(60), admit_rate=1)
    enter_all(engine, CROWD[:3], T0)

    engine.tick(at(59))
    assert engine.lifecycle(at(59)) == "open"
    engine.tick(at(60))

    assert engine.lifecycle(at(60)) == "closed"
    assert {engine.entry(c).status for c in CROWD[:3]} == {"closed"}  # type: ignore[union-attr]


def test_pause_stops_admissions_and_resume_does_not_burst() -> None:
    engine = opened(admit_rate=60, admission_expiration_seconds=3600)
    crowd = [f"c{index}" for index in range(200)]
    enter_all(engine, crowd, T0)
    assert len(tick_until(engine, 0, 10)) == 10

    engine.control("pause", at(10))
    assert tick_until(engine, 10, 70) == []
    assert engine.lifecycle(at(70)) == "open"

    engine.control("resume", at(70))
    assert [len(engine.tick(at(70)).admitted)] == [0]  # no catch-up for the paused minute
    assert len(tick_until(engine, 70, 130)) == 60


def test_open_now_opens_a_scheduled_queue_and_shuffles_the_early_arrivals() -> None:
    engine = QueueEngine(config(open_at=at(3600), early_entry_seconds=3600))
    enter_all(engine, CROWD[:6], at(10))

    dirty = engine.control("open", at(20))

    assert engine.lifecycle(at(20)) == "open"
    assert engine.config.open_at == at(20)
    assert {kind for kind, _, _ in dirty} == {ENTRY_KIND, STATE_KIND, SHUFFLE_KIND}
    assert sorted(engine.position(engine.entry(c)) for c in CROWD[:6]) == [1, 2, 3, 4, 5, 6]  # type: ignore[arg-type]


# ---- properties ----------------------------------------------------------------------------

CONSUMERS = [f"c{index}" for index in range(12)]


def _load_order(entry: QueueEntry) -> tuple[bool, int, datetime]:
    return (entry.ticket is None, entry.ticket or 0, entry.entered_at)


class QueueMachine(RuleBasedStateMachine):
    """Random enters, leaves, redemptions, pauses and restarts over time.

    The engine's records are kept as the service would store them; a restart rebuilds the
    engine from them alone. Whatever happens, the line's positions are 1..n with no gaps or
    duplicates, in ticket order, and admissions always take the front of the line.
    """

    def __init__(self) -> None:
        super().__init__()
        self.now = T0
        self.records: dict[tuple[str, str], dict[str, Any]] = {}
        self.entered: set[str] = set()
        self.engine = QueueEngine(config())

    def _keep(self, dirty: Dirty) -> None:
        for kind, key, doc in dirty:
            self.records[(kind, key)] = doc

    @initialize(
        opens_in=st.sampled_from([0, 20, 90]),
        admit_rate=st.sampled_from([6, 60, 600]),
        cap=st.sampled_from([None, 1, 3]),
        expiry=st.sampled_from([5, 60]),
        capacity=st.sampled_from([None, 8]),
    )
    def start(
        self, opens_in: int, admit_rate: int, cap: int | None, expiry: int, capacity: int | None
    ) -> None:
        queue = config(
            open_at=at(opens_in) if opens_in else None,
            early_entry_seconds=120 if opens_in else None,
            admit_rate=admit_rate,
            max_active_grants=cap,
            admission_expiration_seconds=expiry,
            capacity=capacity,
        )
        self.engine = QueueEngine(queue)
        self._keep([(STATE_KIND, queue.id, self.engine.runtime.to_doc())])
        self._keep(self.engine.tick(self.now).dirty)

    @rule(consumer=st.sampled_from(CONSUMERS))
    def enter(self, consumer: str) -> None:
        existing = self.engine.entry(consumer)
        try:
            entry, dirty = self.engine.enter(consumer, self.now)
        except RefusedError as refusal:
            assert refusal.code in {"ALREADY_LEFT", "QUEUE_FULL", "QUEUE_CLOSED"}
            return
        assert existing is None or (entry is existing and dirty == [])
        self.entered.add(consumer)
        self._keep(dirty)

    @rule(consumer=st.sampled_from(CONSUMERS))
    def leave(self, consumer: str) -> None:
        _, dirty = self.engine.leave(consumer, self.now)
        self._keep(dirty)

    @rule(consumer=st.sampled_from(CONSUMERS))
    def redeem(self, consumer: str) -> None:
        self._keep(self.engine.grant_used(consumer, self.now))

    @rule(action=st.sampled_from(["pause", "resume", "close"]))
    def operate(self, action: str) -> None:
        if action == "close" and self.engine.lifecycle(self.now) == "closed":
            return
        self._keep(self.engine.control(action, self.now))

    @rule(seconds=st.sampled_from([0.25, 1, 3, 10, 45]))
    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        was_open = self.engine.runtime.opened
        front = self._line()
        result = self.engine.tick(self.now)
        self._keep(result.dirty)
        admitted = [admission.entry.consumer_id for admission in result.admitted]
        if was_open:
            assert admitted == front[: len(admitted)]

    @rule()
    def restart(self) -> None:
        queue_id = self.engine.id
        entries = sorted(
            (
                QueueEntry.from_doc(doc)
                for (kind, _), doc in self.records.items()
                if kind == ENTRY_KIND
            ),
            key=_load_order,
        )
        runtime = QueueRuntime.from_doc(self.records[(STATE_KIND, queue_id)])
        before = {c: self._place(c) for c in self.entered}
        self.engine = QueueEngine(self.engine.config, runtime, entries)
        assert {c: self._place(c) for c in self.entered} == before

    def _place(self, consumer: str) -> tuple[str, int | None, str | None]:
        entry = self.engine.entry(consumer)
        assert entry is not None
        position = self.engine.position(entry) if entry.status == "queued" else None
        return (entry.status, position, entry.grant_id)

    def _line(self) -> list[str]:
        return line(self.engine, sorted(self.entered))

    @invariant()
    def positions_are_one_to_n_in_ticket_order(self) -> None:
        engine = self.engine
        queued = [engine.entry(c) for c in self.entered]
        queued = [e for e in queued if e is not None and e.status == "queued"]
        assert len(queued) == engine.queued_count
        positions = [engine.position(e) for e in queued]
        if engine.runtime.opened:
            by_ticket = sorted(queued, key=lambda e: e.ticket)  # type: ignore[arg-type, return-value]
            assert [engine.position(e) for e in by_ticket] == list(range(1, len(queued) + 1))
        else:
            assert set(positions) <= {len(queued)}

    @invariant()
    def live_grants_are_counted_and_capped(self) -> None:
        engine = self.engine
        live = [c for c in self.entered if engine.entry(c).status == "granted"]  # type: ignore[union-attr]
        assert len(live) == engine.active_grants
        cap = engine.config.max_active_grants
        assert cap is None or len(live) <= cap


QueueMachine.TestCase.settings = settings(
    max_examples=200,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestQueueMachine = QueueMachine.TestCase
