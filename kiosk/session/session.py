"""`KioskSession`: one customer visit at a time on one kiosk, from attract screen to wipe.

The session turns taps into journey actions (each a named task in the visit's task scope),
keeps the idle and presence timers on the injected clock, claims a grant and hands it off,
shows journey events as toasts, and wipes everything of the customer on reset: the journey,
the consumer session (server and stored copy), what they typed, and the visit's objects.

The UI reads two plain snapshots, `journey_state` and `kiosk_state`, and is told when they
change. Commands are plain synchronous methods; none of them blocks.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from decimal import Decimal, InvalidOperation
from typing import Any

from kiosk.core.clock import Clock
from kiosk.core.tasks import TaskScope
from kiosk.sdk import (
    ActionUnavailableError,
    APIConnectionError,
    APIStatusError,
    ConflictError,
    Fanfare,
    FanfareError,
    GatedView,
    GrantedSequence,
    Journey,
    JourneyView,
    ReadyView,
    RoutedView,
    SessionStore,
)
from kiosk.session.auth import (
    Authenticator,
    AuthUnavailableError,
    InvalidCodeError,
    SdkAuthenticator,
)
from kiosk.session.catalog import ExperienceCatalog, ExperienceChoice
from kiosk.session.handoff import GrantHandoff, HandoffContext, HandoffReceipt, SeeStaffHandoff
from kiosk.session.presenter import (
    JourneyState,
    KioskData,
    KioskState,
    VisitData,
    presence_for,
    present_journey,
    present_kiosk,
    screen_for,
    toast_key,
)
from kiosk.session.settings import SessionSettings
from kiosk.session.slots import SlotSource, ViewSlotSource

logger = logging.getLogger(__name__)

CODE_MAX = 32
CONTACT_MAX = 64
OTP_MAX = 8
TICK_SECONDS = 1.0
LEAVE_TIMEOUT_SECONDS = 10.0


class _Visit:
    """One customer's objects. Dropped whole on reset, so nothing of them stays reachable."""

    def __init__(self, experience: ExperienceChoice, fanfare: Fanfare, journey: Journey) -> None:
        self.data = VisitData(experience=experience, view=journey.view)
        self.fanfare = fanfare
        self.journey = journey
        self.scope = TaskScope(f"visit:{experience.id}")
        self.unsubscribe: Callable[[], None] = lambda: None
        self.handoff_started = False
        self.next_retry = 0.0
        self.slots_for: str | None = None


class KioskSession:
    def __init__(
        self,
        *,
        settings: SessionSettings,
        clock: Clock,
        fanfare_factory: Callable[[], Fanfare],
        session_store: SessionStore,
        catalog: ExperienceCatalog,
        handoff: GrantHandoff | None = None,
        authenticator: Authenticator | None = None,
        slot_source: SlotSource | None = None,
        request_exit: Callable[[], None] | None = None,
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._new_fanfare = fanfare_factory
        self._store = session_store
        self._catalog = catalog
        self._handoff = handoff or SeeStaffHandoff()
        self._auth = authenticator  # None: sign in through each visit's SDK
        self._slots = slot_source or ViewSlotSource(clock)
        self._request_exit = request_exit or (lambda: None)
        self._scope = TaskScope("kiosk")
        self._kiosk = KioskData(language=settings.default_language)
        self._visit: _Visit | None = None
        self._listeners: list[Callable[[], None]] = []
        self._last_activity = clock.monotonic()
        self._last_screen = ""
        self._next_catalog_try = 0.0
        self._journey_state = JourneyState()
        self._kiosk_state = present_kiosk(self._kiosk, settings, clock.monotonic())
        self._opened = False
        self._closed = False
        self._pending_choice: str | None = None

    # -- what the UI reads -------------------------------------------------------------------

    @property
    def settings(self) -> SessionSettings:
        return self._settings

    @property
    def journey_state(self) -> JourneyState:
        return self._journey_state

    @property
    def kiosk_state(self) -> KioskState:
        return self._kiosk_state

    @property
    def has_visit(self) -> bool:
        return self._visit is not None

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener()` whenever either snapshot changes; returns the unsubscribe."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    # -- lifecycle ---------------------------------------------------------------------------

    async def open(self) -> None:
        """Load the catalogue, resume a visit a previous process left, start the timers."""
        self._opened = True
        await self._load_catalog()
        await self._resume_stored_visit()
        self._auto_choose()
        self._scope.spawn("ticker", self._tick_forever())
        self._publish()

    async def close(self) -> None:
        """Stop every task. A visit in progress stays stored, so a restart resumes it."""
        self._closed = True
        await self._scope.aclose()
        visit, self._visit = self._visit, None
        if visit is not None:
            visit.unsubscribe()
            await visit.scope.aclose()
            await visit.fanfare.aclose()
        self._listeners.clear()

    def pending_tasks(self) -> list[asyncio.Task[Any]]:
        """The visit's actions and any reset still running (not the ticker): for tests."""
        scopes = [self._scope] + ([self._visit.scope] if self._visit else [])
        return [
            task
            for scope in scopes
            for task in scope.pending()
            if not task.get_name().endswith(":ticker")
        ]

    # -- kiosk-level commands ----------------------------------------------------------------

    def note_activity(self) -> None:
        """Any touch or key press: restarts the idle timer and dismisses the prompt."""
        self._last_activity = self._clock.monotonic()
        if self._kiosk.idle_kind:
            self._kiosk.idle_kind = ""
            self._publish()

    def still_here(self) -> None:
        self.note_activity()

    def set_language(self, language: str) -> None:
        if language in self._settings.languages and language != self._kiosk.language:
            self._kiosk.language = language
            self._publish()

    def set_large_text(self, enabled: bool) -> None:
        if enabled != self._kiosk.large_text:
            self._kiosk.large_text = enabled
            self._publish()

    def choose_experience(self, experience_id: str) -> None:
        if self._visit is not None or self._closed:
            return
        if self._scope.running("reset"):
            # The previous customer is still being wiped (logout, stored session): the new
            # visit starts when that is done, never on top of the old session.
            self._pending_choice = experience_id
            return
        choice = next((c for c in self._kiosk.experiences if c.id == experience_id), None)
        if choice is None:
            logger.warning("no experience %s in the catalogue", experience_id)
            return
        self._begin_visit(choice)
        self._publish()

    def reset(self, *, leave: bool = False) -> None:
        """End the visit and wipe it (optionally giving the place back first)."""
        visit = self._visit
        if visit is None or self._scope.running("reset"):
            return
        self._end_visit()
        self._scope.spawn("reset", self._wipe(visit, leave=leave))

    def done(self) -> None:
        self.reset()

    # -- staff -------------------------------------------------------------------------------

    def open_staff(self) -> None:
        if not self._kiosk.staff_panel:
            self._kiosk.staff_panel = "pin"
            self._kiosk.pin = ""
            self._kiosk.pin_feedback = "locked" if self._pin_locked() else ""
            self._publish()

    def close_staff(self) -> None:
        self._kiosk.staff_panel = ""
        self._kiosk.pin = ""
        self._kiosk.pin_feedback = ""
        self._publish()

    def pin_key(self, key: str) -> None:
        kiosk = self._kiosk
        if kiosk.staff_panel != "pin":
            return
        if self._pin_locked():
            kiosk.pin_feedback = "locked"
            self._publish()
            return
        if key == "backspace":
            kiosk.pin = kiosk.pin[:-1]
        elif key.isdigit() and len(key) == 1:
            kiosk.pin += key
            kiosk.pin_feedback = ""
        expected = self._settings.staff_pin
        if len(kiosk.pin) >= len(expected):
            import secrets

            if secrets.compare_digest(kiosk.pin, expected):
                kiosk.staff_panel, kiosk.pin_failures = "settings", 0
                logger.info("staff settings opened")
            else:
                kiosk.pin_failures += 1
                kiosk.pin_feedback = "wrong"
                logger.warning("wrong staff PIN (%d in a row)", kiosk.pin_failures)
                if kiosk.pin_failures >= self._settings.pin_attempts:
                    kiosk.pin_locked_until = (
                        self._clock.monotonic() + self._settings.pin_lockout_seconds
                    )
                    kiosk.pin_failures = 0
                    kiosk.pin_feedback = "locked"
            kiosk.pin = ""
        self._publish()

    def staff_exit(self) -> None:
        if self._kiosk.staff_panel == "settings":
            logger.info("staff asked the kiosk to exit")
            self._request_exit()

    def next_customer(self) -> None:
        """Staff: the visit is over; wipe it for the next customer."""
        if self._settings.mode == "staff" or self._kiosk.staff_panel == "settings":
            self._kiosk.staff_panel = ""
            self.reset()
            self._publish()

    def _pin_locked(self) -> bool:
        return self._clock.monotonic() < self._kiosk.pin_locked_until

    # -- journey commands --------------------------------------------------------------------

    def start(self) -> None:
        self._act("start", lambda view: view.start(), ReadyView)

    def type_key(self, key: str) -> None:
        """A key from the on-screen keypad, into whichever field the screen is filling."""
        visit = self._visit
        if visit is None:
            return
        data = visit.data
        view = data.view
        if isinstance(view, GatedView) and screen_for(view) == "gated_authentication":
            if data.auth_step == "contact":
                data.auth_contact = _edit(data.auth_contact, key, CONTACT_MAX)
            else:
                data.auth_code = _edit(data.auth_code, key, OTP_MAX)
            data.auth_feedback = ""
        else:
            data.code = _edit(data.code, key, CODE_MAX).upper()
            data.code_feedback = ""
        self._publish()

    def submit_code(self) -> None:
        visit = self._visit
        if visit is None or not visit.data.code.strip():
            return
        code = visit.data.code.strip()
        view = visit.data.view
        if isinstance(view, GatedView):

            async def reroute(current: Any) -> None:
                after = await current.reroute(access_code=code)
                if isinstance(after, GatedView):
                    visit.data.code_feedback = "invalid"
                else:
                    visit.data.code = ""

            self._act("reroute", reroute, GatedView)
        elif isinstance(view, RoutedView):

            async def submit(current: Any) -> None:
                result = await current.submit_access_code(code)
                visit.data.code_feedback = (
                    "accepted" if result.outcome == "advanced" else result.outcome
                )
                if result.outcome != "unchanged":
                    visit.data.code = ""
                    visit.data.code_entry_open = False

            self._act("submit_access_code", submit, RoutedView)

    def open_code_entry(self) -> None:
        if self._visit is not None and isinstance(self._visit.data.view, RoutedView):
            self._visit.data.code_entry_open = True
            self._visit.data.code = ""
            self._visit.data.code_feedback = ""
            self._publish()

    def close_code_entry(self) -> None:
        if self._visit is not None:
            self._visit.data.code_entry_open = False
            self._visit.data.code = ""
            self._publish()

    def set_auth_step(self, step: str) -> None:
        if self._visit is not None and step in ("contact", "code"):
            self._visit.data.auth_step = step  # type: ignore[assignment]
            self._visit.data.auth_code = ""
            self._visit.data.auth_feedback = ""
            self._publish()

    def send_auth_code(self) -> None:
        visit = self._visit
        if visit is None or not visit.data.auth_contact.strip():
            return
        contact = visit.data.auth_contact.strip()

        async def send(_: Any) -> None:
            try:
                await self._authenticator(visit).request_code(contact)
            except AuthUnavailableError:
                visit.data.auth_feedback = "unavailable"
                return
            visit.data.auth_step = "code"
            visit.data.auth_feedback = "sent"

        self._act("request_code", send, GatedView)

    def verify_auth_code(self) -> None:
        visit = self._visit
        if visit is None or not visit.data.auth_code.strip():
            return
        contact, code = visit.data.auth_contact.strip(), visit.data.auth_code.strip()

        async def verify(current: Any) -> None:
            try:
                await self._authenticator(visit).verify_code(contact, code)
            except InvalidCodeError:
                visit.data.auth_feedback = "invalid"
                visit.data.auth_code = ""
                return
            except AuthUnavailableError:
                visit.data.auth_feedback = "unavailable"
                return
            await current.reroute()

        self._act("verify_code", verify, GatedView)

    def _authenticator(self, visit: _Visit) -> Authenticator:
        return self._auth or SdkAuthenticator(visit.fanfare)

    def retry_gate(self) -> None:
        self._act("retry", lambda view: view.retry(), GatedView)

    def enter(self) -> None:
        self._sequence_act("enter", lambda sequence: sequence.enter())

    def leave(self) -> None:
        self._sequence_act("leave", lambda sequence: sequence.leave())

    def join_waitlist(self) -> None:
        self._sequence_act("join", lambda sequence: sequence.waitlist.join())

    def leave_waitlist(self) -> None:
        self._sequence_act("leave_waitlist", lambda sequence: sequence.waitlist.leave())

    def select_bid(self, amount: str) -> None:
        if self._visit is not None:
            self._visit.data.bid = amount
            self._visit.data.bid_feedback = ""
            self._publish()

    def place_bid(self) -> None:
        visit = self._visit
        if visit is None or not visit.data.bid:
            return
        try:
            amount = Decimal(visit.data.bid)
        except InvalidOperation:
            return

        async def bid(sequence: Any) -> None:
            try:
                await sequence.bid(amount)
            except ConflictError:
                # Too low, or outbid meanwhile: the next view shows the new highest bid.
                visit.data.bid_feedback = "rejected"
                await self._refresh_quietly(visit)
                return
            visit.data.bid = ""
            visit.data.bid_feedback = "placed"

        self._sequence_act("bid", bid)

    def select_day(self, index: int) -> None:
        if self._visit is not None:
            self._visit.data.day = max(0, index)
            self._visit.data.slot_id = ""
            self._publish()

    def select_slot(self, slot_id: str) -> None:
        if self._visit is not None:
            self._visit.data.slot_id = slot_id
            self._publish()

    def book(self) -> None:
        visit = self._visit
        slot = self._selected_slot()
        if visit is None or slot is None:
            return

        async def book(sequence: Any) -> None:
            await sequence.book(slot.id, slot.location_id)
            visit.data.slot_id = ""

        self._sequence_act("book", book)

    def start_reschedule(self) -> None:
        if self._visit is not None:
            self._visit.data.rescheduling = True
            self._visit.data.slot_id = ""
            self._publish()

    def cancel_reschedule(self) -> None:
        if self._visit is not None:
            self._visit.data.rescheduling = False
            self._visit.data.slot_id = ""
            self._publish()

    def reschedule(self) -> None:
        visit = self._visit
        slot = self._selected_slot()
        if visit is None or slot is None:
            return

        async def reschedule(sequence: Any) -> None:
            await sequence.reschedule(slot.id, slot.location_id)
            visit.data.rescheduling = False
            visit.data.slot_id = ""

        self._sequence_act("reschedule", reschedule)

    def cancel_booking(self) -> None:
        self._sequence_act("cancel", lambda sequence: sequence.cancel())

    def retry(self) -> None:
        """The error or offline screen's "Try again"."""
        visit = self._visit
        if visit is None:
            return
        view = visit.data.view
        if isinstance(view, ReadyView):
            visit.data.error = ""
            self.start()
            return
        self._act("retry", lambda current: current.retry(), (GatedView, RoutedView), clear=True)

    # -- running actions ---------------------------------------------------------------------

    def _sequence_act(self, name: str, call: Callable[[Any], Awaitable[Any]]) -> None:
        async def run(view: Any) -> None:
            await call(view.sequence)

        self._act(name, run, RoutedView)

    def _act(
        self,
        name: str,
        call: Callable[[Any], Awaitable[Any]],
        kind: type | tuple[type, ...],
        *,
        clear: bool = False,
    ) -> None:
        visit = self._visit
        if visit is None or (visit.data.busy and not clear):
            return  # one action at a time: a second tap does not send a second request
        view = visit.journey.view
        if not isinstance(view, kind):
            logger.info("%s() ignored: the journey is %s now", name, view.journey_stage)
            return
        visit.data.busy = True
        self._publish()
        visit.scope.spawn("action", self._run_action(visit, name, call, view))

    async def _run_action(
        self, visit: _Visit, name: str, call: Callable[[Any], Awaitable[Any]], view: Any
    ) -> None:
        try:
            await call(view)
        except ActionUnavailableError:
            logger.info("%s() was no longer offered; showing the current view", name)
        except APIConnectionError as exc:
            logger.warning("%s() failed: cannot reach the server (%s)", name, type(exc).__name__)
            visit.data.error = "offline"
            visit.next_retry = self._clock.monotonic() + self._settings.offline_retry_seconds
        except (APIStatusError, FanfareError) as exc:
            logger.warning("%s() failed: %s", name, exc)
            visit.data.error = "failed"
        except Exception:
            logger.exception("%s() failed unexpectedly", name)
            visit.data.error = "failed"
        else:
            visit.data.error = ""
        finally:
            visit.data.busy = False
            if self._visit is visit:
                visit.data.view = visit.journey.view
                self._check_events(visit)
                self._after_view(visit)
                self._publish()

    async def _refresh_quietly(self, visit: _Visit) -> None:
        view = visit.journey.view
        retry = getattr(view, "retry", None)
        if retry is not None:
            try:
                await retry()
            except FanfareError as exc:
                logger.info("refresh after a refused action failed: %s", type(exc).__name__)

    # -- visits ------------------------------------------------------------------------------

    def _begin_visit(self, choice: ExperienceChoice) -> _Visit:
        fanfare = self._new_fanfare()
        journey = fanfare.journeys.get(choice.id)
        visit = _Visit(choice, fanfare, journey)
        visit.unsubscribe = journey.subscribe(lambda view: self._on_view(visit, view))
        self._visit = visit
        self._last_activity = self._clock.monotonic()
        logger.info("visit started for experience %s", choice.id)
        return visit

    def _on_view(self, visit: _Visit, view: JourneyView) -> None:
        if self._visit is not visit:
            return
        visit.data.view = view
        if not view.degraded and visit.data.error == "offline" and not visit.data.busy:
            visit.data.error = ""  # the connection is back: show the journey again
        self._check_events(visit)
        self._after_view(visit)
        self._publish()

    def _after_view(self, visit: _Visit) -> None:
        view = visit.data.view
        sequence = view.sequence if isinstance(view, RoutedView) else None
        if isinstance(sequence, GrantedSequence) and not visit.handoff_started:
            visit.handoff_started = True
            visit.scope.spawn("handoff", self._hand_off(visit))
        if sequence is not None and sequence.mechanism == "appointment":
            key = f"{sequence.phase}:{sequence.sequence_id}"
            if visit.slots_for != key and sequence.phase in ("enterable", "participating"):
                visit.slots_for = key
                visit.scope.spawn("slots", self._load_slots(visit, sequence))

    async def _load_slots(self, visit: _Visit, sequence: Any) -> None:
        try:
            slots = await self._slots.slots(sequence)
        except Exception:
            logger.exception("could not load appointment slots")
            slots = []
        visit.data.slots = tuple(slots)
        self._publish()

    async def _hand_off(self, visit: _Visit) -> None:
        view = visit.journey.view
        sequence = view.sequence if isinstance(view, RoutedView) else None
        if not isinstance(sequence, GrantedSequence):
            return
        context = HandoffContext(visit.data.experience.id, visit.data.experience.name)
        try:
            grant = sequence.claim()
        except FanfareError as exc:
            logger.warning("could not claim the grant: %s", type(exc).__name__)
            visit.data.receipt = HandoffReceipt(kind="failed")
            self._publish()
            return
        try:
            receipt = await self._handoff.hand_off(grant, context)
        except Exception as exc:  # never log the grant: only what kind of failure it was
            logger.error("grant handoff failed: %s", type(exc).__name__)
            receipt = HandoffReceipt(kind="failed")
        finally:
            del grant
        logger.info("grant handed off (%s)", receipt.kind)
        visit.data.receipt = receipt
        self._publish()

    def _end_visit(self) -> None:
        """The screen goes back to attract at once; the wipe follows (`_wipe`)."""
        self._visit = None
        kiosk = self._kiosk
        kiosk.language = self._settings.default_language
        kiosk.large_text = False
        kiosk.idle_kind = ""
        kiosk.toast_key = ""
        kiosk.staff_panel = ""
        kiosk.pin = ""
        self._last_activity = self._clock.monotonic()
        self._publish()

    async def _wipe(self, visit: _Visit, *, leave: bool) -> None:
        visit.unsubscribe()
        await visit.scope.aclose()
        if leave:
            await self._leave_quietly(visit)
        try:
            await visit.fanfare.logout()
        except Exception:
            logger.exception("logout failed; deleting the stored session anyway")
            self._store.delete()
        await visit.fanfare.aclose()
        logger.info("visit ended and wiped")
        self._auto_choose()
        pending, self._pending_choice = self._pending_choice, None
        if pending is not None and self._visit is None and not self._closed:
            choice = next((c for c in self._kiosk.experiences if c.id == pending), None)
            if choice is not None:
                self._begin_visit(choice)
        self._publish()

    async def _leave_quietly(self, visit: _Visit) -> None:
        view = visit.journey.view
        sequence = view.sequence if isinstance(view, RoutedView) else None
        leave = getattr(sequence, "leave", None)
        if sequence is None or sequence.phase != "participating" or leave is None:
            return
        try:
            await self._within(leave(), LEAVE_TIMEOUT_SECONDS)
            logger.info("left the %s for a customer who walked away", sequence.mechanism)
        except (FanfareError, TimeoutError) as exc:
            logger.warning("could not leave cleanly: %s", type(exc).__name__)

    async def _within(self, coro: Coroutine[Any, Any, Any], seconds: float) -> Any:
        """Await `coro` for at most `seconds` on the session's clock."""
        work = asyncio.ensure_future(coro)
        timer = asyncio.ensure_future(self._clock.sleep(seconds))
        try:
            done, _ = await asyncio.wait({work, timer}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            timer.cancel()
            if not work.done():
                work.cancel()
            await asyncio.gather(work, timer, return_exceptions=True)
        if work in done and not work.cancelled():
            return work.result()
        raise TimeoutError(f"gave up after {seconds:g} s")

    async def _resume_stored_visit(self) -> None:
        record = self._store.load()
        if record is None:
            return
        if not record.journeys:
            self._store.delete()  # a session with no journey: nothing to come back to
            return
        experience_id = next(iter(record.journeys))
        choice = next((c for c in self._kiosk.experiences if c.id == experience_id), None)
        visit = self._begin_visit(choice or ExperienceChoice(id=experience_id, name=""))
        try:
            await visit.fanfare.journeys.resume(experience_id)
        except APIConnectionError:
            logger.warning("cannot reach the server to resume the stored visit; will retry")
            visit.data.error = "offline"
            return
        except FanfareError as exc:
            logger.warning("could not resume the stored visit: %s", exc)
        visit.data.view = visit.journey.view
        if isinstance(visit.data.view, ReadyView):
            logger.info("the stored visit is over; wiping it")
            self._end_visit()
            await self._wipe(visit, leave=False)
            return
        logger.info("resumed the visit left by the previous process")
        self._after_view(visit)

    def _auto_choose(self) -> None:
        experiences = self._kiosk.experiences
        if (
            self._visit is None
            and not self._closed
            and self._settings.mode == "staff"
            and len(experiences) == 1
        ):
            self._begin_visit(experiences[0])

    def _selected_slot(self) -> Any:
        visit = self._visit
        if visit is None:
            return None
        return next((slot for slot in visit.data.slots if slot.id == visit.data.slot_id), None)

    # -- catalogue ---------------------------------------------------------------------------

    async def _load_catalog(self) -> None:
        try:
            experiences = await self._catalog.load()
        except FanfareError as exc:
            logger.warning("cannot load the experiences: %s", exc)
            self._kiosk.catalog_state = "offline"
            self._next_catalog_try = self._clock.monotonic() + self._settings.offline_retry_seconds
            return
        self._kiosk.experiences = tuple(experiences)
        self._kiosk.catalog_state = "ready"
        # A visit resumed before the catalogue arrived gets its name now.
        visit = self._visit
        if visit is not None and not visit.data.experience.name:
            found = next((c for c in experiences if c.id == visit.data.experience.id), None)
            if found is not None:
                visit.data.experience = found

    async def _retry_catalog(self) -> None:
        await self._load_catalog()
        self._auto_choose()
        self._publish()

    # -- time --------------------------------------------------------------------------------

    async def _tick_forever(self) -> None:
        while True:
            await self._clock.sleep(TICK_SECONDS)
            try:
                self.tick()
            except Exception:
                logger.exception("kiosk tick failed")

    def tick(self) -> None:
        """Timers: idle and presence checks, toasts, auto-retry. Runs every second."""
        now = self._clock.monotonic()
        kiosk = self._kiosk
        if kiosk.toast_key and now >= kiosk.toast_until:
            kiosk.toast_key = ""
        if kiosk.catalog_state == "offline" and now >= self._next_catalog_try:
            self._next_catalog_try = now + self._settings.offline_retry_seconds
            if not self._scope.running("catalog"):
                self._scope.spawn("catalog", self._retry_catalog())
        visit = self._visit
        if visit is not None:
            self._check_events(visit)
            if visit.data.error == "offline" and not visit.data.busy and now >= visit.next_retry:
                visit.next_retry = now + self._settings.offline_retry_seconds
                if not isinstance(visit.data.view, ReadyView):
                    self._act(
                        "retry",
                        lambda current: current.retry(),
                        (GatedView, RoutedView),
                        clear=False,
                    )
            self._check_idle(visit, now)
        self._publish()

    def _check_idle(self, visit: _Visit, now: float) -> None:
        kiosk = self._kiosk
        settings = self._settings
        kind = presence_for(self._journey_state.screen)
        if not settings.idle_enabled or visit.data.busy or kind == "none" or kiosk.staff_panel:
            kiosk.idle_kind = ""
            return
        if kind == "idle":
            limit, prompt = settings.idle_seconds, settings.idle_prompt_seconds
        else:
            limit, prompt = settings.presence_seconds, settings.presence_prompt_seconds
        if not kiosk.idle_kind and now - self._last_activity >= limit:
            kiosk.idle_kind = kind
            kiosk.idle_deadline = self._last_activity + limit + prompt
            logger.info("no touch for %.0f s: asking whether the customer is still there", limit)
        if kiosk.idle_kind and now >= kiosk.idle_deadline:
            leave = kiosk.idle_kind == "presence" and settings.presence_expiry == "leave"
            logger.info("no answer: resetting the kiosk%s", " (leaving)" if leave else "")
            self.reset(leave=leave)

    def _check_events(self, visit: _Visit) -> None:
        journey = visit.journey
        event = journey.latest_event
        if event is None:
            return
        for item in journey.events:
            journey.ack_event(item.id)
        if event.audience != "user":
            return
        kiosk = self._kiosk
        kiosk.toast_id += 1
        kiosk.toast_key = toast_key(event)
        kiosk.toast_severity = event.severity
        kiosk.toast_until = self._clock.monotonic() + self._settings.toast_seconds

    # -- publishing --------------------------------------------------------------------------

    def _publish(self) -> None:
        visit = self._visit
        if visit is not None:
            # The journey refreshes its view quietly when only `refreshed_at` moved: read it
            # each time, so staleness is judged on the latest refresh.
            visit.data.view = visit.journey.view
        journey_state = present_journey(
            visit.data if visit else None,
            self._clock.now(),
            auth_available=self._auth is None or self._auth.available,
            language=self._kiosk.language,
        )
        if journey_state.screen != self._last_screen:
            # New information deserves fresh time: the idle timer restarts on a new screen.
            self._last_screen = journey_state.screen
            self._last_activity = self._clock.monotonic()
            self._kiosk.idle_kind = ""
        kiosk_state = present_kiosk(self._kiosk, self._settings, self._clock.monotonic())
        if journey_state == self._journey_state and kiosk_state == self._kiosk_state:
            return
        self._journey_state = journey_state
        self._kiosk_state = kiosk_state
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:
                logger.exception("a session listener failed")


def _edit(text: str, key: str, limit: int) -> str:
    if key == "backspace":
        return text[:-1]
    if key == "clear":
        return ""
    if key == "space":
        key = " "
    if len(key) != 1 or not key.isprintable() or len(text) >= limit:
        return text
    return text + key
