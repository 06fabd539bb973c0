"""What the presenter hands the screens to format: amounts in the currency's minor units, and
the appointment days named on the journey's clock in the venue's time zone (never the system
clock, never the UTC date)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from kiosk.core.clock import FixedClock
from kiosk.devtools.fixtures import view_for
from kiosk.session.bids import bid_chips
from kiosk.session.catalog import ExperienceChoice
from kiosk.session.presenter import VisitData, present_journey
from kiosk.session.slots import Slot, ViewSlotSource
from tests.fakes import FakeClock

NEW_YORK = "America/New_York"
# 23:50 on Friday 27 November in New York: already Saturday 28 in UTC.
JUST_BEFORE_MIDNIGHT = datetime(2026, 11, 28, 4, 50, tzinfo=UTC)


def test_amounts_carry_the_currencys_minor_units() -> None:
    english = {"auctionType": "english", "minNextBid": "1500", "minBidIncrement": "100"}
    assert bid_chips(None, english, "JPY") == ["1500", "1600", "1700"]
    assert bid_chips(None, english, "USD") == ["1500.00", "1600.00", "1700.00"]
    assert bid_chips(None, {"auctionType": "dutch", "currentPrice": "12.5"}, "KWD") == ["12.500"]


def test_a_typed_amount_is_presented_in_the_currencys_units() -> None:
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    experience = ExperienceChoice(id="exp_yen", name="Yen auction", currency_code="JPY")
    visit = VisitData(experience=experience, view=view_for("enterable_auction", None, now))
    visit.bid = "1250"
    state = present_journey(visit, now)
    assert state.selected_bid == "1250" and state.currency == "JPY"
    assert all("." not in chip for chip in state.bid_chips)


def appointment_visit(now: datetime, zone: str) -> VisitData:
    experience = ExperienceChoice(id="exp_fit", name="Fitting", time_zone=zone)
    visit = VisitData(experience=experience, view=view_for("enterable_appointment", None, now))
    local_evening = datetime(2026, 11, 28, 4, 55, tzinfo=UTC)  # 23:55 on the 27th, New York
    visit.slots = tuple(
        Slot(id=f"slot_{day}", start=local_evening + timedelta(days=day)) for day in range(3)
    )
    return visit


def test_today_and_tomorrow_follow_the_venues_calendar_just_before_midnight() -> None:
    state = present_journey(appointment_visit(JUST_BEFORE_MIDNIGHT, NEW_YORK), JUST_BEFORE_MIDNIGHT)
    days = [(day["date"], day["relative"]) for day in state.days]
    # The UTC date is already the 28th; the venue's is still the 27th.
    assert days == [("2026-11-27", "today"), ("2026-11-28", "tomorrow"), ("2026-11-29", "")]
    assert state.slots[0]["slots"][0]["time"] == "23:55"  # the venue's wall clock


def test_after_midnight_the_same_days_move_on() -> None:
    after = JUST_BEFORE_MIDNIGHT + timedelta(minutes=20)  # 00:10 on the 28th, New York
    state = present_journey(appointment_visit(after, NEW_YORK), after)
    assert [day["relative"] for day in state.days] == ["", "today", "tomorrow"]


class RecordingAppointment:
    """An appointment sequence view that records the dates it is asked for."""

    def __init__(self, time_zone: str | None) -> None:
        details: dict[str, Any] = {"timeZone": time_zone} if time_zone else {}
        self.distribution = SimpleNamespace(details=details)
        self.asked: tuple[date, date] | None = None

    async def slots(self, start_date: date, end_date: date) -> list[Any]:
        self.asked = (start_date, end_date)
        return []


async def test_slots_are_asked_from_the_venues_today_on_the_kiosks_clock() -> None:
    # A kiosk clock set just before midnight in New York (the system clock is elsewhere).
    clock = FixedClock(JUST_BEFORE_MIDNIGHT, base=FakeClock())
    sequence = RecordingAppointment(NEW_YORK)
    await ViewSlotSource(clock, days=7).slots(sequence)  # type: ignore[arg-type]
    assert sequence.asked == (date(2026, 11, 27), date(2026, 12, 3))


async def test_slots_without_a_stated_zone_are_asked_from_the_utc_date() -> None:
    clock = FixedClock(JUST_BEFORE_MIDNIGHT, base=FakeClock())
    for zone in (None, "Not/AZone"):
        sequence = RecordingAppointment(zone)
        await ViewSlotSource(clock, days=2).slots(sequence)  # type: ignore[arg-type]
        assert sequence.asked == (date(2026, 11, 28), date(2026, 11, 29))


def test_what_a_won_auction_costs_uses_the_currency_too() -> None:
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    experience = ExperienceChoice(id="exp_yen", name="Yen auction", currency_code="JPY")
    visit = VisitData(experience=experience, view=view_for("granted", "bought", now))
    visit.paid = Decimal("39000")
    assert present_journey(visit, now).your_bid == "39000"
