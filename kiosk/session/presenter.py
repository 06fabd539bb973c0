"""From the current journey view (plus what the customer typed) to what the screens show.

Pure functions over plain data: no I/O, no clock of its own, no Qt. The screen is chosen from
the view alone (stage, then phase and mechanism); nothing is inferred that the view does not
say. The result never holds a grant, a token or anything the customer did not see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.core.instants import parse_instant
from kiosk.sdk import (
    AppointmentDisplay,
    AuctionDisplay,
    DrawDisplay,
    EndedSequence,
    EnterableAuction,
    GatedView,
    GrantedSequence,
    JourneyView,
    ParticipatingAppointment,
    ParticipatingAuction,
    ParticipatingQueue,
    ReadyView,
    RoutedView,
    RoutingView,
    ScheduledSequence,
    SequenceView,
    SettlingSequence,
)
from kiosk.session.attract import present_experience
from kiosk.session.bids import bid_chips, parse_decimal, wire_money
from kiosk.session.catalog import ExperienceChoice
from kiosk.session.handoff import HandoffReceipt
from kiosk.session.qr import qr_rows
from kiosk.session.settings import RIGHT_TO_LEFT, SessionSettings
from kiosk.session.slots import Slot

ATTRACT = "attract"
READY = "ready"
ROUTING = "routing"
GATED_ACCESS_CODE = "gated_access_code"
GATED_AUTHENTICATION = "gated_authentication"
GATED_BOT_CHECK = "gated_bot_check"
SCHEDULED = "scheduled"
# A Dutch auction, before and after buying: one price, one "buy" (never the bid screens).
DUTCH_AUCTION = "dutch_auction"
SETTLING = "settling"
GRANTED = "granted"
ENDED = "ended"
UNAVAILABLE = "unavailable"
ERROR = "error"
OFFLINE = "offline"
MECHANISMS = ("queue", "draw", "auction", "appointment", "timed_release")

SCREENS: tuple[str, ...] = (
    ATTRACT,
    READY,
    ROUTING,
    GATED_ACCESS_CODE,
    GATED_AUTHENTICATION,
    GATED_BOT_CHECK,
    SCHEDULED,
    *(f"enterable_{mechanism}" for mechanism in MECHANISMS),
    *(f"participating_{mechanism}" for mechanism in MECHANISMS),
    DUTCH_AUCTION,
    SETTLING,
    GRANTED,
    ENDED,
    UNAVAILABLE,
    ERROR,
    OFFLINE,
)

# Long waits get the (longer) presence check instead of the idle check.
_LONG_WAITS = frozenset(
    {
        SCHEDULED,
        SETTLING,
        DUTCH_AUCTION,
        *(f"participating_{m}" for m in MECHANISMS if m != "appointment"),
    }
)

ErrorKind = Literal["", "offline", "failed"]
Presence = Literal["none", "idle", "presence"]


def screen_for(view: JourneyView | None, error: ErrorKind = "") -> str:
    """The screen for `view` (None: no visit, the attract screen)."""
    if view is None:
        return ATTRACT
    if error == "offline":
        return OFFLINE
    if error == "failed":
        return ERROR
    if isinstance(view, ReadyView):
        return READY
    if isinstance(view, RoutingView):
        return ROUTING
    if isinstance(view, GatedView):
        gate = view.gates[0].type if view.gates else "unknown"
        if gate == "access_code":
            return GATED_ACCESS_CODE
        if gate == "authentication":
            return GATED_AUTHENTICATION
        return GATED_BOT_CHECK  # bot check, or a gate this kiosk does not know: generic copy
    sequence = view.sequence
    phase = sequence.phase
    if phase in ("enterable", "participating"):
        dutch = isinstance(sequence, EnterableAuction | ParticipatingAuction) and (
            sequence.auction_type == "dutch"
        )
        if dutch:
            return DUTCH_AUCTION
        return f"{phase}_{sequence.mechanism}"
    return phase  # unavailable, scheduled, settling, granted, ended


def presence_for(screen: str) -> Presence:
    if screen in (ATTRACT, ROUTING):
        return "none"
    return "presence" if screen in _LONG_WAITS else "idle"


# -- what one visit holds besides the view ---------------------------------------------------


@dataclass
class VisitData:
    """The customer's side of one visit: the view, and what they typed or picked."""

    experience: ExperienceChoice
    view: JourneyView
    busy: bool = False
    busy_action: str = ""  # the action in flight, by its name in `actions.py` / `forms/`
    error: ErrorKind = ""
    code: str = ""
    # "", "invalid" (still gated), "unchanged" (an upgrade code unlocked nothing), "accepted"
    code_feedback: str = ""
    code_entry_open: bool = False
    auth_step: Literal["contact", "code"] = "contact"
    auth_contact: str = ""
    auth_code: str = ""
    # "", "sent", "invalid", "unavailable", "failed"
    auth_feedback: str = ""
    bid: str = ""
    # "", "rejected", "placed"
    bid_feedback: str = ""
    paid: Decimal | None = None  # the standing bid (a Dutch buy: the price charged)
    day: int = 0
    slot_id: str = ""
    rescheduling: bool = False
    slots: tuple[Slot, ...] = ()
    receipt: HandoffReceipt | None = None


@dataclass(frozen=True)
class JourneyState:
    """Everything the journey screens bind to. Plain values only."""

    screen: str = ATTRACT
    experience_id: str = ""
    experience_name: str = ""
    mechanism: str = ""
    phase: str = ""
    stale: bool = False
    busy: bool = False
    busy_action: str = ""  # which action the venue has not answered yet: its button spins
    error_kind: str = ""
    gate_status: str = ""
    access_code: str = ""
    code_feedback: str = ""
    code_entry_open: bool = False
    has_offers: bool = False
    auth_available: bool = False
    auth_step: str = "contact"
    auth_contact: str = ""
    auth_code: str = ""
    auth_feedback: str = ""
    countdown_seconds: int = -1
    countdown_kind: str = ""
    waitlist_status: str = ""
    waitlist_position: int = -1
    position: int = -1
    eta_seconds: int = -1
    position_mode: str = ""
    paused: bool = False
    currency: str = ""
    highest_bid: str = ""
    your_bid: str = ""
    auction_status: str = ""
    outbid: bool = False
    bid_chips: list[str] = field(default_factory=list)
    selected_bid: str = ""
    bid_feedback: str = ""
    days: list[dict[str, Any]] = field(default_factory=list)
    selected_day: int = 0
    slots: list[dict[str, Any]] = field(default_factory=list)
    selected_slot: str = ""
    booking: dict[str, Any] = field(default_factory=dict)
    rescheduling: bool = False
    handoff_kind: str = ""
    handoff_reference: str = ""
    handoff_location: str = ""
    handoff_qr: list[str] = field(default_factory=list)  # the reference's QR rows ("0101..")
    outcome: str = ""
    pre_queue: bool = False  # entering a queue before it opens (early arrivals are shuffled)
    result_time: str = ""  # a draw: when the results are out, the venue's local time (HH:MM)
    can_rejoin: bool = False  # ended, and a fresh visit may take part again (still open)
    entry_reference: str = ""  # a draw entry's reference: typed on any kiosk, it resumes it
    entry_reference_qr: list[str] = field(default_factory=list)
    booking_reference: str = ""  # an appointment booking's reference: shown to staff
    booking_reference_qr: list[str] = field(default_factory=list)
    accepts_entry_reference: bool = False  # Ready: "Have an entry reference?" is offered
    reference_entry_open: bool = False  # Ready: its keypad is open


def present_journey(
    visit: VisitData | None,
    now: datetime,
    *,
    auth_available: bool = False,
    language: str = "en",
) -> JourneyState:
    """`now` on the journey's clock, the server's time (the SDK anchors it to `Date`)."""
    if visit is None:
        return JourneyState()
    view = visit.view
    screen = screen_for(view, visit.error)
    if screen == "enterable_queue" and visit.busy_action == "start":
        # Start is joining this line in the same tap (actions.one_tap_entry): its Join screen
        # would flash for a frame, offering a tap already under way.
        screen = ROUTING
    state: dict[str, Any] = {
        "screen": screen,
        "experience_id": visit.experience.id,
        "experience_name": visit.experience.name_in(language),
        "stale": view.is_stale(now),
        "busy": visit.busy,
        "busy_action": visit.busy_action,
        "error_kind": visit.error,
        "currency": visit.experience.currency_code,
    }
    if isinstance(view, ReadyView) and visit.experience.resumes_draw_entries:
        state.update(
            accepts_entry_reference=True,
            reference_entry_open=visit.code_entry_open,
            access_code=visit.code if visit.code_entry_open else "",
            code_feedback=visit.code_feedback,
        )
    if isinstance(view, GatedView):
        gate = view.gates[0] if view.gates else None
        state.update(
            gate_status=str(getattr(gate, "status", "") or ""),
            access_code=visit.code,
            code_feedback=visit.code_feedback,
            auth_available=auth_available,
            auth_step=visit.auth_step,
            auth_contact=visit.auth_contact,
            auth_code=visit.auth_code,
            auth_feedback=visit.auth_feedback,
        )
    if isinstance(view, RoutedView):
        state.update(
            has_offers=bool(view.offers),
            code_entry_open=visit.code_entry_open and bool(view.offers),
            access_code=visit.code if visit.code_entry_open else "",
            code_feedback=visit.code_feedback,
        )
        state.update(_sequence_state(visit, view, now, language))
    return JourneyState(**state)


def _sequence_state(
    visit: VisitData, view: RoutedView, now: datetime, language: str
) -> dict[str, Any]:
    sequence = view.sequence
    state: dict[str, Any] = {"phase": sequence.phase, "mechanism": sequence.mechanism or ""}
    distribution = getattr(sequence, "distribution", None)
    details: dict[str, Any] = dict(getattr(distribution, "details", None) or {})

    def countdown(target: datetime | None, kind: str) -> None:
        if target is not None:
            state["countdown_seconds"] = max(0, math.ceil((target - now).total_seconds()))
            state["countdown_kind"] = kind

    if isinstance(sequence, ScheduledSequence):
        countdown(sequence.starts_at, "opens")
        waitlist = sequence.waitlist
        if waitlist is not None:
            state["waitlist_status"] = waitlist.status
            position = getattr(waitlist, "position", None)
            state["waitlist_position"] = position if isinstance(position, int) else -1
    elif sequence.phase == "enterable":
        mechanism = sequence.mechanism
        if mechanism in ("draw", "timed_release"):
            countdown(sequence.closes_at, "closes")  # type: ignore[union-attr]
        elif mechanism == "queue":
            opens = sequence.opens_at  # type: ignore[union-attr]
            if opens is not None and opens > now:  # the pre-queue: in before the line opens
                state["pre_queue"] = True
                countdown(opens, "opens")
        elif mechanism == "auction":
            state.update(_auction_state(visit, details, None))
            countdown(sequence.closes_at, "closes")  # type: ignore[union-attr]
        elif mechanism == "appointment":
            state.update(_appointment_state(visit, None, language, now))
    elif sequence.phase == "participating":
        if isinstance(sequence, ParticipatingQueue):
            display = sequence.display
            state["position"] = display.position if display.position is not None else -1
            eta = display.estimated_wait_seconds
            state["eta_seconds"] = math.ceil(eta) if eta is not None else -1
            state["position_mode"] = display.position_display_mode or (
                "precise" if display.position is not None else "qualitative"
            )
            state["paused"] = bool(details.get("paused"))
        elif sequence.mechanism == "draw":
            state.update(_entry_reference(sequence))
            drawn_at = _draw_time(sequence, details)
            countdown(drawn_at, "draw")
            if drawn_at is not None:
                zone = _zone(visit.experience.time_zone)
                state["result_time"] = drawn_at.astimezone(zone).strftime("%H:%M")
        elif sequence.mechanism == "timed_release":
            countdown(sequence.closes_at, "closes")  # type: ignore[union-attr]
        elif isinstance(sequence, ParticipatingAuction):
            state.update(_auction_state(visit, details, sequence.display))
            countdown(sequence.closes_at, "closes")
        elif isinstance(sequence, ParticipatingAppointment):
            state.update(_appointment_state(visit, sequence.display, language, now))
            ref = sequence.display.booking_reference
            if ref:  # the QR holds the reference only
                state.update(booking_reference=ref, booking_reference_qr=qr_rows(ref))
    elif isinstance(sequence, SettlingSequence):
        countdown(sequence.settles_at or _draw_time(sequence, details), "settles")
        state.update(_entry_reference(sequence))
        if isinstance(sequence.display, AuctionDisplay):
            currency = visit.experience.currency_code
            state["your_bid"] = wire_money(sequence.display.current_bid, currency)
            state["highest_bid"] = wire_money(sequence.display.highest_bid, currency)
    elif isinstance(sequence, GrantedSequence):
        countdown(sequence.expires_at, "expires")
        receipt = visit.receipt
        state["handoff_kind"] = receipt.kind if receipt else "pending"
        state["handoff_reference"] = receipt.reference if receipt else ""
        state["handoff_location"] = receipt.location if receipt else ""
        state["handoff_qr"] = qr_rows(state["handoff_reference"])  # the reference only
        if sequence.mechanism == "auction":
            # What is owed for what was won.
            state["your_bid"] = wire_money(visit.paid, visit.experience.currency_code)
    elif isinstance(sequence, EndedSequence):
        state["outcome"] = sequence.outcome.type
        receipt = visit.receipt
        if receipt is not None and sequence.outcome.type in ("won", "completed"):
            # Won after the handoff: the reference still names what was won, at the counter.
            state["handoff_kind"] = receipt.kind
            state["handoff_reference"] = receipt.reference
            state["handoff_location"] = receipt.location
            state["handoff_qr"] = qr_rows(receipt.reference)
        state["can_rejoin"] = (
            sequence.outcome.type in _REJOINABLE and sequence.distribution.lifecycle == "open"
        )
    return state


# Outcomes after which the same customer may take part again while it is open (a new visit).
_REJOINABLE = frozenset({"left", "expired", "cancelled"})


def _entry_reference(sequence: object) -> dict[str, Any]:
    """A draw entry's reference and its QR (the reference only), when the venue gave one."""
    display = getattr(sequence, "display", None)
    ref = display.entry_reference if isinstance(display, DrawDisplay) else None
    return {"entry_reference": ref, "entry_reference_qr": qr_rows(ref)} if ref else {}


def _draw_time(sequence: SequenceView, details: dict[str, Any]) -> datetime | None:
    settles = getattr(sequence, "settles_at", None)
    if settles is not None:
        return settles
    raw = details.get("drawAt")
    return parse_instant(raw) if isinstance(raw, str) else None


# -- auctions --------------------------------------------------------------------------------


def _auction_state(
    visit: VisitData, details: dict[str, Any], display: AuctionDisplay | None
) -> dict[str, Any]:
    highest = display.highest_bid if display else None
    currency = visit.experience.currency_code
    chips = bid_chips(highest, details, currency)
    # A chip, or an amount typed on the keypad (English only: a Dutch price has one chip).
    typed = parse_decimal(visit.bid) if details.get("auctionType") != "dutch" else None
    selected = visit.bid if visit.bid in chips else wire_money(typed, currency) if typed else ""
    return {
        "highest_bid": wire_money(highest, currency),
        "your_bid": wire_money(display.current_bid, currency) if display else "",
        "auction_status": (display.status or "") if display else "",
        "outbid": bool(display and display.status == "outbid"),
        "bid_chips": chips,
        "selected_bid": selected,
        "bid_feedback": visit.bid_feedback,
    }


# -- appointments ----------------------------------------------------------------------------


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _slot_item(slot: Slot, zone: ZoneInfo, location: str) -> dict[str, Any]:
    start = slot.start.astimezone(zone)
    end = slot.end.astimezone(zone) if slot.end else None
    return {
        "id": slot.id,
        "time": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M") if end else "",
        "date": start.date().isoformat(),
        "available": slot.available > 0,
        "location": location,
    }


def _by_location(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The day's slots under each location, in the venue's location order, earliest first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(item["location"], []).append(item)
    return [
        {"index": index, "location": location, "slots": slots}
        for index, (location, slots) in enumerate(groups.items())
    ]


def _relative_day(day: str, now: datetime, zone: ZoneInfo) -> str:
    """Whether `day` is "today" or "tomorrow" (else "") on the venue's calendar at `now`: the
    journey's clock, never the system's or the screen's (QML would use the system clock)."""
    today = now.astimezone(zone).date()
    offset = (datetime.fromisoformat(day).date() - today).days
    return {0: "today", 1: "tomorrow"}.get(offset, "")


def _appointment_state(
    visit: VisitData, display: AppointmentDisplay | None, language: str, now: datetime
) -> dict[str, Any]:
    zone = _zone(visit.experience.time_zone)
    # Locations in the customer's language where the venue names them so (else as given).
    items = [
        _slot_item(slot, zone, visit.experience.location_in(slot.location_name or "", language))
        for slot in visit.slots
    ]
    dates = sorted({item["date"] for item in items})
    day = min(max(visit.day, 0), len(dates) - 1) if dates else 0
    on_day = [item for item in items if dates and item["date"] == dates[day]]
    state: dict[str, Any] = {
        "days": [
            {"date": date, "index": index, "relative": _relative_day(date, now, zone)}
            for index, date in enumerate(dates)
        ],
        "selected_day": day,
        "slots": _by_location(on_day),
        "selected_slot": visit.slot_id if any(i["id"] == visit.slot_id for i in on_day) else "",
        "rescheduling": visit.rescheduling,
    }
    if display is not None:
        booked = next((item for item in items if item["id"] == display.slot_id), None)
        state["booking"] = {
            "status": display.status or "booked",
            "date": booked["date"] if booked else "",
            "time": booked["time"] if booked else "",
            "end": booked["end"] if booked else "",
            "location": booked["location"] if booked else "",
        }
    return state


# -- the kiosk around the journey ------------------------------------------------------------


@dataclass(frozen=True)
class KioskState:
    language: str = "en"
    languages: list[str] = field(default_factory=lambda: ["en"])
    right_to_left: bool = False
    large_text: bool = False
    text_scale: float = 1.0
    staff_mode: bool = False
    experiences: list[dict[str, Any]] = field(default_factory=list)
    catalog_state: str = "loading"  # loading, ready, offline
    idle_kind: str = ""  # "", "idle", "presence"
    idle_seconds_left: int = 0
    toast_id: int = 0
    toast_key: str = ""
    toast_severity: str = ""
    staff_panel: str = ""  # "", "pin", "settings"
    pin_entered: int = 0
    pin_feedback: str = ""  # "", "wrong", "locked"
    pin_locked_seconds: int = 0


@dataclass
class KioskData:
    language: str
    large_text: bool = False
    experiences: tuple[ExperienceChoice, ...] = ()
    catalog_state: str = "loading"
    # The attract loop's live statuses count down on venue time; its images as screens see
    # them (image URL -> source).
    venue_now: datetime | None = None
    media: dict[str, str] = field(default_factory=dict)
    idle_kind: str = ""
    idle_deadline: float = 0.0
    toast_id: int = 0
    toast_key: str = ""
    toast_severity: str = ""
    staff_panel: str = ""
    pin: str = ""
    pin_feedback: str = ""
    pin_locked_until: float = 0.0


def present_kiosk(data: KioskData, settings: SessionSettings, monotonic: float) -> KioskState:
    return KioskState(
        language=data.language,
        languages=list(settings.languages),
        right_to_left=data.language in RIGHT_TO_LEFT,
        large_text=data.large_text,
        text_scale=settings.large_text_scale if data.large_text else 1.0,
        staff_mode=settings.mode == "staff",
        experiences=[
            present_experience(choice, data.language, data.venue_now, data.media)
            for choice in data.experiences
        ],
        catalog_state=data.catalog_state,
        idle_kind=data.idle_kind,
        idle_seconds_left=(
            max(0, math.ceil(data.idle_deadline - monotonic)) if data.idle_kind else 0
        ),
        toast_id=data.toast_id if data.toast_key else 0,
        toast_key=data.toast_key,
        toast_severity=data.toast_severity,
        staff_panel=data.staff_panel,
        pin_entered=len(data.pin),
        pin_feedback=data.pin_feedback,
        pin_locked_seconds=max(0, math.ceil(data.pin_locked_until - monotonic)),
    )
