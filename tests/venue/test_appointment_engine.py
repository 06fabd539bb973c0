"""The appointment engine on its own: explicit instants, no clock, no store, no HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from kiosk.venue.domain import appointment
from kiosk.venue.domain.appointment import (
    BOOKING_KIND,
    CODE_ALPHABET,
    CODE_LENGTH,
    AppointmentConfig,
    AppointmentCreate,
    AppointmentEngine,
    Booking,
    build_slots,
    new_config,
)
from kiosk.venue.domain.appointment_schedule import (
    AppointmentUpdate,
    updated_config,
)
from kiosk.venue.domain.engine import Dirty
from kiosk.venue.domain.errors import RefusedError

T0 = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)  # before the day's first slot
DAY = date(2026, 11, 27)


def body(**fields: Any) -> AppointmentCreate:
    base: dict[str, Any] = {
        "sequenceId": "sequence-1",
        "name": "Fitting",
        "timeZone": "UTC",
        "slotDurationMinutes": 20,
        "bufferMinutes": 10,
        "maxCapacityPerSlot": 2,
        "schedule": {
            "days": [DAY.isoformat()],
            "hours": [{"start": "10:00", "end": "18:00"}],
            "locations": [{"name": "Store floor"}, {"name": "VIP lounge"}],
        },
    }
    return AppointmentCreate.model_validate({**base, **fields})


def engine_for(**fields: Any) -> AppointmentEngine:
    return AppointmentEngine(new_config(body(**fields), T0))


def schedule(days: list[str], hours: list[tuple[str, str]], locations: int = 1) -> dict[str, Any]:
    return {
        "days": days,
        "hours": [{"start": start, "end": end} for start, end in hours],
        "locations": [{"name": f"Room {n}"} for n in range(locations)],
    }


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def refusal(call: Any, *args: Any) -> RefusedError:
    with pytest.raises(RefusedError) as caught:
        call(*args)
    return caught.value


def rebuilt(engine: AppointmentEngine, records: Dirty) -> AppointmentEngine:
    """A fresh engine from the records written so far, as `load()` would make it."""
    docs = {key: doc for kind, key, doc in records if kind == BOOKING_KIND}
    return AppointmentEngine(engine.config, [Booking.from_doc(doc) for doc in docs.values()])


def state(engine: AppointmentEngine) -> list[tuple[str, str, str, str]]:
    return sorted(
        (b.consumer_id, b.slot_id, b.status, b.confirmation_code)
        for b in appointment.bookings(engine)
    )


# ---- slot generation -----------------------------------------------------------------------


def test_slots_step_by_duration_plus_buffer_within_opening_hours() -> None:
    engine = engine_for()
    floor = [s for s in engine.slots if s.location.name == "Store floor"]

    assert len(engine.slots) == 2 * 16  # 8 hours of 30-minute steps, two locations
    assert [s.start for s in floor[:3]] == [at(10), at(10, 30), at(11)]
    assert all(s.end - s.start == timedelta(minutes=20) for s in floor)
    assert floor[-1].start == at(17, 30) and floor[-1].end == at(17, 50)
    assert engine.slots[0].location.name == "Store floor"  # same start: schedule order
    assert engine.slots[1].location.name == "VIP lounge"


def test_a_slot_that_ends_exactly_at_closing_is_offered_and_one_that_overruns_is_not() -> None:
    fits = engine_for(
        slotDurationMinutes=30,
        bufferMinutes=0,
        schedule=schedule(["2026-11-27"], [("10:00", "11:00")]),
    )
    overruns = engine_for(
        slotDurationMinutes=25,
        bufferMinutes=10,
        schedule=schedule(["2026-11-27"], [("10:00", "11:00")]),
    )

    assert [s.start for s in fits.slots] == [at(10), at(10, 30)]
    assert [(s.start, s.end) for s in overruns.slots] == [
        (at(10), at(10, 25)),
        (at(10, 35), at(11)),
    ]


def test_slot_ids_are_stable_across_rebuilds_and_schedule_resends() -> None:
    first = engine_for()
    again = AppointmentEngine(AppointmentConfig.model_validate(first.config.to_doc()))
    resent = updated_config(
        first.config,
        AppointmentUpdate.model_validate({"schedule": body().schedule.model_dump(by_alias=True)}),
        T0,
    )

    assert [s.id for s in again.slots] == [s.id for s in first.slots]
    assert [s.id for s in build_slots(resent)] == [s.id for s in first.slots]
    assert first.slots[0].id == f"{first.slots[0].location.id}@20261127T1000Z"


def test_opening_hours_are_wall_clock_times_in_the_appointments_time_zone() -> None:
    # New York moves its clocks forward on 8 March 2026: 10:00 is 15:00Z, then 14:00Z.
    engine = engine_for(
        timeZone="America/New_York",
        schedule=schedule(["2026-03-07", "2026-03-08"], [("10:00", "11:00")]),
    )

    starts = [s.start for s in engine.slots]
    assert starts == [
        datetime(2026, 3, 7, 15, 0, tzinfo=UTC),
        datetime(2026, 3, 7, 15, 30, tzinfo=UTC),
        datetime(2026, 3, 8, 14, 0, tzinfo=UTC),
        datetime(2026, 3, 8, 14, 30, tzinfo=UTC),
    ]


def test_a_local_day_can_begin_on_the_previous_utc_day() -> None:
    # 08:00 in Tokyo on 28 November is 23:00Z on the 27th.
    engine = engine_for(
        timeZone="Asia/Tokyo", schedule=schedule(["2026-11-28"], [("08:00", "09:00")])
    )
    tokyo = ZoneInfo("Asia/Tokyo")
    local_day = datetime(2026, 11, 28, tzinfo=tokyo)

    assert engine.slots[0].start == datetime(2026, 11, 27, 23, 0, tzinfo=UTC)
    assert engine.slots_between(local_day, local_day + timedelta(days=1)) == engine.slots
    utc_28 = datetime(2026, 11, 28, tzinfo=UTC)
    assert engine.slots_between(utc_28, utc_28 + timedelta(days=1)) == []


def test_slots_last_their_real_duration_when_the_clocks_go_back() -> None:
    # London goes back at 02:00 BST on 25 October 2026: 00:30-02:30 local is three real hours.
    engine = engine_for(
        timeZone="Europe/London",
        slotDurationMinutes=60,
        bufferMinutes=0,
        schedule=schedule(["2026-10-25"], [("00:30", "02:30")]),
    )

    assert [s.start.hour for s in engine.slots] == [23, 0, 1]
    assert all(s.end - s.start == timedelta(hours=1) for s in engine.slots)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"timeZone": "Mars/Olympus"}, "unknown time zone"),
        ({"timeZone": "../../etc/passwd"}, "unknown time zone"),
        ({"schedule": schedule(["2026-11-27"], [("10:00", "09:00")])}, "end after they start"),
        (
            {"schedule": schedule(["2026-11-27"], [("10:00", "12:00"), ("11:00", "13:00")])},
            "overlap",
        ),
        ({"schedule": schedule(["2026-11-27", "2026-11-27"], [("10:00", "12:00")])}, "once"),
        (
            {
                "slotDurationMinutes": 120,
                "schedule": schedule(["2026-11-27"], [("10:00", "11:00")]),
            },
            "no slot",
        ),
        (
            {
                "slotDurationMinutes": 1,
                "bufferMinutes": 0,
                "schedule": schedule(["2026-11-27"], [("00:00", "23:59")], 50),
            },
            "at most",
        ),
        (
            {
                "schedule": {
                    **schedule(["2026-11-27"], [("10:00", "11:00")]),
                    "locations": [{"name": "A"}, {"name": "a"}],
                }
            },
            "unique",
        ),
        (
            {"schedule": {**schedule(["2026-11-27"], [("10:00", "11:00")]), "locations": []}},
            "at least 1",
        ),
        ({"openAt": "2026-11-27T12:00:00Z", "closeAt": "2026-11-27T11:00:00Z"}, "closeAt"),
        ({"slotDurationMinutes": 0}, "greater than or equal to 1"),
        ({"maxCapacityPerSlot": 0}, "greater than or equal to 1"),
        ({"openAt": "2026-11-27T12:00:00"}, "timezone"),
        ({"capacity": 3}, "Extra inputs"),
        ({"name": "Fitting \ud800"}, "unicode"),
    ],
)
def test_an_offerable_schedule_is_checked_when_created(
    fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        body(**fields)


def test_a_null_cannot_clear_a_required_field_on_update() -> None:
    with pytest.raises(ValidationError, match="cannot be cleared"):
        AppointmentUpdate.model_validate({"slotDurationMinutes": None})


# ---- booking -------------------------------------------------------------------------------


def test_a_booking_takes_a_place_and_gets_a_short_human_confirmation_code() -> None:
    engine = engine_for()
    slot = engine.slots[0]

    records = engine.book("ann", slot.id, slot.location.id, T0)

    booking = engine.booking("ann")
    assert booking is not None and booking.status == "booked" and booking.booked_at == T0
    assert len(booking.confirmation_code) == CODE_LENGTH
    assert set(booking.confirmation_code) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)
    assert engine.taken(slot.id) == 1 and appointment.available(engine, slot, T0) == 1
    assert records == [(BOOKING_KIND, f"{engine.id}/ann", booking.to_doc())]


def test_confirmation_codes_are_unique() -> None:
    engine = engine_for(maxCapacityPerSlot=10_000)
    for n in range(2000):
        engine.book(f"c{n}", engine.slots[n % len(engine.slots)].id, None, T0)

    codes = [b.confirmation_code for b in appointment.bookings(engine)]
    assert len(set(codes)) == len(codes) == 2000


def test_a_full_slot_refuses_and_changes_nothing() -> None:
    engine = engine_for()
    slot = engine.slots[0]
    engine.book("ann", slot.id, None, T0)
    engine.book("bob", slot.id, None, T0)
    before = state(engine)

    assert refusal(engine.book, "cat", slot.id, None, T0).code == "SLOT_FULL"
    assert state(engine) == before and engine.taken(slot.id) == 2
    assert appointment.available(engine, slot, T0) == 0


def test_a_slot_that_has_started_cannot_be_booked() -> None:
    engine = engine_for()
    slot = engine.slots[0]

    assert refusal(engine.book, "ann", slot.id, None, slot.start).code == "SLOT_UNAVAILABLE"
    assert appointment.available(engine, slot, slot.start) == 0
    assert engine.booking("ann") is None


def test_unknown_slots_and_wrong_locations_are_refused() -> None:
    engine = engine_for()
    floor, lounge = engine.slots[0], engine.slots[1]

    assert refusal(engine.book, "ann", "nope", None, T0).code == "SLOT_NOT_FOUND"
    assert refusal(engine.book, "ann", floor.id, lounge.location.id, T0).code == "LOCATION_MISMATCH"
    assert engine.booking("ann") is None


def test_booking_the_same_slot_again_answers_the_same_booking_and_another_is_refused() -> None:
    engine = engine_for()
    engine.book("ann", engine.slots[0].id, None, T0)
    booking = engine.booking("ann")

    assert engine.book("ann", engine.slots[0].id, None, T0) == []  # a retried request
    assert engine.booking("ann") is booking and engine.taken(engine.slots[0].id) == 1
    assert refusal(engine.book, "ann", engine.slots[2].id, None, T0).code == "ALREADY_BOOKED"
    assert engine.taken(engine.slots[2].id) == 0


def test_booking_opens_at_open_at_and_closes_at_close_at_or_the_last_slot() -> None:
    engine = engine_for(openAt="2026-11-27T09:00:00Z")
    slot = engine.slots[-1]

    early = refusal(engine.book, "ann", slot.id, None, T0)
    assert (early.code, early.kind, early.retry_after) == ("APPOINTMENT_NOT_OPEN", "not_open", 3600)
    assert engine.lifecycle(T0) == "scheduled"
    assert engine.lifecycle(at(9)) == "open"
    assert engine.closes_at() == at(17, 30)  # the last slot's start
    assert engine.lifecycle(at(17, 30)) == "closed"
    closing = engine_for(closeAt="2026-11-27T12:00:00Z")
    assert closing.lifecycle(at(12)) == "closed"
    assert refusal(closing.book, "ann", closing.slots[-1].id, None, at(12)).code == (
        "APPOINTMENT_CLOSED"
    )


# ---- cancel and reschedule -----------------------------------------------------------------


def test_cancelling_frees_the_place_and_is_final() -> None:
    engine = engine_for()
    slot = engine.slots[0]
    engine.book("ann", slot.id, None, T0)

    engine.cancel("ann", slot.id, slot.location.id, "feeling ill", at(9))

    booking = engine.booking("ann")
    assert booking is not None and booking.status == "cancelled"
    assert booking.cancelled_at == at(9) and booking.cancel_reason == "feeling ill"
    assert engine.taken(slot.id) == 0
    assert engine.cancel("ann", slot.id, None, None, at(9, 5)) == []  # again: same answer
    assert booking.cancelled_at == at(9)
    assert refusal(engine.book, "ann", slot.id, None, at(9)).code == "BOOKING_ENDED"


def test_cancel_names_your_own_booking_by_its_slot() -> None:
    engine = engine_for()
    engine.book("ann", engine.slots[0].id, None, T0)
    before = state(engine)

    # Bob holds no booking: naming Ann's slot does not reach Ann's booking.
    assert refusal(engine.cancel, "bob", engine.slots[0].id, None, None, T0).code == "NOT_BOOKED"
    # A stale screen naming a slot Ann is not in is refused too.
    assert refusal(engine.cancel, "ann", engine.slots[2].id, None, None, T0).code == "NOT_BOOKED"
    assert state(engine) == before


def test_reschedule_moves_the_one_booking_and_keeps_its_code() -> None:
    engine = engine_for()
    old, new = engine.slots[0], engine.slots[5]
    engine.book("ann", old.id, None, T0)
    code = engine.booking("ann").confirmation_code  # type: ignore[union-attr]

    records = engine.reschedule("ann", new.id, new.location.id, at(9))

    booking = engine.booking("ann")
    assert booking is not None and len(appointment.bookings(engine)) == 1 and len(records) == 1
    assert (booking.slot_id, booking.previous_slot_id) == (new.id, old.id)
    assert booking.confirmation_code == code and booking.status == "booked"
    assert (engine.taken(old.id), engine.taken(new.id)) == (0, 1)
    assert engine.reschedule("ann", new.id, None, at(9)) == []  # a retried request


def test_reschedule_into_a_full_slot_leaves_the_old_booking() -> None:
    engine = engine_for(maxCapacityPerSlot=1)
    old, full = engine.slots[0], engine.slots[1]
    engine.book("ann", old.id, None, T0)
    engine.book("bob", full.id, None, T0)
    before = state(engine)

    assert refusal(engine.reschedule, "ann", full.id, None, T0).code == "SLOT_FULL"
    assert state(engine) == before
    assert (engine.taken(old.id), engine.taken(full.id)) == (1, 1)


@pytest.mark.parametrize(
    ("target", "code"),
    [("nope", "SLOT_NOT_FOUND"), (0, "SLOT_UNAVAILABLE")],
)
def test_reschedule_into_a_slot_that_cannot_be_had_leaves_the_old_booking(
    target: str | int, code: str
) -> None:
    engine = engine_for()
    engine.book("ann", engine.slots[4].id, None, T0)
    before = state(engine)
    slot_id = engine.slots[target].id if isinstance(target, int) else target

    assert refusal(engine.reschedule, "ann", slot_id, None, at(10, 5)).code == code
    assert state(engine) == before


def test_reschedule_needs_a_booking_that_has_not_checked_in() -> None:
    engine = engine_for()
    assert refusal(engine.reschedule, "ann", engine.slots[1].id, None, T0).code == "NOT_BOOKED"
    engine.book("ann", engine.slots[0].id, None, T0)
    engine.check_in(engine.find("ann", None), at(9, 55))

    assert refusal(engine.reschedule, "ann", engine.slots[3].id, None, at(9, 55)).code == (
        "ALREADY_CHECKED_IN"
    )
    assert refusal(engine.cancel, "ann", engine.slots[0].id, None, None, at(9, 55)).code == (
        "ALREADY_CHECKED_IN"
    )


# ---- check-in, no-show, completion ---------------------------------------------------------


def test_a_checked_in_booking_completes_when_its_slot_ends() -> None:
    engine = engine_for()
    slot = engine.slots[0]
    engine.book("ann", slot.id, None, T0)
    booking = engine.find(None, engine.booking("ann").confirmation_code.lower())  # type: ignore[union-attr]

    engine.check_in(booking, at(9, 58))
    assert engine.check_in(booking, at(9, 59)) == []  # twice: already in
    assert engine.tick(at(10, 19)).dirty == []
    result = engine.tick(at(10, 25))

    assert booking.status == "completed" and booking.completed_at == slot.end
    assert result.dirty == [(BOOKING_KIND, f"{engine.id}/ann", booking.to_doc())]
    assert result.issued == [] and result.expired_grant_ids == []  # never a grant


def test_a_late_check_in_completes_at_once() -> None:
    engine = engine_for()
    engine.book("ann", engine.slots[0].id, None, T0)
    booking = engine.find("ann", None)

    engine.check_in(booking, at(10, 40))
    engine.tick(at(10, 40))

    assert booking.status == "completed" and booking.completed_at == at(10, 40)


def test_no_show_once_the_slot_has_started_and_only_if_not_checked_in() -> None:
    engine = engine_for()
    engine.book("ann", engine.slots[0].id, None, T0)
    engine.book("bob", engine.slots[0].id, None, T0)
    ann, bob = engine.find("ann", None), engine.find("bob", None)

    assert refusal(engine.no_show, ann, at(9, 59)).code == "SLOT_NOT_STARTED"
    engine.no_show(ann, at(10, 10))
    engine.check_in(bob, at(10, 1))

    assert ann.status == "no_show" and ann.no_show_at == at(10, 10)
    assert refusal(engine.no_show, bob, at(10, 10)).code == "ALREADY_CHECKED_IN"
    assert refusal(engine.check_in, ann, at(10, 11)).code == "BOOKING_NO_SHOW"
    assert engine.taken(engine.slots[0].id) == 2  # both held their place


def test_staff_can_complete_or_cancel_a_booking() -> None:
    engine = engine_for()
    engine.book("ann", engine.slots[0].id, None, T0)
    engine.book("bob", engine.slots[2].id, None, T0)

    engine.complete(engine.find("ann", None), at(10, 15))
    engine.operator_cancel(engine.find("bob", None), "store closed", at(9))

    assert engine.find("ann", None).status == "completed"
    assert engine.find("bob", None).cancelled_by == "operator"
    assert refusal(engine.complete, engine.find("bob", None), at(9)).code == "BOOKING_CANCELLED"
    assert refusal(engine.find, None, "ZZZZZZ").kind == "not_found"
    assert refusal(engine.find, "nobody", None).code == "BOOKING_NOT_FOUND"


# ---- operator changes ----------------------------------------------------------------------


def test_a_change_that_would_strand_a_booking_is_refused() -> None:
    engine = engine_for()
    engine.book("ann", engine.slots[2].id, None, T0)  # 10:30, which 25-minute steps skip
    engine.book("bob", engine.slots[2].id, None, T0)
    config = engine.config

    shifted = updated_config(
        config, AppointmentUpdate(buffer_minutes=0, slot_duration_minutes=25), T0
    )
    assert refusal(engine.set_config, shifted).code == "SLOT_HAS_BOOKINGS"
    smaller = updated_config(config, AppointmentUpdate(max_capacity_per_slot=1), T0)
    assert refusal(engine.set_config, smaller).code == "CAPACITY_BELOW_BOOKINGS"
    assert engine.config is config

    longer = AppointmentUpdate(slot_duration_minutes=25, buffer_minutes=5, max_capacity_per_slot=3)
    assert engine.set_config(updated_config(config, longer, T0)) == [engine.config_record()]
    held = engine.slot(engine.find("ann", None).slot_id)
    assert held is not None and held.end - held.start == timedelta(minutes=25)
    assert appointment.available(engine, held, T0) == 1


def test_an_update_is_checked_against_the_merged_configuration() -> None:
    config = engine_for(openAt="2026-11-27T09:00:00Z").config
    with pytest.raises(RefusedError, match="closeAt must be after openAt"):
        updated_config(
            config, AppointmentUpdate.model_validate({"closeAt": "2026-11-27T08:00:00Z"}), T0
        )
    with pytest.raises(RefusedError, match="No slot"):
        updated_config(config, AppointmentUpdate(slot_duration_minutes=600), T0)
    cleared = updated_config(config, AppointmentUpdate.model_validate({"openAt": None}), T0)
    assert cleared.open_at is None and cleared.updated_at == T0


# ---- projection ----------------------------------------------------------------------------


def _token(_: str) -> str:  # pragma: no cover - appointments never grant
    raise AssertionError("an appointment projected a grant")


def test_the_projection_follows_the_contracts_phases() -> None:
    engine = engine_for(openAt="2026-11-27T09:00:00Z")
    slot = engine.slots[0]

    scheduled = engine.project("ann", "exp", T0, _token)
    assert (scheduled.phase, scheduled.consumer) == ("scheduled", None)
    enterable = engine.project("ann", "exp", at(9), _token)
    assert enterable.phase == "enterable" and enterable.consumer.status == "not_booked"  # type: ignore[union-attr]

    engine.book("ann", slot.id, None, at(9))
    booked = engine.project("ann", "exp", at(9), _token)
    assert booked.phase == "participating" and booked.consumer.slot_id == slot.id  # type: ignore[union-attr]
    assert booked.consumer.location_id == slot.location.id  # type: ignore[union-attr]

    engine.check_in(engine.find("ann", None), at(9, 59))
    checked_in = engine.project("ann", "exp", at(9, 59), _token)
    assert checked_in.phase == "participating" and checked_in.consumer.status == "checked_in"  # type: ignore[union-attr]

    engine.tick(at(10, 30))
    done = engine.project("ann", "exp", at(10, 30), _token)
    assert done.phase == "ended" and done.outcome.type == "completed"  # type: ignore[union-attr]
    assert done.grant is None

    late = engine.project("bob", "exp", at(18), _token)
    assert late.phase == "ended" and late.outcome.type == "closed"  # type: ignore[union-attr]


@pytest.mark.parametrize("ending", ["cancel", "no_show", "operator_cancel"])
def test_each_ending_projects_its_outcome(ending: str) -> None:
    engine = engine_for()
    slot = engine.slots[0]
    engine.book("ann", slot.id, None, T0)
    booking = engine.find("ann", None)
    if ending == "cancel":
        engine.cancel("ann", slot.id, None, "private words", at(9))
    elif ending == "no_show":
        engine.no_show(booking, at(10, 5))
    else:
        engine.operator_cancel(booking, None, at(9))

    projected = engine.project("ann", "exp", at(10, 30), _token)

    expected = {"cancel": "cancelled", "no_show": "no_show", "operator_cancel": "cancelled"}
    assert projected.phase == "ended" and projected.outcome.type == expected[ending]  # type: ignore[union-attr]
    assert "private words" not in str(projected.to_wire())  # the reason is for staff only
    assert projected.consumer.status == expected[ending]  # type: ignore[union-attr]


# ---- rebuilding from the store -------------------------------------------------------------


def test_the_records_rebuild_the_same_state() -> None:
    engine = engine_for(maxCapacityPerSlot=1)
    records: Dirty = []
    records += engine.book("ann", engine.slots[0].id, None, T0)
    records += engine.book("bob", engine.slots[1].id, None, T0)
    records += engine.reschedule("ann", engine.slots[2].id, None, T0)
    records += engine.cancel("bob", engine.slots[1].id, None, None, T0)
    records += engine.book("cat", engine.slots[1].id, None, T0)
    records += engine.check_in(engine.find("cat", None), at(9, 59))

    again = rebuilt(engine, records)

    assert state(again) == state(engine)
    assert [again.taken(s.id) for s in again.slots] == [engine.taken(s.id) for s in engine.slots]
    assert again.tick(at(10, 30)).dirty == engine.tick(at(10, 30)).dirty  # completion planned


# ---- properties ----------------------------------------------------------------------------

CONSUMERS = ["ann", "bob", "cat", "dan", "eve"]
Op = tuple[str, int, int]
ops = st.lists(
    st.tuples(
        st.sampled_from(["book", "cancel", "reschedule", "check_in"]),
        st.integers(0, len(CONSUMERS) - 1),
        st.integers(0, 3),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(capacity=st.integers(1, 3), operations=ops)
def test_bookings_match_a_simple_model_and_never_exceed_capacity(
    capacity: int, operations: list[Op]
) -> None:
    """After any sequence of book / cancel / reschedule (and check-ins), the active bookings
    are exactly the model's: a reschedule never loses a booking nor makes a second one."""
    engine = engine_for(maxCapacityPerSlot=capacity)
    slots = [s.id for s in engine.slots[:4]]
    active: dict[str, str] = {}  # consumer -> slot
    checked_in: set[str] = set()
    ended: dict[str, str] = {}  # consumer -> the slot they cancelled
    records: Dirty = []

    def count(slot: str) -> int:
        return sum(1 for held in active.values() if held == slot)

    for op, who, which in operations:
        consumer, slot = CONSUMERS[who], slots[which]
        expected: str | None = None  # the refusal the model predicts, if any
        if op == "book":
            if consumer in ended:
                expected = "BOOKING_ENDED"
            elif consumer in active:
                expected = None if active[consumer] == slot else "ALREADY_BOOKED"
            elif count(slot) >= capacity:
                expected = "SLOT_FULL"
            else:
                active[consumer] = slot
        elif op == "cancel":
            if ended.get(consumer) == slot:
                expected = None
            elif active.get(consumer) != slot:
                expected = "NOT_BOOKED"
            elif consumer in checked_in:
                expected = "ALREADY_CHECKED_IN"
            else:
                ended[consumer] = active.pop(consumer)
        elif op == "reschedule":
            if consumer not in active:
                expected = "NOT_BOOKED"
            elif consumer in checked_in:
                expected = "ALREADY_CHECKED_IN"
            elif active[consumer] == slot:
                expected = None
            elif count(slot) >= capacity:
                expected = "SLOT_FULL"
            else:
                active[consumer] = slot
        elif consumer in active:
            checked_in.add(consumer)
        else:
            expected = "BOOKING_NOT_FOUND" if consumer not in ended else "BOOKING_CANCELLED"

        try:
            if op == "book":
                records += engine.book(consumer, slot, None, T0)
            elif op == "cancel":
                records += engine.cancel(consumer, slot, None, None, T0)
            elif op == "reschedule":
                records += engine.reschedule(consumer, slot, None, T0)
            else:
                records += engine.check_in(engine.find(consumer, None), T0)
            outcome = None
        except RefusedError as refused:
            outcome = refused.code
        assert outcome == expected, (op, consumer, slot)

        live = {b.consumer_id: b.slot_id for b in appointment.bookings(engine) if b.active}
        assert live == active
        assert all(engine.taken(s) == count(s) <= capacity for s in slots)

    assert state(rebuilt(engine, records)) == state(engine)


zones = st.sampled_from(
    ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu"]
)


@settings(max_examples=200, deadline=None)
@given(
    zone=zones,
    first_day=st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    days=st.integers(1, 3),
    opens=st.integers(0, 22 * 60),
    length=st.integers(30, 10 * 60),
    duration=st.integers(5, 90),
    buffer=st.integers(0, 30),
)
def test_generated_slots_never_overlap_and_last_their_duration(
    zone: str, first_day: date, days: int, opens: int, length: int, duration: int, buffer: int
) -> None:
    closes = min(opens + length, 23 * 60 + 59)
    hours = [(f"{opens // 60:02}:{opens % 60:02}", f"{closes // 60:02}:{closes % 60:02}")]
    try:
        created = body(
            timeZone=zone,
            slotDurationMinutes=duration,
            bufferMinutes=buffer,
            schedule=schedule(
                [(first_day + timedelta(d)).isoformat() for d in range(days)], hours, 2
            ),
        )
    except ValidationError:
        return  # nothing fits: refused at creation, as tested above
    engine = AppointmentEngine(new_config(created, T0))

    assert len({s.id for s in engine.slots}) == len(engine.slots)
    assert [s.start for s in engine.slots] == sorted(s.start for s in engine.slots)
    for location in created.schedule.locations:
        mine = [s for s in engine.slots if s.location.name == location.name]
        assert all(s.end - s.start == timedelta(minutes=duration) for s in mine)
        gaps = [later.start - earlier.end for earlier, later in pairwise(mine)]
        assert all(gap >= timedelta(minutes=buffer) for gap in gaps)
