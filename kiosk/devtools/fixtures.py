"""A journey view (and what the customer typed) for every screen: screenshots and tests.

`fixture(state, mechanism, variant, now)` returns the visit and kiosk data the presenter
turns into snapshots, exactly as a live session would. The views are the SDK's own models,
built from plausible server data; none carries a real grant.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from kiosk.core.instants import format_instant
from kiosk.sdk import (
    AdmissionGrant,
    AppointmentDisplay,
    AuctionDisplay,
    DrawDisplay,
    EndedSequence,
    EnterableAppointment,
    EnterableAuction,
    EnterableDraw,
    EnterableQueue,
    EnterableTimedRelease,
    GatedView,
    GrantedSequence,
    JourneyView,
    NotWaitlisted,
    Outcome,
    ParticipatingAppointment,
    ParticipatingAuction,
    ParticipatingDraw,
    ParticipatingQueue,
    ParticipatingTimedRelease,
    QueueDisplay,
    ReadyView,
    RoutedView,
    RoutingView,
    ScheduledSequence,
    SettlingSequence,
    TimedReleaseDisplay,
    UnavailableSequence,
    Waitlisted,
    WaitlistNotified,
)
from kiosk.session.catalog import ExperienceChoice
from kiosk.session.handoff import HandoffReceipt
from kiosk.session.presenter import MECHANISMS, KioskData, VisitData
from kiosk.session.settings import SessionSettings
from kiosk.session.slots import Slot
from kiosk.venue.http.media_api import shipped_media_dir
from kiosk.wire.projection import Distribution
from kiosk.wire.routing import (
    AccessCodeGate,
    AccessCodeReason,
    AuthenticationGate,
    BotCheckGate,
    BotReason,
    LiveStatus,
    RouteSelection,
    SequenceSummary,
)

FIXTURE_DRAW_CLOSES = datetime(2026, 1, 1, 14, 0, tzinfo=UTC)
EXPERIENCES = (
    ExperienceChoice(
        id="exp_aurora",
        name="Sneaker drop: Aurora 1",
        names={"es": "Lanzamiento: Aurora 1", "ar": "إطلاق: أورورا \u0661"},  # one digit set
        # The appointment fixtures' locations, named per language as a venue's i18n does.
        locations={
            "es": {"Fitting room 2": "Probador 2", "VIP lounge": "Sala VIP"},
            "ar": {"Fitting room 2": "غرفة القياس ٢", "VIP lounge": "صالة كبار الزوار"},
        },
        description="The Aurora 1 in glacier blue, first day. Join the line; it moves fast.",
        descriptions={
            "es": "Las Aurora 1 en azul glaciar, primer día. Únete a la fila; avanza rápido.",
            "ar": "حذاء أورورا 1 بالأزرق الجليدي، اليوم الأول. انضم إلى الطابور؛ يتقدم بسرعة.",
        },
        hero="/media/aurora-drop-hero.png",
        thumbnail="/media/aurora-drop-thumb.png",
        status=LiveStatus(mechanism="queue", state="open", waiting=142, wait_seconds=400),
    ),
    ExperienceChoice(
        id="exp_vinyl",
        name="Signed vinyl: first pressing",
        names={"es": "Vinilo firmado: primera edición", "ar": "أسطوانة موقعة: الإصدار الأول"},
        description="Signed by the band, one copy each. Entries close soon.",
        descriptions={
            "es": "Firmado por la banda, una copia por persona. La inscripción cierra pronto.",
            "ar": "موقعة من الفرقة، نسخة واحدة لكل شخص. يُغلق التسجيل قريبًا.",
        },
        hero="/media/aurora-draw-hero.png",
        thumbnail="/media/aurora-draw-thumb.png",
        status=LiveStatus(mechanism="draw", state="open", closes_at=FIXTURE_DRAW_CLOSES),
    ),
    ExperienceChoice(
        id="exp_fitting",
        name="Personal fitting appointments",
        names={"es": "Citas de ajuste personal", "ar": "مواعيد القياس الشخصي"},
        hero="/media/missing-hero.png",  # not there: the card shows the experience without it
        status=LiveStatus(mechanism="appointment", state="open"),
    ),
)


def fixture_media() -> dict[str, str]:
    """The attract images as screens see them: the shipped demo files (ones that exist)."""
    directory = shipped_media_dir()
    urls = [url for choice in EXPERIENCES for url in (choice.hero, choice.thumbnail) if url]
    return {
        url: (directory / url.removeprefix("/media/")).as_uri()
        for url in urls
        if (directory / url.removeprefix("/media/")).is_file()
    }


OUTCOMES = (
    "won",
    "lost",
    "completed",
    "denied",
    "left",
    "expired",
    "closed",
    "cancelled",
    "no_show",
)

# What `kiosk screenshot --state` accepts, besides the screen names themselves.
STATE_ALIASES = {
    "gated": "gated_access_code",
    "enterable": "enterable_{mechanism}",
    "participating": "participating_{mechanism}",
}

# Variants: a different look of the same screen.
VARIANTS = (
    "invalid",  # access code: the code did not work
    "unavailable",  # authentication: this kiosk cannot sign in
    "code",  # authentication: the one-time-code step
    "blocked",  # bot check: blocked
    "waitlisted",
    "notified",
    "no_waitlist",
    "outbid",
    "typed",  # auction: an amount typed on the keypad (the keypad open, the amount above it)
    "bought",  # Dutch auction: bought, waiting for the auction to end
    "reschedule",
    "qualitative",  # queue: no precise position
    "paused",
    "stale",  # "updates paused" mark
    "idle",  # the "Still there?" prompt
    "presence",  # the longer presence check
    "toast",
    "staff_pin",
    "staff_settings",
    "offers",  # a routed screen with an upgrade offer (have a code?)
    "code_entry",  # the upgrade-code keypad open
    "pending",  # granted: the handoff has not answered yet
    "go_to",  # granted: the POS said where to go
    "single",  # attract with one experience
    "second_card",  # attract: the loop showing the draw (status "Draw closes 14:00")
    "no_image",  # attract: the loop showing an experience whose image is not there
    "offline",  # attract: the catalogue cannot be loaded
    "busy",  # the screen's main action sent, the venue not answered yet (its button spins)
    "reference",  # ready (a draw): "Have an entry reference?" offered
    "reference_entry",  # ready (a draw): the entry-reference keypad open
    "reference_wrong",  # ready (a draw): the reference typed matched no entry
    "no_reference",  # participating draw: a venue that gives no entry reference
    *OUTCOMES,
)

# The action a "busy" fixture has in flight, per screen (the names in session/actions.py, forms/).
BUSY_ACTIONS = {
    "ready": "start",
    "gated_access_code": "reroute",
    "gated_authentication": "request_code",
    "gated_bot_check": "retry",
    "scheduled": "join",
    "enterable_queue": "enter",
    "enterable_draw": "enter",
    "enterable_timed_release": "enter",
    "enterable_auction": "bid",
    "enterable_appointment": "book",
    "participating_auction": "bid",
    "dutch_auction": "bid",
    "error": "retry",
    "offline": "retry",
}


@dataclass
class Fixture:
    visit: VisitData | None
    kiosk: KioskData
    settings: SessionSettings = field(default_factory=SessionSettings)
    auth_available: bool = True


def resolve_state(state: str, mechanism: str | None) -> str:
    template = STATE_ALIASES.get(state)
    if template is None:
        return state
    return template.format(mechanism=mechanism or "queue")


def _distribution(mechanism: str, now: datetime, **fields: Any) -> Distribution:
    lifecycle = fields.pop("lifecycle", "open")
    return Distribution(
        type=mechanism,  # type: ignore[arg-type]
        id=f"{mechanism}_1",
        sequence_id="seq_general",
        lifecycle=lifecycle,
        **fields,
    )


def _slots(now: datetime) -> list[Slot]:
    start = now.replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
    slots = []
    locations = (("loc_main", "Fitting room 2"), ("loc_lounge", "VIP lounge"))
    for day in range(3):
        for index in range(8):  # two locations, the same four times at each
            begin = start + timedelta(days=day, minutes=45 * (index // 2))
            location_id, location_name = locations[index % 2]
            slots.append(
                Slot(
                    id=f"slot_{day}_{index}",
                    start=begin,
                    end=begin + timedelta(minutes=30),
                    available=0 if (day + index) % 5 == 3 else 2,
                    location_id=location_id,
                    location_name=location_name,
                )
            )
    return slots


def _routed(sequence: Any, now: datetime, **extra: Any) -> RoutedView:
    return RoutedView(
        experience_id=EXPERIENCES[0].id,
        refreshed_at=now,
        sequence_id="seq_general",
        sequence=sequence,
        **extra,
    )


def _offer() -> RouteSelection:
    return RouteSelection(
        sequence=SequenceSummary(
            id="seq_vip", name="Members", experience_id=EXPERIENCES[0].id, priority=10, color=None
        ),
        status="gated",
        gates=[
            AccessCodeGate(status="missing", reason=AccessCodeReason(code="ACCESS_CODE_REQUIRED"))
        ],
    )


def _dutch_auction(variant: str | None, now: datetime) -> Any:
    details = {"auctionType": "dutch", "currentPrice": "370.00", "remainingQuantity": 3}
    distribution = _distribution(
        "auction", now, closes_at=format_instant(now + timedelta(minutes=9)), details=details
    )
    if variant == "bought":
        display = AuctionDisplay(status="winning", current_bid=Decimal("380.00"))
        return ParticipatingAuction(distribution=distribution, display=display)
    return EnterableAuction(distribution=distribution)


def view_for(
    screen: str, variant: str | None, now: datetime, won_by: str | None = None
) -> JourneyView:
    """The journey view a live session would show `screen` for (`won_by`: the mechanism a
    granted screen came from)."""
    experience_id = EXPERIENCES[0].id
    common = {"experience_id": experience_id, "refreshed_at": now}
    if screen in ("ready", "error", "offline"):
        if screen == "ready":
            return ReadyView(**common)
        return _routed(
            ParticipatingQueue(
                distribution=_distribution("queue", now),
                display=QueueDisplay(position=14, estimated_wait_seconds=420),
            ),
            now,
        )
    if screen == "routing":
        return RoutingView(**common)
    if screen == "gated_access_code":
        status = "invalid" if variant == "invalid" else "missing"
        code = "ACCESS_CODE_INVALID" if status == "invalid" else "ACCESS_CODE_REQUIRED"
        gate = AccessCodeGate(status=status, reason=AccessCodeReason(code=code))
        return GatedView(**common, gates=[gate])
    if screen == "gated_authentication":
        return GatedView(**common, gates=[AuthenticationGate()])
    if screen == "gated_bot_check":
        blocked = variant == "blocked"
        gate = BotCheckGate(
            status="blocked" if blocked else "required",
            reason=BotReason(code="BOT_BLOCKED" if blocked else "BOT_REQUIRED"),
        )
        return GatedView(**common, gates=[gate])
    if screen == "unavailable":
        return _routed(UnavailableSequence(reason="NO_DISTRIBUTION"), now)
    if screen == "dutch_auction":
        return _routed(_dutch_auction(variant, now), now)
    offers = [_offer()] if variant in ("offers", "code_entry") else []
    phase, _, mechanism = screen.partition("_")
    if screen == "scheduled":
        waitlist: Any = NotWaitlisted(waitlist_id="wl_1")
        if variant == "waitlisted":
            waitlist = Waitlisted(waitlist_id="wl_1", position=23)
        elif variant == "notified":
            waitlist = WaitlistNotified(waitlist_id="wl_1")
        elif variant == "no_waitlist":
            waitlist = None
        opens = now + timedelta(hours=1, minutes=12, seconds=30)
        return _routed(
            ScheduledSequence(
                mechanism="queue",
                distribution=_distribution(
                    "queue", now, lifecycle="scheduled", opens_at=format_instant(opens)
                ),
                waitlist=waitlist,
            ),
            now,
            offers=offers,
        )
    closes = format_instant(now + timedelta(minutes=47, seconds=12))
    if phase == "enterable":
        enterable: dict[str, Any] = {
            "queue": lambda: EnterableQueue(distribution=_distribution("queue", now)),
            "draw": lambda: EnterableDraw(
                distribution=_distribution("draw", now, closes_at=closes)
            ),
            "timed_release": lambda: EnterableTimedRelease(
                distribution=_distribution("timed_release", now, closes_at=closes)
            ),
            "auction": lambda: EnterableAuction(
                distribution=_distribution(
                    "auction",
                    now,
                    closes_at=closes,
                    details={"auctionType": "english", "minNextBid": "120.00"},
                )
            ),
            "appointment": lambda: EnterableAppointment(
                distribution=_distribution("appointment", now)
            ),
        }
        return _routed(enterable[mechanism](), now, offers=offers)
    if phase == "participating":
        participating: dict[str, Any] = {
            "queue": lambda: ParticipatingQueue(
                distribution=_distribution("queue", now, details={"paused": variant == "paused"}),
                display=QueueDisplay(
                    position=None if variant == "qualitative" else 14,
                    estimated_wait_seconds=None if variant == "qualitative" else 420,
                    position_display_mode="qualitative" if variant == "qualitative" else "precise",
                ),
            ),
            "draw": lambda: ParticipatingDraw(
                distribution=_distribution(
                    "draw", now, settles_at=format_instant(now + timedelta(hours=2, minutes=5))
                ),
                display=DrawDisplay(
                    entered_at=now - timedelta(minutes=3),
                    entry_reference=None if variant == "no_reference" else "7KQ3MD",
                ),
            ),
            "timed_release": lambda: ParticipatingTimedRelease(
                distribution=_distribution("timed_release", now, closes_at=closes),
                display=TimedReleaseDisplay(entered_at=now - timedelta(minutes=1)),
            ),
            "auction": lambda: ParticipatingAuction(
                distribution=_distribution(
                    "auction",
                    now,
                    closes_at=closes,
                    details={  # as the live venue states them
                        "auctionType": "english",
                        "highestBid": "145.00" if variant == "outbid" else "135.00",
                        "minNextBid": "150.00" if variant == "outbid" else "140.00",
                    },
                ),
                display=AuctionDisplay(
                    status="outbid" if variant == "outbid" else "winning",
                    current_bid=Decimal("135.00"),
                    highest_bid=Decimal("145.00") if variant == "outbid" else Decimal("135.00"),
                ),
            ),
            "appointment": lambda: ParticipatingAppointment(
                distribution=_distribution("appointment", now),
                display=AppointmentDisplay(
                    status="booked",
                    slot_id="slot_0_2",
                    location_id="loc_main",
                    booking_reference=None if variant == "no_reference" else "H4N8PT",
                ),
            ),
        }
        view = _routed(participating[mechanism](), now, offers=offers)
        if variant == "stale":
            view = view.model_copy(update={"degraded": True})
        return view
    if screen == "settling":
        return _routed(
            SettlingSequence(
                mechanism="auction" if variant == "auction" else "draw",
                distribution=_distribution(
                    "auction" if variant == "auction" else "draw",
                    now,
                    lifecycle="settling",
                    settles_at=format_instant(now + timedelta(minutes=4, seconds=20)),
                ),
            ),
            now,
        )
    if screen == "granted":
        won = "auction" if variant == "bought" else "queue"  # "bought": a won Dutch auction
        if won_by in ("draw", "auction", "timed_release"):
            won = won_by
        grant = AdmissionGrant(
            token="fixture-token-never-shown",
            distribution_type=won,
            distribution_id=f"{won}_1",
            sequence_id="seq_general",
            experience_id=experience_id,
            issued_at=format_instant(now),
            expires_at=format_instant(now + timedelta(minutes=4, seconds=48)),
        )
        return _routed(
            GrantedSequence(
                mechanism=won,
                distribution=_distribution(won, now),
                grant=grant,
                claimed=True,
            ),
            now,
        )
    if screen == "ended":
        outcome = variant if variant in OUTCOMES else "completed"
        ended = "draw" if outcome in ("won", "lost") else "queue"
        return _routed(
            EndedSequence(
                mechanism=ended,  # type: ignore[arg-type]
                distribution=_distribution(ended, now, lifecycle="closed"),
                outcome=Outcome(type=outcome),  # type: ignore[arg-type]
            ),
            now,
        )
    raise ValueError(f"no fixture for the screen {screen!r}")


def fixture(
    state: str,
    mechanism: str | None = None,
    variant: str | None = None,
    *,
    now: datetime,
    language: str = "en",
    mode: str = "kiosk",
) -> Fixture:
    """The data for one screen; `state` is a screen name or an alias (`enterable` + M)."""
    if mechanism is not None and mechanism not in MECHANISMS:
        raise ValueError(f"unknown mechanism {mechanism!r}; choose from {', '.join(MECHANISMS)}")
    if variant is not None and variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")
    screen = resolve_state(state, mechanism)
    settings = SessionSettings(mode="staff" if mode == "staff" else "kiosk")
    kiosk = KioskData(language=language, experiences=EXPERIENCES, catalog_state="ready")
    kiosk.venue_now, kiosk.media = now, fixture_media()
    if variant == "single":
        kiosk.experiences = EXPERIENCES[:1]
    if variant in ("second_card", "no_image"):  # the loop's first card is the one to see
        turn = 1 if variant == "second_card" else 2
        kiosk.experiences = EXPERIENCES[turn:] + EXPERIENCES[:turn]
    if variant == "offline":
        kiosk.experiences, kiosk.catalog_state = (), "offline"
    if variant in ("idle", "presence"):
        kiosk.idle_kind, kiosk.idle_deadline = variant, 12.0
    if variant == "toast":
        kiosk.toast_id, kiosk.toast_key, kiosk.toast_severity = 1, "connection_restored", "success"
    if variant == "staff_pin":
        kiosk.staff_panel, kiosk.pin = "pin", "24"
    if variant == "staff_settings":
        kiosk.staff_panel = "settings"
    if screen == "attract":
        return Fixture(visit=None, kiosk=kiosk, settings=settings)
    visit = VisitData(experience=EXPERIENCES[0], view=view_for(screen, variant, now, mechanism))
    if variant is not None and variant.startswith("reference"):  # a draw's entry reference
        visit.experience = replace(EXPERIENCES[0], resumes_draw_entries=True)
        visit.code_entry_open = variant != "reference"
        visit.code = {"reference_entry": "7KQ3", "reference_wrong": "7KQ3MB"}.get(variant, "")
        visit.code_feedback = "not_found" if variant == "reference_wrong" else ""
    if screen == "error":
        visit.error = "failed"
    elif screen == "offline":
        visit.error = "offline"
    elif screen == "gated_access_code":
        visit.code = "VIP" if variant == "invalid" else "AUR"
        visit.code_feedback = "invalid" if variant == "invalid" else ""
    elif screen == "gated_authentication":
        if variant in ("code", "expired"):
            visit.auth_step, visit.auth_contact = "code", "+1 555 0100"
            visit.auth_code = "" if variant == "expired" else "48"
            visit.auth_feedback = "expired" if variant == "expired" else "sent"
        else:
            visit.auth_contact = "+1 555 01"
    elif "appointment" in screen:
        visit.slots = tuple(_slots(now))
        visit.day = 0
        visit.slot_id = "slot_0_4" if screen.startswith("enterable") else ""
        if variant == "reschedule":
            visit.rescheduling, visit.slot_id = True, "slot_1_1"
    elif screen == "enterable_auction" or screen == "participating_auction":
        visit.bid = "140.00" if screen.startswith("enterable") else "150.00"
        if variant == "typed":
            visit.bid = "1250"
    elif screen == "granted":
        if variant == "pending":
            visit.receipt = None
        elif variant == "go_to":
            visit.receipt = HandoffReceipt(kind="go_to", reference="A-1042", location="Register 3")
        else:
            visit.receipt = HandoffReceipt(kind="see_staff", reference="K7Q2MX")
        if variant == "bought":
            visit.paid = Decimal("390.00")
        elif mechanism == "auction":
            visit.paid = Decimal("150.00")  # an English auction won at its last bid
    elif screen == "ended" and variant == "won":
        visit.receipt = HandoffReceipt(kind="see_staff", reference="K7Q2MX")
    if variant == "code_entry":
        visit.code_entry_open, visit.code = True, "MEM"
    if variant == "busy":
        visit.busy, visit.busy_action = True, BUSY_ACTIONS.get(screen, "")
    return Fixture(
        visit=visit,
        kiosk=kiosk,
        settings=settings,
        auth_available=variant != "unavailable",
    )


def gallery() -> list[tuple[str, str | None, str | None]]:
    """(state, mechanism, variant) for one picture of every screen."""
    shots: list[tuple[str, str | None, str | None]] = [
        ("attract", None, None),
        ("ready", None, None),
        ("routing", None, None),
        ("gated_access_code", None, None),
        ("gated_authentication", None, None),
        ("gated_bot_check", None, None),
        ("scheduled", None, None),
    ]
    shots += [("enterable", mechanism, None) for mechanism in MECHANISMS]
    shots += [("participating", mechanism, None) for mechanism in MECHANISMS]
    shots += [
        ("dutch_auction", None, None),
        ("settling", None, None),
        ("granted", None, None),
        ("ended", None, None),
        ("unavailable", None, None),
        ("error", None, None),
        ("offline", None, None),
    ]
    return shots
