"""`KioskSession`: one customer visit at a time on one kiosk, from attract screen to wipe.

The session is a coordinator. It owns the phase (`attract` -> `visiting` -> `wiping` ->
`attract`, moved only by `_transition`), the catalogue, the kiosk around the journey
(language, large text) and publishing; its parts decide the rest: the staff lock, the idle
monitor, the toasts, and per visit (`Visit`) the journey actions and one form per screen.

The UI reads two plain snapshots, `journey_state` and `kiosk_state`, and is told when they
change. Commands are plain synchronous methods on the session and its parts; none blocks.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable
from typing import Any, Literal

from kiosk.core.clock import Clock
from kiosk.core.tasks import TaskScope
from kiosk.sdk import (
    APIConnectionError,
    Fanfare,
    FanfareError,
    GatedView,
    ReadyView,
    SessionStore,
)
from kiosk.session.actions import DETACHED, JourneyActions
from kiosk.session.auth import Authenticator, UnavailableAuthenticator
from kiosk.session.catalog import ExperienceCatalog, ExperienceChoice, StatusRefresher
from kiosk.session.forms import AccessCodeForm, BidForm, OneTimeCodeForm, SlotPicker
from kiosk.session.handoff import GrantHandoff, SeeStaffHandoff
from kiosk.session.idle import IdleMonitor
from kiosk.session.media import MediaShelf
from kiosk.session.presenter import (
    GRANTED,
    JourneyState,
    KioskData,
    KioskState,
    presence_for,
    present_journey,
    present_kiosk,
    screen_for,
)
from kiosk.session.settings import SessionSettings
from kiosk.session.slots import SlotSource, ViewSlotSource
from kiosk.session.staff import StaffLock
from kiosk.session.toasts import Toasts
from kiosk.session.visit import Visit

logger = logging.getLogger(__name__)

TICK_SECONDS = 1.0
# The screens whose keypad types a bid amount.
_BID_SCREENS = ("enterable_auction", "participating_auction")

Phase = Literal["attract", "visiting", "wiping"]
_MOVES: frozenset[tuple[Phase, Phase]] = frozenset(
    {("attract", "visiting"), ("visiting", "wiping"), ("wiping", "attract")}
)


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
        kiosk_clock: Clock | None = None,
        media: MediaShelf | None = None,
        statuses: StatusRefresher | None = None,
    ) -> None:
        self._settings = settings
        # `clock` is venue time (the journey, countdowns); `kiosk_clock` runs the kiosk's own
        # timers (ticker, idle and presence prompts, staff lockout, toasts) and stays real
        # time when a demo runs venue time fast. Default: the one clock for both.
        self._clock = clock
        self._timers = kiosk_clock or clock
        self._new_fanfare = fanfare_factory
        self._store = session_store
        self._catalog = catalog
        self._handoff = handoff or SeeStaffHandoff()
        self._auth = authenticator  # None: sign in through each visit's SDK
        self._slots = slot_source or ViewSlotSource(clock)
        self._scope = TaskScope("kiosk")
        self._phase: Phase = "attract"
        self._visit: Visit | None = None
        self._pending_choice: str | None = None  # chosen while the last visit was wiped
        self._kiosk = KioskData(language=settings.default_language)
        self._next_catalog_try = 0.0
        self.staff = StaffLock(
            settings,
            self._timers,
            request_exit=request_exit or (lambda: None),
            changed=self._publish,
        )
        self._idle = IdleMonitor(settings, self._timers)
        self._toasts = Toasts(settings, self._timers)
        self._listeners: list[Callable[[], None]] = []
        self._last_screen = ""
        self._journey_state = JourneyState()
        self._kiosk_state = present_kiosk(self._kiosk, settings, self._timers.monotonic())
        self._closed = False
        self._media = media  # the attract loop's images (None: no images)
        self._statuses = statuses  # its live statuses (None: as the catalogue loaded them)

    # -- what the UI reads -------------------------------------------------------------------

    @property
    def settings(self) -> SessionSettings:
        return self._settings

    @property
    def phase(self) -> Phase:
        return self._phase

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

    # -- the visit's parts (commands with no visit go nowhere) -------------------------------

    @property
    def actions(self) -> JourneyActions:
        return self._visit.actions if self._visit else JourneyActions(DETACHED)

    @property
    def access_code(self) -> AccessCodeForm:
        return self._visit.access_code if self._visit else AccessCodeForm(DETACHED)

    @property
    def one_time_code(self) -> OneTimeCodeForm:
        if self._visit is None:
            return OneTimeCodeForm(DETACHED, UnavailableAuthenticator())
        return self._visit.one_time_code

    @property
    def bid(self) -> BidForm:
        return self._visit.bid if self._visit else BidForm(DETACHED)

    @property
    def slots(self) -> SlotPicker:
        return self._visit.slots if self._visit else SlotPicker(DETACHED, self._slots)

    # -- lifecycle ---------------------------------------------------------------------------

    async def open(self) -> None:
        """Load the catalogue, resume a visit a previous process left, start the timers."""
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
            await visit.close()
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
        if self._idle.touch():
            self._publish()

    def still_here(self) -> None:
        self.note_activity()

    def set_language(self, language: str) -> None:
        if language in self._settings.languages and language != self._kiosk.language:
            self._kiosk.language = language
            if self._visit is not None:
                self._visit.fanfare.locale = language  # stored, so a restart keeps it
            self._publish()

    def set_large_text(self, enabled: bool) -> None:
        if enabled != self._kiosk.large_text:
            self._kiosk.large_text = enabled
            self._publish()

    def choose_experience(self, experience_id: str) -> None:
        if self._phase == "visiting" or self._closed:
            return
        if self._phase == "wiping":
            # The previous customer is still being wiped (logout, stored session): the new
            # visit starts when that is done, never on top of the old session.
            self._pending_choice = experience_id
            return
        choice = self._choice(experience_id)
        if choice is None:
            logger.warning("no experience %s in the catalogue", experience_id)
            return
        self._transition("visiting", choice)
        self._publish()

    def type_key(self, key: str) -> None:
        """A key from the on-screen keypad, into whichever field the screen is filling."""
        visit = self._visit
        if visit is None:
            return
        view = visit.view
        if isinstance(view, GatedView) and screen_for(view) == "gated_authentication":
            visit.one_time_code.type_key(key)
        elif not visit.access_code.entry_open and screen_for(view) in _BID_SCREENS:
            visit.bid.type_key(key)
        else:
            visit.access_code.type_key(key)

    def next_customer(self) -> None:
        """Staff: the visit is over; wipe it for the next customer."""
        if self._settings.mode == "staff" or self.staff.settings_open:
            self.staff.dismiss()
            self.reset()
            self._publish()

    def reset(self, *, leave: bool = False) -> None:
        """End the visit and wipe it (optionally giving the place back first)."""
        if self._phase != "visiting" or self._closed:
            return
        visit = self._transition("wiping")
        if visit is not None:
            self._scope.spawn("reset", self._wipe(visit, leave=leave))

    def done(self) -> None:
        self.reset()

    def start_again(self) -> None:
        """A result screen's "Join again" / "Book again": this visit is wiped and a fresh one
        (a new guest at the venue) starts on the same experience, in the same language."""
        visit = self._visit
        if visit is None or not self._journey_state.can_rejoin:
            return
        language, large_text = self._kiosk.language, self._kiosk.large_text
        self.reset()
        if self._phase == "wiping":
            self._pending_choice = visit.experience.id
            self._kiosk.language, self._kiosk.large_text = language, large_text
            self._publish()

    # -- the phase ---------------------------------------------------------------------------

    def _transition(self, to: Phase, choice: ExperienceChoice | None = None) -> Visit | None:
        """The one place the phase moves. Entering `visiting` starts a visit for `choice` and
        returns it; entering `wiping` takes the visit off screen at once and returns it for
        the wipe that follows; entering `attract` means the last visit is gone."""
        if (self._phase, to) not in _MOVES:
            raise RuntimeError(f"a kiosk session cannot go from {self._phase} to {to}")
        if to == "visiting" and choice is None:
            raise ValueError("a visit needs the experience the customer chose")
        self._phase = to
        if choice is not None and to == "visiting":
            self._visit = Visit(
                choice,
                self._new_fanfare(),
                settings=self._settings,
                clock=self._clock,
                handoff=self._handoff,
                authenticator=self._auth,
                slot_source=self._slots,
                changed=self._publish,
                settled=self._settled,
            )
            self._visit.fanfare.locale = self._kiosk.language
            self._idle.restart()
            logger.info("visit started for experience %s", choice.id)
            return self._visit
        visit, self._visit = self._visit, None
        if to == "wiping":
            self._kiosk.language = self._settings.default_language
            self._kiosk.large_text = False
            self._idle.restart()
            self._toasts.clear()
            self.staff.dismiss()
            self._publish()
        return visit

    async def _wipe(self, visit: Visit, *, leave: bool) -> None:
        await visit.wipe(leave=leave, forget=self._store.delete)
        logger.info("visit ended and wiped")
        self._transition("attract")
        self._auto_choose()
        pending, self._pending_choice = self._pending_choice, None
        if pending is not None and self._phase == "attract" and not self._closed:
            choice = self._choice(pending)
            if choice is not None:
                self._transition("visiting", choice)
        self._publish()

    def _settled(self, visit: Visit) -> None:
        """An action finished or the journey has a new view: toasts, follow-ups, publish."""
        if self._visit is not visit:
            return
        self._toasts.take_events(visit.journey)
        visit.follow()
        self._publish()

    async def _resume_stored_visit(self) -> None:
        record = self._store.load()
        if record is None:
            return
        if not record.journeys:
            self._store.delete()  # a session with no journey: nothing to come back to
            return
        experience_id = next(iter(record.journeys))
        if record.locale in self._settings.languages:
            self._kiosk.language = record.locale  # the customer's language, as they left it
        choice = self._choice(experience_id) or ExperienceChoice(id=experience_id, name="")
        visit = self._transition("visiting", choice)
        if visit is None:
            return
        try:
            await visit.fanfare.journeys.resume(experience_id)
        except APIConnectionError:
            logger.warning("cannot reach the server to resume the stored visit; will retry")
            visit.error = "offline"
            return
        except FanfareError as exc:
            logger.warning("could not resume the stored visit: %s", exc)
        if isinstance(visit.view, ReadyView):
            logger.info("the stored visit is over; wiping it")
            self._transition("wiping")
            await self._wipe(visit, leave=False)
            return
        logger.info("resumed the visit left by the previous process")
        visit.follow()

    def _auto_choose(self) -> None:
        experiences = self._kiosk.experiences
        if (
            self._phase == "attract"
            and not self._closed
            and self._settings.mode == "staff"
            and len(experiences) == 1
        ):
            self._transition("visiting", experiences[0])

    def _choice(self, experience_id: str) -> ExperienceChoice | None:
        return next((c for c in self._kiosk.experiences if c.id == experience_id), None)

    # -- catalogue ---------------------------------------------------------------------------

    async def _load_catalog(self) -> None:
        try:
            experiences = await self._catalog.load()
        except FanfareError as exc:
            logger.warning("cannot load the experiences: %s", exc)
            self._kiosk.catalog_state = "offline"
            self._next_catalog_try = self._timers.monotonic() + self._settings.offline_retry_seconds
            return
        self._kiosk.experiences = tuple(experiences)
        self._kiosk.catalog_state = "ready"
        if self._media is not None and not self._scope.running("media"):
            self._scope.spawn("media", self._load_media())
        # A visit resumed before the catalogue arrived gets its name now.
        visit = self._visit
        if visit is not None and not visit.experience.name:
            found = self._choice(visit.experience.id)
            if found is not None:
                visit.experience = found

    async def _load_media(self) -> None:
        assert self._media is not None
        urls = [url for c in self._kiosk.experiences for url in (c.hero, c.thumbnail)]
        if await self._media.fill(urls):
            self._publish()

    async def _refresh_status(self) -> None:
        """One experience's live status (see `StatusRefresher` for the rate)."""
        assert self._statuses is not None
        try:
            experiences = await self._statuses.refresh(self._kiosk.experiences)
        except FanfareError as exc:
            logger.debug("live status not refreshed: %s", exc)
            return
        if self._phase == "attract" and len(experiences) == len(self._kiosk.experiences):
            self._kiosk.experiences = experiences
            self._publish()

    async def _retry_catalog(self) -> None:
        await self._load_catalog()
        self._auto_choose()
        self._publish()

    # -- time --------------------------------------------------------------------------------

    async def _tick_forever(self) -> None:
        while True:
            await self._timers.sleep(TICK_SECONDS)
            try:
                self.tick()
            except Exception:
                logger.exception("kiosk tick failed")

    def tick(self) -> None:
        """Timers: idle and presence checks, toasts, auto-retry. Runs every second."""
        now = self._timers.monotonic()
        self._toasts.expire()
        if self._kiosk.catalog_state == "offline" and now >= self._next_catalog_try:
            self._next_catalog_try = now + self._settings.offline_retry_seconds
            if not self._scope.running("catalog"):
                self._scope.spawn("catalog", self._retry_catalog())
        statuses = self._statuses
        if (
            statuses is not None
            and self._phase == "attract"
            and self._kiosk.catalog_state == "ready"
            and not self._scope.running("status")
            and statuses.due(now)
        ):
            self._scope.spawn("status", self._refresh_status())
        visit = self._visit
        if visit is not None:
            self._toasts.take_events(visit.journey)
            visit.retry_when_due()
            shown = self._journey_state
            presence = presence_for(shown.screen)
            # A live grant is never idle-reset: the customer may be reading the reference out.
            held = shown.screen == GRANTED and shown.countdown_seconds > 0
            expiry = self._idle.check(
                presence, paused=visit.busy or bool(self.staff.panel), held=held
            )
            if expiry:
                # An entered draw told the customer they may walk away: keep the entry.
                self.reset(leave=expiry == "leave" and shown.screen != "participating_draw")
        self._publish()

    # -- publishing --------------------------------------------------------------------------

    def _publish(self) -> None:
        visit = self._visit
        journey_state = present_journey(
            visit.data() if visit else None,
            # Countdowns run on the venue's time, so a kiosk with a wrong clock still agrees.
            visit.fanfare.server_time.now() if visit else self._clock.now(),
            auth_available=self._auth is None or self._auth.available,
            language=self._kiosk.language,
        )
        if journey_state.screen != self._last_screen:
            # New information deserves fresh time: the idle timer restarts on a new screen.
            self._last_screen = journey_state.screen
            self._idle.restart()
        kiosk_state = present_kiosk(self._kiosk_data(), self._settings, self._timers.monotonic())
        if journey_state == self._journey_state and kiosk_state == self._kiosk_state:
            return
        self._journey_state = journey_state
        self._kiosk_state = kiosk_state
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:
                logger.exception("a session listener failed")

    def _kiosk_data(self) -> KioskData:
        """The kiosk around the journey, gathered from the parts that own each piece."""
        idle, toasts, staff = self._idle, self._toasts, self.staff
        return dataclasses.replace(
            self._kiosk,
            venue_now=self._clock.now(),
            media=self._media.sources() if self._media is not None else {},
            idle_kind=idle.kind,
            idle_deadline=idle.deadline,
            toast_id=toasts.id,
            toast_key=toasts.key,
            toast_severity=toasts.severity,
            staff_panel=staff.panel,
            pin=staff.pin,
            pin_feedback=staff.feedback,
            pin_locked_until=staff.locked_until,
        )
