"""One form per screen: each owns its fields and feedback and turns a submit into one typed
journey action. Field handling is tested on a fake visit; the actions against the real venue
app (demo data) on a fake clock, pressing what a customer presses."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from kiosk.devtools.fixtures import view_for
from kiosk.sdk import AccessCodeSubmitResult, GatedView, RoutedView
from kiosk.session.auth import (
    AuthUnavailableError,
    ExpiredCodeError,
    InvalidCodeError,
    TooManyCodesError,
)
from kiosk.session.bids import bid_chips
from kiosk.session.forms import AccessCodeForm, BidForm, OneTimeCodeForm, SlotPicker
from kiosk.session.presenter import screen_for
from kiosk.session.slots import Slot
from tests.fakes import FakeClock
from tests.session.fakes import FakeSlotSource, FakeVisit, Kiosk

NOW = FakeClock().now()


class FakeGate:
    """A gated view's `reroute`, answering with the view given."""

    def __init__(self, after: object) -> None:
        self.after = after
        self.codes: list[object] = []

    async def reroute(self, access_code: object = None) -> object:
        self.codes.append(access_code)
        return self.after


class FakeOffer:
    def __init__(self, outcome: str) -> None:
        self.outcome = outcome

    async def submit_access_code(self, code: str) -> AccessCodeSubmitResult:
        return AccessCodeSubmitResult(outcome=self.outcome)  # type: ignore[arg-type]


class FakeAuthenticator:
    available = True

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.sent: list[str] = []
        self.verified: list[tuple[str, str]] = []

    async def request_code(self, contact: str) -> None:
        if self.error:
            raise self.error
        self.sent.append(contact)

    async def verify_code(self, contact: str, code: str) -> None:
        if self.error:
            raise self.error
        self.verified.append((contact, code))


# -- access code -----------------------------------------------------------------------------


def test_the_access_code_is_typed_in_capitals_and_bounded() -> None:
    visit = FakeVisit(view_for("gated_access_code", None, NOW))
    form = AccessCodeForm(visit)
    for key in "vip2026":
        form.type_key(key)
    form.type_key("space")
    assert form.code == "VIP2026 "
    form.type_key("backspace")
    assert form.code == "VIP2026"
    form.type_key("clear")
    assert form.code == ""
    for _ in range(40):
        form.type_key("A")
    assert len(form.code) == 32
    assert visit.changes == 50  # every key press publishes, even one that changes nothing


async def test_a_gate_code_reroutes_and_a_wrong_one_says_invalid() -> None:
    gated = view_for("gated_access_code", None, NOW)
    visit = FakeVisit(gated)
    form = AccessCodeForm(visit)
    for key in "WRONG":
        form.type_key(key)
    form.submit_code()
    action = visit.actions[-1]
    assert (action.name, action.kind) == ("reroute", GatedView)

    gate = FakeGate(after=gated)
    await action.call(gate)
    assert gate.codes == ["WRONG"]
    assert form.feedback == "invalid" and form.code == "WRONG"

    await action.call(FakeGate(after=view_for("enterable_queue", None, NOW)))
    assert form.code == ""


async def test_an_upgrade_code_on_a_routed_screen_reports_its_outcome() -> None:
    visit = FakeVisit(view_for("enterable_queue", "offers", NOW))
    form = AccessCodeForm(visit)
    form.submit_code()
    assert visit.actions == []  # nothing typed: nothing sent

    form.open_code_entry()
    assert form.entry_open
    for key in "MEM":
        form.type_key(key)
    form.submit_code()
    action = visit.actions[-1]
    assert (action.name, action.kind) == ("submit_access_code", RoutedView)
    await action.call(FakeOffer("unchanged"))
    assert (form.feedback, form.code, form.entry_open) == ("unchanged", "MEM", True)
    await action.call(FakeOffer("advanced"))
    assert (form.feedback, form.code, form.entry_open) == ("accepted", "", False)


def test_the_code_entry_opens_only_on_a_routed_screen_and_closing_forgets_the_code() -> None:
    gated = AccessCodeForm(FakeVisit(view_for("gated_access_code", None, NOW)))
    gated.open_code_entry()
    assert not gated.entry_open

    form = AccessCodeForm(FakeVisit(view_for("enterable_queue", "offers", NOW)))
    form.open_code_entry()
    form.type_key("X")
    form.close_code_entry()
    assert (form.entry_open, form.code) == (False, "")


# -- one-time code ---------------------------------------------------------------------------


async def test_sign_in_sends_a_code_to_the_contact_then_verifies_it() -> None:
    visit = FakeVisit(view_for("gated_authentication", None, NOW))
    auth = FakeAuthenticator()
    form = OneTimeCodeForm(visit, auth)
    form.send_auth_code()
    assert visit.actions == []  # no contact yet
    for key in "+1 555 0100":
        form.type_key(key)
    assert form.contact == "+1 555 0100"
    form.send_auth_code()
    assert (visit.actions[-1].name, visit.actions[-1].kind) == ("request_code", GatedView)
    await visit.run()
    assert auth.sent == ["+1 555 0100"]
    assert (form.step, form.feedback) == ("code", "sent")

    for key in "123456789":
        form.type_key(key)
    assert form.code == "12345678"  # at most eight digits
    gate = FakeGate(after=None)
    form.verify_auth_code()
    assert visit.actions[-1].name == "verify_code"
    await visit.run(gate)
    assert auth.verified == [("+1 555 0100", "12345678")]
    assert gate.codes == [None]  # routed again with the stored code


async def test_a_wrong_code_is_cleared_and_an_unavailable_sign_in_says_so() -> None:
    visit = FakeVisit(view_for("gated_authentication", None, NOW))
    form = OneTimeCodeForm(visit, FakeAuthenticator(InvalidCodeError("no")))
    form.set_auth_step("code")
    for key in "0000":
        form.type_key(key)
    form.verify_auth_code()
    await visit.run(FakeGate(after=None))
    assert (form.feedback, form.code) == ("invalid", "")

    offline = OneTimeCodeForm(visit, FakeAuthenticator(AuthUnavailableError("no")))
    offline.type_key("a")
    offline.send_auth_code()
    await visit.run()
    assert (offline.feedback, offline.step) == ("unavailable", "contact")


async def test_an_expired_code_offers_a_new_one_and_a_wait_is_said() -> None:
    visit = FakeVisit(view_for("gated_authentication", None, NOW))
    auth = FakeAuthenticator()
    form = OneTimeCodeForm(visit, auth)
    for key in "+1 555 0100":
        form.type_key(key)
    form.send_auth_code()
    assert form.feedback == "sending"  # said while the venue has not answered
    await visit.run()
    form.type_key("1")
    form.verify_auth_code()
    assert form.feedback == "checking"
    auth.error = ExpiredCodeError("old")
    await visit.run(FakeGate(after=None))
    assert (form.step, form.feedback, form.code) == ("code", "expired", "")

    auth.error = None
    form.send_auth_code()  # "Send a new code", on the code step
    await visit.run()
    assert auth.sent == ["+1 555 0100"] * 2
    assert (form.step, form.feedback) == ("code", "resent")

    auth.error = TooManyCodesError("wait", 120.0)
    form.send_auth_code()
    await visit.run()
    assert (form.step, form.feedback) == ("code", "wait")  # not "sign-in is unavailable"


def test_the_sign_in_step_can_go_back_and_forgets_the_code() -> None:
    form = OneTimeCodeForm(FakeVisit(), FakeAuthenticator())
    form.set_auth_step("code")
    form.type_key("4")
    form.set_auth_step("contact")
    assert (form.step, form.code) == ("contact", "")
    form.set_auth_step("elsewhere")
    assert form.step == "contact"


# -- bid -------------------------------------------------------------------------------------


def test_a_bid_needs_an_amount_that_reads_as_money() -> None:
    visit = FakeVisit(view_for("enterable_auction", None, NOW))
    form = BidForm(visit)
    form.place_bid()
    form.select_bid("not money")
    form.place_bid()
    assert visit.actions == []
    form.select_bid("140.00")
    form.place_bid()
    assert (visit.actions[-1].name, visit.actions[-1].kind) == ("bid", RoutedView)


def test_a_bid_typed_on_the_keypad_is_whole_digits_and_a_chip_starts_over() -> None:
    form = BidForm(FakeVisit(view_for("enterable_auction", None, NOW)))
    form.select_bid("120.00")
    for key in ("0", "1", "5", "A", ".", "0", "0", "backspace"):
        form.type_key(key)
    assert form.amount == "150"
    form.select_bid("130.00")
    assert form.amount == "130.00"
    form.type_key("9")
    assert form.amount == "9"


def test_a_dutch_buy_needs_no_amount_and_shows_its_own_screen() -> None:
    view = view_for("dutch_auction", None, NOW)
    assert screen_for(view) == "dutch_auction"
    visit = FakeVisit(view)
    BidForm(visit).place_bid()
    assert [action.name for action in visit.actions] == ["bid"]
    english = FakeVisit(view_for("enterable_auction", None, NOW))
    BidForm(english).place_bid()
    assert english.actions == []  # an English bid needs an amount


async def test_an_auction_takes_a_bid_and_refuses_one_below_the_highest(kiosk: Kiosk) -> None:
    await kiosk.choose("Auction: Aurora 1 sample pair")
    session = kiosk.session
    session.actions.start()
    await kiosk.settle()
    assert session.journey_state.screen == "enterable_auction"
    opening = "100.00"  # the demo auction's start price: the least it takes first

    session.bid.select_bid(opening)
    session.bid.place_bid()
    await kiosk.settle()
    state = session.journey_state
    assert state.screen == "participating_auction"
    assert state.bid_feedback == "placed"
    assert state.your_bid == opening

    session.bid.select_bid(opening)  # no longer enough: it is the highest bid now
    session.bid.place_bid()
    await kiosk.settle()
    state = session.journey_state
    assert state.bid_feedback == "too_low"  # the screen says the venue's new minimum
    assert state.bid_chips[0] == "105.00"  # the minimum the venue states now
    assert state.screen == "participating_auction" and state.error_kind == ""


# -- slot picker -----------------------------------------------------------------------------


def slot(index: int, day: int = 0) -> Slot:
    start = NOW + timedelta(days=day, hours=1 + index)
    return Slot(id=f"s{day}{index}", start=start, location_id="loc", location_name="Floor")


async def test_the_slots_load_once_per_phase_of_an_appointment() -> None:
    visit = FakeVisit()
    source = FakeSlotSource([slot(0), slot(1), slot(0, day=1)])
    picker = SlotPicker(visit, source)
    enterable = view_for("enterable_appointment", None, NOW)
    assert isinstance(enterable, RoutedView)
    picker.follow(enterable.sequence)
    picker.follow(enterable.sequence)  # the same phase again: no second load
    await visit.run_spawned()
    assert source.asked == 1 and len(picker.slots) == 3

    queue = view_for("enterable_queue", None, NOW)
    assert isinstance(queue, RoutedView)
    picker.follow(queue.sequence)  # not an appointment
    booked = view_for("participating_appointment", None, NOW)
    assert isinstance(booked, RoutedView)
    picker.follow(booked.sequence)
    await visit.run_spawned()
    assert visit.spawned == ["slots", "slots"] and source.asked == 2


def test_a_slot_is_picked_on_a_day_and_booking_needs_one() -> None:
    visit = FakeVisit(view_for("enterable_appointment", None, NOW))
    picker = SlotPicker(visit, FakeSlotSource([]))
    picker.slots = (slot(0), slot(1))
    picker.book()
    assert visit.actions == []  # no slot picked
    picker.select_slot("gone")
    picker.book()
    assert visit.actions == []  # not one of the slots
    picker.select_slot("s01")
    picker.select_day(-3)
    assert (picker.day, picker.slot_id) == (0, "")  # a new day drops the pick
    picker.select_slot("s01")
    picker.book()
    assert visit.actions[-1].name == "book"
    picker.start_reschedule()
    assert (picker.rescheduling, picker.slot_id) == (True, "")
    picker.cancel_reschedule()
    assert not picker.rescheduling


async def test_a_customer_books_reschedules_and_cancels_an_appointment(kiosk: Kiosk) -> None:
    await kiosk.choose("Appointments: Aurora 1 fitting")
    session = kiosk.session
    session.actions.start()
    await kiosk.settle()
    state = session.journey_state
    assert state.screen == "enterable_appointment"
    # The day's times come under each location's name, before anything is booked.
    assert [group["location"] for group in state.slots] == ["Store floor", "VIP lounge"]
    free = [item["id"] for group in state.slots for item in group["slots"] if item["available"]]
    assert len(free) >= 2

    session.slots.select_slot(free[0])
    assert session.journey_state.selected_slot == free[0]
    session.slots.book()
    await kiosk.settle()
    state = session.journey_state
    assert state.screen == "participating_appointment"
    first = (state.booking["date"], state.booking["time"], state.booking["location"])
    assert all(first)

    session.slots.start_reschedule()
    assert session.journey_state.rescheduling
    groups = session.journey_state.slots
    free = [item["id"] for group in groups for item in group["slots"] if item["available"]]
    other = next(slot_id for slot_id in free if slot_id != free[0])
    session.slots.select_slot(other)
    session.slots.reschedule()
    await kiosk.settle()
    state = session.journey_state
    assert not state.rescheduling and state.selected_slot == ""
    assert state.screen == "participating_appointment"
    assert (state.booking["date"], state.booking["time"], state.booking["location"]) != first

    session.slots.cancel_booking()
    await kiosk.settle()
    state = session.journey_state
    assert state.screen == "ended" and state.outcome == "cancelled"


def test_bid_chips_start_at_the_minimum_the_live_venue_states() -> None:
    live = {"auctionType": "english", "minNextBid": "100.00", "highestBid": None}
    assert bid_chips(None, live) == ["100.00", "105.00", "110.00"]  # no increment: round steps
    outbid = {"auctionType": "english", "minNextBid": "125.00", "highestBid": "120.00"}
    assert bid_chips(Decimal("120.00"), outbid) == ["125.00", "130.00", "135.00"]
    assert bid_chips(None, {"auctionType": "dutch", "currentPrice": "390.00"}) == ["390.00"]
