"""View-models: thin typed QObjects over the session's two snapshots.

Each property mirrors one field of `KioskState` or `JourneyState` and has its own notify
signal, emitted only when that field changed. Slots are synchronous and delegate to the
session; nothing here does I/O or decides anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, Protocol

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk import build_info
from kiosk.session.presenter import ERROR, SCREENS, JourneyState, KioskState

# The view-models are types of the `Kiosk` QML module, so screens declare them by name
# (`required property JourneyViewModel journey`) and qmllint checks every use. Their
# description for tools is resources/qml/Kiosk/viewmodels.qmltypes (scripts/qmltypes.py).
QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
_UNCREATABLE = "the kiosk creates its view-models; QML only receives them"


def screen_type(screen: str) -> str:
    """The QML type (resources/qml/Kiosk/screens/<Type>.qml) that renders `screen`."""
    return "".join(part.title() for part in screen.split("_"))


# The screen map, derived from the presenter's one list of screens.
SCREEN_TYPES: dict[str, str] = {screen: screen_type(screen) for screen in SCREENS}


class StaffCommands(Protocol):
    def open_staff(self) -> None: ...

    def close_staff(self) -> None: ...

    def pin_key(self, key: str) -> None: ...

    def staff_exit(self) -> None: ...


class JourneyCommands(Protocol):
    def start(self) -> None: ...

    def retry_gate(self) -> None: ...

    def enter(self) -> None: ...

    def leave(self) -> None: ...

    def join_waitlist(self) -> None: ...

    def leave_waitlist(self) -> None: ...

    def retry(self) -> None: ...


class AccessCodeCommands(Protocol):
    def submit_code(self) -> None: ...

    def open_code_entry(self) -> None: ...

    def close_code_entry(self) -> None: ...


class OneTimeCodeCommands(Protocol):
    def set_auth_step(self, step: str) -> None: ...

    def send_auth_code(self) -> None: ...

    def verify_auth_code(self) -> None: ...


class BidCommands(Protocol):
    def select_bid(self, amount: str) -> None: ...

    def place_bid(self) -> None: ...


class SlotCommands(Protocol):
    def select_day(self, index: int) -> None: ...

    def select_slot(self, slot_id: str) -> None: ...

    def book(self) -> None: ...

    def start_reschedule(self) -> None: ...

    def cancel_reschedule(self) -> None: ...

    def reschedule(self) -> None: ...

    def cancel_booking(self) -> None: ...


class SessionPort(Protocol):
    """What the view-models need from a session (a `KioskSession`, or a fixture): the two
    snapshots, the kiosk-level commands, and the command parts of the visit."""

    @property
    def journey_state(self) -> JourneyState: ...

    @property
    def kiosk_state(self) -> KioskState: ...

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]: ...

    def note_activity(self) -> None: ...

    def still_here(self) -> None: ...

    def choose_experience(self, experience_id: str) -> None: ...

    def set_language(self, language: str) -> None: ...

    def set_large_text(self, enabled: bool) -> None: ...

    def next_customer(self) -> None: ...

    def type_key(self, key: str) -> None: ...

    def done(self) -> None: ...

    def start_again(self) -> None: ...

    @property
    def staff(self) -> StaffCommands: ...

    @property
    def actions(self) -> JourneyCommands: ...

    @property
    def access_code(self) -> AccessCodeCommands: ...

    @property
    def one_time_code(self) -> OneTimeCodeCommands: ...

    @property
    def bid(self) -> BidCommands: ...

    @property
    def slots(self) -> SlotCommands: ...


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


_QT_TYPES: dict[str, Any] = {
    "str": str,
    "bool": bool,
    "int": int,
    "float": float,
    "list[str]": "QVariantList",
    "list[dict[str, Any]]": "QVariantList",
    "dict[str, Any]": "QVariantMap",
}


def _mirror(state_type: type, field_name: str) -> tuple[Signal, Property]:
    """A notify signal and a read-only property for one snapshot field."""
    annotation = next(f.type for f in fields(state_type) if f.name == field_name)
    qt_type = _QT_TYPES[str(annotation)]
    signal = Signal()

    def getter(self: _SnapshotViewModel) -> Any:
        return getattr(self._state, field_name)

    return signal, Property(qt_type, getter, notify=signal)


class _SnapshotViewModel(QObject):
    """Keeps the last snapshot; emits the signal of each field that changed."""

    _STATE_FIELDS: tuple[str, ...] = ()

    def __init__(self, session: SessionPort, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._state = self._read()
        self._unsubscribe = session.subscribe(self._refresh)

    def _read(self) -> Any:
        raise NotImplementedError

    def detach(self) -> None:
        """Stop following the session (before the engine goes away)."""
        self._unsubscribe()

    def _refresh(self) -> None:
        new = self._read()
        old = self._state
        if new == old:
            return
        self._state = new
        for name in self._STATE_FIELDS:
            if getattr(old, name) != getattr(new, name):
                getattr(self, f"{_camel(name)}Changed").emit()


@QmlElement
@QmlUncreatable(_UNCREATABLE)
class KioskViewModel(_SnapshotViewModel):
    """The kiosk around the journey: language, large text, idle prompt, toasts, staff."""

    languageChanged, language = _mirror(KioskState, "language")
    languagesChanged, languages = _mirror(KioskState, "languages")
    rightToLeftChanged, rightToLeft = _mirror(KioskState, "right_to_left")
    largeTextChanged, largeText = _mirror(KioskState, "large_text")
    textScaleChanged, textScale = _mirror(KioskState, "text_scale")
    staffModeChanged, staffMode = _mirror(KioskState, "staff_mode")
    experiencesChanged, experiences = _mirror(KioskState, "experiences")
    catalogStateChanged, catalogState = _mirror(KioskState, "catalog_state")
    idleKindChanged, idleKind = _mirror(KioskState, "idle_kind")
    idleSecondsLeftChanged, idleSecondsLeft = _mirror(KioskState, "idle_seconds_left")
    toastIdChanged, toastId = _mirror(KioskState, "toast_id")
    toastKeyChanged, toastKey = _mirror(KioskState, "toast_key")
    toastSeverityChanged, toastSeverity = _mirror(KioskState, "toast_severity")
    staffPanelChanged, staffPanel = _mirror(KioskState, "staff_panel")
    pinEnteredChanged, pinEntered = _mirror(KioskState, "pin_entered")
    pinFeedbackChanged, pinFeedback = _mirror(KioskState, "pin_feedback")
    pinLockedSecondsChanged, pinLockedSeconds = _mirror(KioskState, "pin_locked_seconds")

    _STATE_FIELDS = tuple(f.name for f in fields(KioskState))

    @Property(str, constant=True)
    def buildInfo(self) -> str:
        """Version and build, for the staff screen."""
        return build_info().describe()

    def _read(self) -> KioskState:
        return self._session.kiosk_state

    @Slot()
    def noteActivity(self) -> None:
        self._session.note_activity()

    @Slot()
    def stillHere(self) -> None:
        self._session.still_here()

    @Slot(str)
    def chooseExperience(self, experience_id: str) -> None:
        self._session.choose_experience(experience_id)

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        self._session.set_language(language)

    @Slot(bool)
    def setLargeText(self, enabled: bool) -> None:
        self._session.set_large_text(enabled)

    @Slot()
    def openStaff(self) -> None:
        self._session.staff.open_staff()

    @Slot()
    def closeStaff(self) -> None:
        self._session.staff.close_staff()

    @Slot(str)
    def pinKey(self, key: str) -> None:
        self._session.staff.pin_key(key)

    @Slot()
    def staffExit(self) -> None:
        self._session.staff.staff_exit()

    @Slot()
    def nextCustomer(self) -> None:
        self._session.next_customer()


@QmlElement
@QmlUncreatable(_UNCREATABLE)
class JourneyViewModel(_SnapshotViewModel):
    """The customer's journey: which screen, what it shows, and the actions it offers."""

    screenChanged, screen = _mirror(JourneyState, "screen")
    experienceIdChanged, experienceId = _mirror(JourneyState, "experience_id")
    experienceNameChanged, experienceName = _mirror(JourneyState, "experience_name")
    mechanismChanged, mechanism = _mirror(JourneyState, "mechanism")
    phaseChanged, phase = _mirror(JourneyState, "phase")
    staleChanged, stale = _mirror(JourneyState, "stale")
    busyChanged, busy = _mirror(JourneyState, "busy")
    busyActionChanged, busyAction = _mirror(JourneyState, "busy_action")
    errorKindChanged, errorKind = _mirror(JourneyState, "error_kind")
    gateStatusChanged, gateStatus = _mirror(JourneyState, "gate_status")
    accessCodeChanged, accessCode = _mirror(JourneyState, "access_code")
    codeFeedbackChanged, codeFeedback = _mirror(JourneyState, "code_feedback")
    codeEntryOpenChanged, codeEntryOpen = _mirror(JourneyState, "code_entry_open")
    hasOffersChanged, hasOffers = _mirror(JourneyState, "has_offers")
    authAvailableChanged, authAvailable = _mirror(JourneyState, "auth_available")
    authStepChanged, authStep = _mirror(JourneyState, "auth_step")
    authContactChanged, authContact = _mirror(JourneyState, "auth_contact")
    authCodeChanged, authCode = _mirror(JourneyState, "auth_code")
    authFeedbackChanged, authFeedback = _mirror(JourneyState, "auth_feedback")
    countdownSecondsChanged, countdownSeconds = _mirror(JourneyState, "countdown_seconds")
    countdownKindChanged, countdownKind = _mirror(JourneyState, "countdown_kind")
    waitlistStatusChanged, waitlistStatus = _mirror(JourneyState, "waitlist_status")
    waitlistPositionChanged, waitlistPosition = _mirror(JourneyState, "waitlist_position")
    positionChanged, position = _mirror(JourneyState, "position")
    etaSecondsChanged, etaSeconds = _mirror(JourneyState, "eta_seconds")
    positionModeChanged, positionMode = _mirror(JourneyState, "position_mode")
    pausedChanged, paused = _mirror(JourneyState, "paused")
    currencyChanged, currency = _mirror(JourneyState, "currency")
    highestBidChanged, highestBid = _mirror(JourneyState, "highest_bid")
    yourBidChanged, yourBid = _mirror(JourneyState, "your_bid")
    auctionStatusChanged, auctionStatus = _mirror(JourneyState, "auction_status")
    outbidChanged, outbid = _mirror(JourneyState, "outbid")
    bidChipsChanged, bidChips = _mirror(JourneyState, "bid_chips")
    selectedBidChanged, selectedBid = _mirror(JourneyState, "selected_bid")
    bidFeedbackChanged, bidFeedback = _mirror(JourneyState, "bid_feedback")
    daysChanged, days = _mirror(JourneyState, "days")
    selectedDayChanged, selectedDay = _mirror(JourneyState, "selected_day")
    slotsChanged, slots = _mirror(JourneyState, "slots")
    selectedSlotChanged, selectedSlot = _mirror(JourneyState, "selected_slot")
    bookingChanged, booking = _mirror(JourneyState, "booking")
    reschedulingChanged, rescheduling = _mirror(JourneyState, "rescheduling")
    handoffKindChanged, handoffKind = _mirror(JourneyState, "handoff_kind")
    handoffReferenceChanged, handoffReference = _mirror(JourneyState, "handoff_reference")
    handoffLocationChanged, handoffLocation = _mirror(JourneyState, "handoff_location")
    outcomeChanged, outcome = _mirror(JourneyState, "outcome")
    canRejoinChanged, canRejoin = _mirror(JourneyState, "can_rejoin")
    preQueueChanged, preQueue = _mirror(JourneyState, "pre_queue")
    resultTimeChanged, resultTime = _mirror(JourneyState, "result_time")
    handoffQrChanged, handoffQr = _mirror(JourneyState, "handoff_qr")
    entryReferenceChanged, entryReference = _mirror(JourneyState, "entry_reference")
    entryReferenceQrChanged, entryReferenceQr = _mirror(JourneyState, "entry_reference_qr")
    bookingReferenceChanged, bookingReference = _mirror(JourneyState, "booking_reference")
    bookingReferenceQrChanged, bookingReferenceQr = _mirror(JourneyState, "booking_reference_qr")
    acceptsEntryReferenceChanged, acceptsEntryReference = _mirror(
        JourneyState, "accepts_entry_reference"
    )
    referenceEntryOpenChanged, referenceEntryOpen = _mirror(JourneyState, "reference_entry_open")

    _STATE_FIELDS = tuple(f.name for f in fields(JourneyState))

    @Property(str, notify=screenChanged)
    def screenType(self) -> str:
        """The QML type of the current screen (an unknown screen shows the error screen)."""
        return SCREEN_TYPES.get(self._state.screen, SCREEN_TYPES[ERROR])

    def _read(self) -> JourneyState:
        return self._session.journey_state

    @Slot()
    def start(self) -> None:
        self._session.actions.start()

    @Slot(str)
    def typeKey(self, key: str) -> None:
        self._session.type_key(key)

    @Slot()
    def submitCode(self) -> None:
        self._session.access_code.submit_code()

    @Slot()
    def openCodeEntry(self) -> None:
        self._session.access_code.open_code_entry()

    @Slot()
    def closeCodeEntry(self) -> None:
        self._session.access_code.close_code_entry()

    @Slot(str)
    def setAuthStep(self, step: str) -> None:
        self._session.one_time_code.set_auth_step(step)

    @Slot()
    def sendAuthCode(self) -> None:
        self._session.one_time_code.send_auth_code()

    @Slot()
    def verifyAuthCode(self) -> None:
        self._session.one_time_code.verify_auth_code()

    @Slot()
    def retryGate(self) -> None:
        self._session.actions.retry_gate()

    @Slot()
    def enter(self) -> None:
        self._session.actions.enter()

    @Slot()
    def leave(self) -> None:
        self._session.actions.leave()

    @Slot()
    def joinWaitlist(self) -> None:
        self._session.actions.join_waitlist()

    @Slot()
    def leaveWaitlist(self) -> None:
        self._session.actions.leave_waitlist()

    @Slot(str)
    def selectBid(self, amount: str) -> None:
        self._session.bid.select_bid(amount)

    @Slot()
    def placeBid(self) -> None:
        self._session.bid.place_bid()

    @Slot(int)
    def selectDay(self, index: int) -> None:
        self._session.slots.select_day(index)

    @Slot(str)
    def selectSlot(self, slot_id: str) -> None:
        self._session.slots.select_slot(slot_id)

    @Slot()
    def book(self) -> None:
        self._session.slots.book()

    @Slot()
    def startReschedule(self) -> None:
        self._session.slots.start_reschedule()

    @Slot()
    def cancelReschedule(self) -> None:
        self._session.slots.cancel_reschedule()

    @Slot()
    def reschedule(self) -> None:
        self._session.slots.reschedule()

    @Slot()
    def cancelBooking(self) -> None:
        self._session.slots.cancel_booking()

    @Slot()
    def retry(self) -> None:
        self._session.actions.retry()

    @Slot()
    def done(self) -> None:
        self._session.done()

    @Slot()
    def startAgain(self) -> None:
        self._session.start_again()
