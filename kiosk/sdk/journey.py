"""`Journey`: one consumer's progress through one experience.

It publishes `JourneyView`s (render only from them), runs the actions those views offer,
keeps the view fresh by polling, marks it stale when the server cannot be reached, and keeps
a short list of events for toasts. It owns two named tasks, the poll loop and the grant
expiry timer, and cancels both on `close()`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from kiosk.core.clock import Clock
from kiosk.sdk.actions import BoundModel
from kiosk.sdk.builder import (
    ViewContext,
    gated_view_from_route,
    grant_key,
    unavailable_view,
    view_from_projection,
)
from kiosk.sdk.client import ConsumerClient
from kiosk.sdk.errors import (
    ActionUnavailableError,
    APIConnectionError,
    AuthenticationError,
    FanfareError,
    JourneyError,
    ServerError,
)
from kiosk.sdk.events import EventLog, JourneyEvent, RerouteDirection
from kiosk.sdk.polling import Poller, PollPolicy
from kiosk.sdk.sequences import (
    GrantedSequence,
    ParticipatingQueue,
    SequenceViewBase,
    WaitlistAttachmentBase,
)
from kiosk.sdk.session_store import StoredJourney
from kiosk.sdk.views import (
    UNSET,
    AccessCodeSubmitResult,
    JourneyView,
    JourneyViewBase,
    ReadyView,
    RoutedView,
    RoutingView,
)
from kiosk.wire.distributions import QueueConsumerState
from kiosk.wire.projection import AdmissionGrant, GatedJourney, RoutedJourney, WaitlistMembership
from kiosk.wire.routing import RouteResult, RouteSelection

logger = logging.getLogger(__name__)


class Journey:
    """Created by `Fanfare.journeys`; one per experience."""

    def __init__(
        self,
        experience_id: str,
        *,
        client: ConsumerClient,
        clock: Clock,
        random: Callable[[], float],
        poll_policy: PollPolicy,
        stale_after_seconds: float,
        access_code: str | None = None,
        started: bool = False,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self._experience_id = experience_id
        self._client = client
        self._clock = clock
        self._stale_after = stale_after_seconds
        self._access_code = access_code
        self._started = started
        self._on_change = on_change
        self._poller = Poller(self, poll_policy, clock, random)
        self._policy = poll_policy
        self._events = EventLog()
        self._subscribers: list[Callable[[JourneyView], None]] = []
        self._changed = asyncio.Event()
        # One action (or poll) at a time, so a double tap cannot send an action twice.
        self._lock = asyncio.Lock()
        # What the server said last; views are rebuilt from these.
        self._projection: GatedJourney | RoutedJourney | None = None
        self._offers: tuple[RouteSelection, ...] = ()
        self._priorities: dict[str, float] = {}
        self._waitlists: tuple[WaitlistMembership, ...] = ()
        self._queue_status: tuple[str, QueueConsumerState] | None = None
        self._status_polls = 0
        self._claimed: set[str] = set()
        self._lapsed: set[str] = set()
        self._last_routed_sequence: str | None = None
        self._connection_lost = False
        self._vanished_logged = False
        self._poll_task: asyncio.Task[None] | None = None
        self._expiry_task: asyncio.Task[None] | None = None
        self._expiry_key: str | None = None
        self._closed = False
        self._view: JourneyView = self._bind(ReadyView(**self._common(None)))

    def __repr__(self) -> str:
        return f"Journey(experience_id={self._experience_id!r}, view={_describe(self._view)})"

    # -- what the UI reads -------------------------------------------------------------------

    @property
    def experience_id(self) -> str:
        return self._experience_id

    @property
    def view(self) -> JourneyView:
        """The current view: render from it, and call only the actions it offers."""
        return self._view

    @property
    def events(self) -> tuple[JourneyEvent, ...]:
        return self._events.events

    @property
    def latest_event(self) -> JourneyEvent | None:
        """The newest event not yet acknowledged."""
        return self._events.latest

    def ack_event(self, event_id: str) -> bool:
        return self._events.ack(event_id)

    def subscribe(self, callback: Callable[[JourneyView], None]) -> Callable[[], None]:
        """Call `callback(view)` on every later view change; returns the unsubscribe function."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    # `timeout` runs on the injected clock, which `asyncio.timeout` cannot do.
    async def next_view(self, timeout: float | None = None) -> JourneyView:  # noqa: ASYNC109
        """Wait for the next view change (at most `timeout` seconds on the journey's clock)."""
        changed = self._changed
        if timeout is None:
            await changed.wait()
            return self._view
        waiter = asyncio.create_task(changed.wait(), name="fanfare-next-view")
        timer = asyncio.create_task(self._clock.sleep(timeout), name="fanfare-next-view-timeout")
        try:
            done, _ = await asyncio.wait({waiter, timer}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()
            timer.cancel()
            await asyncio.gather(waiter, timer, return_exceptions=True)
        if waiter in done:
            return self._view
        raise TimeoutError(f"the journey's view did not change within {timeout:g} s")

    @property
    def started(self) -> bool:
        """True once the journey was routed (it is then worth resuming)."""
        return self._started

    def persisted_state(self) -> StoredJourney | None:
        """What a session store keeps for this journey, or None if it never started."""
        return StoredJourney(access_code=self._access_code) if self._started else None

    # -- lifecycle ---------------------------------------------------------------------------

    async def refresh(self) -> JourneyView:
        """Fetch the journey's state now (`GET /consumers/me`)."""
        async with self._lock:
            try:
                await self._refresh_me()
            except FanfareError as exc:
                self._mark_degraded(exc)
                raise
        self._ensure_polling()
        return self._view

    async def resume(self) -> JourneyView:
        """Find this journey in the persisted consumer session and continue where it was."""
        if self._client.session is None:
            return self._view
        async with self._lock:
            try:
                me = await self._client.get_me()
            except AuthenticationError:
                self._client.forget_session()
                logger.info("the stored consumer session is no longer valid; starting fresh")
                return self._view
            projection = me.journey_for(self._experience_id)
            if projection is None:
                return self._view
            self._projection = projection
            self._waitlists = tuple(me.waitlists or ())
            if isinstance(projection, RoutedJourney):
                self._last_routed_sequence = projection.sequence_id
            self._set_started()
            self._publish(self._build())
        logger.info("resumed journey %s at %s", self._experience_id, _describe(self._view))
        self._ensure_polling()
        return self._view

    async def close(self) -> None:
        """Stop polling and timers. The server keeps the journey; a later process can resume."""
        self._closed = True
        tasks = [task for task in (self._poll_task, self._expiry_task) if task is not None]
        self._poll_task = self._expiry_task = None
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._changed.set()  # wake anyone waiting in next_view()

    # -- ActionPort (called by views) --------------------------------------------------------

    def now(self) -> datetime:
        return self._clock.now()

    async def perform(self, owner: BoundModel, action: str, **arguments: Any) -> Any:
        self._require(owner, action)
        async with self._lock:
            self._require(owner, action)  # the view may have moved on while we waited
            if action == "start":
                result: Any = await self._start()
            elif action == "reroute":
                result = await self._reroute(arguments["access_code"])
            elif action == "retry":
                result = await self._retry()
            elif action == "submit_access_code":
                result = await self._submit_access_code(arguments["access_code"])
            else:
                await self._distribution_action(owner, action, arguments)
                result = await self._refresh_after_action()
        self._ensure_polling()
        return result

    async def lookup(self, owner: BoundModel, what: str, **arguments: Any) -> Any:
        distribution = getattr(owner, "distribution", None)
        if distribution is None or distribution.type != "appointment":
            raise ActionUnavailableError(f"{what} is only available on an appointment.")
        if what == "slots":
            return await self._client.appointment_slots(distribution.id, **arguments)
        if what == "booking":
            return await self._client.appointment_booking(distribution.id)
        raise ActionUnavailableError(f"Unknown lookup {what!r}.")

    def claim(self, owner: BoundModel) -> AdmissionGrant:
        self._require(owner, "claim")
        current = self._view
        assert isinstance(current, RoutedView) and isinstance(current.sequence, GrantedSequence)
        grant = current.sequence.grant
        self._claimed.add(grant_key(grant))
        self._cancel_expiry()
        if not current.sequence.claimed:
            self._publish(self._rebuild_local())
        logger.info("journey %s: grant claimed", self._experience_id)
        return grant

    # -- Pollable (called by the poll loop) --------------------------------------------------

    def poll_hint(self) -> float | None:
        return self._client.poll_interval_hint

    async def poll_once(self) -> None:
        async with self._lock:
            try:
                await self._poll_step()
            except FanfareError as exc:
                self._mark_degraded(exc)
                raise

    async def _poll_step(self) -> None:
        view = self._view
        sequence = view.sequence if isinstance(view, RoutedView) else None
        if (
            isinstance(sequence, ParticipatingQueue)
            and self._status_polls < self._policy.full_refresh_every
        ):
            queue_id = sequence.distribution.id
            status = await self._client.queue_status(queue_id)
            self._queue_status = (queue_id, status)
            if status.status == "QUEUED":
                # Still queued: only the display moved. The projection is fetched when the
                # status category changes, or every `full_refresh_every` polls.
                self._status_polls += 1
                self._publish(self._build())
                return
        await self._refresh_me()

    # -- actions -----------------------------------------------------------------------------

    async def _start(self) -> JourneyView:
        self._publish(self._bind(RoutingView(**self._common(self._view.refreshed_at))))
        try:
            await self._client.ensure_session()
            view = await self._route_and_build(self._access_code)
        except FanfareError as exc:
            # Back to `ready`, so the UI offers start() again.
            self._publish(self._bind(ReadyView(**self._common(None))))
            self._add_event("error", "error", "The journey could not start. Try again.", exc)
            raise
        self._set_started()
        self._publish(view)
        return self._view

    async def _reroute(self, access_code: Any) -> JourneyView:
        if access_code is not UNSET:
            self._access_code = access_code  # None clears the stored code
            self._changed_state()
        previous = self._view
        self._publish(self._bind(RoutingView(**self._common(previous.refreshed_at))))
        try:
            view = await self._route_and_build(self._access_code)
        except FanfareError:
            self._publish(previous)
            raise
        self._publish(view)
        return self._view

    async def _retry(self) -> JourneyView:
        if isinstance(self._view, RoutedView):
            try:
                await self._refresh_me()
            except FanfareError as exc:
                self._mark_degraded(exc)
                raise
            return self._view
        return await self._reroute(UNSET)

    async def _submit_access_code(self, access_code: str) -> AccessCodeSubmitResult:
        before = self._view
        before_sequence = before.sequence_id if isinstance(before, RoutedView) else None
        route = await self._client.route(self._experience_id, access_code)
        self._remember_route(route)
        selected = route.selected.sequence.id if route.selected else None
        if route.outcome == "routed" and selected is not None and selected != before_sequence:
            result = AccessCodeSubmitResult(outcome="advanced", sequence_id=selected)
            self._access_code = access_code  # only an advance commits the code
            self._changed_state()
        elif route.outcome == "routed":
            result = AccessCodeSubmitResult(outcome="unchanged", sequence_id=before_sequence)
        else:
            result = AccessCodeSubmitResult(outcome="gated")
        try:
            me = await self._client.get_me()
            self._publish(self._view_after_route(route, me))
        except FanfareError as exc:
            self._mark_degraded(exc)
        return result

    async def _distribution_action(
        self, owner: BoundModel, action: str, arguments: dict[str, Any]
    ) -> None:
        client = self._client
        if isinstance(owner, WaitlistAttachmentBase):
            if action == "join":
                await client.join_waitlist(owner.waitlist_id)
            else:
                await client.leave_waitlist(owner.waitlist_id)
            return
        if not isinstance(owner, SequenceViewBase):  # pragma: no cover - views only
            raise ActionUnavailableError(f"{action}() is not a journey action")
        distribution_id: str = owner.distribution.id  # type: ignore[attr-defined]
        mechanism = owner.mechanism  # type: ignore[attr-defined]
        if mechanism == "queue":
            call = client.enter_queue if action == "enter" else client.leave_queue
            self._queue_status = (distribution_id, await call(distribution_id))
            self._status_polls = 0
        elif mechanism == "draw":
            call_draw = client.enter_draw if action == "enter" else client.leave_draw
            await call_draw(distribution_id)
        elif mechanism == "timed_release":
            if action == "enter":
                await client.enter_timed_release(distribution_id, arguments.get("variant_id"))
            else:
                await client.leave_timed_release(distribution_id)
        elif mechanism == "auction":
            if action == "bid":
                await client.bid(distribution_id, arguments["amount"])
            else:
                # The consumer API has no auction leave; leaving the experience withdraws.
                await client.leave_experience(self._experience_id)
        elif action == "book":
            await client.book_appointment(
                distribution_id, arguments["slot_id"], arguments.get("location_id")
            )
        elif action == "cancel":
            display = owner.display  # type: ignore[attr-defined]
            if display.slot_id is None:
                raise JourneyError("There is no booked slot to cancel. Refresh the journey.")
            await client.cancel_appointment(
                distribution_id, display.slot_id, display.location_id, arguments.get("reason")
            )
        else:
            await client.reschedule_appointment(
                distribution_id, arguments["new_slot_id"], arguments.get("new_location_id")
            )

    async def _refresh_after_action(self) -> JourneyView:
        # The action succeeded; if the refresh fails the view goes stale, but the action does
        # not fail (a retry would repeat it), and polling catches up.
        try:
            await self._refresh_me()
        except FanfareError as exc:
            self._mark_degraded(exc)
        return self._view

    # -- talking to the server ---------------------------------------------------------------

    async def _route_and_build(self, access_code: str | None) -> JourneyView:
        route = await self._client.route(self._experience_id, access_code)
        self._remember_route(route)
        me = await self._client.get_me()
        return self._view_after_route(route, me)

    def _view_after_route(self, route: RouteResult, me: Any) -> JourneyView:
        self._waitlists = tuple(me.waitlists or ())
        projection = me.journey_for(self._experience_id)
        if route.outcome == "gated":
            # The route result's gates are typed and fresh; the projection's are untyped.
            self._projection = projection if isinstance(projection, GatedJourney) else None
            return self._bind(gated_view_from_route(self._context(), route))
        if isinstance(projection, RoutedJourney):
            self._projection = projection
            return self._build()
        if route.outcome == "no_access":
            self._projection = None
            reason = ", ".join(reason.code for reason in route.outcome_reasons) or None
            return self._bind(unavailable_view(self._context(), reason))
        raise JourneyError(
            "The server routed the journey but GET /consumers/me does not list it. Try again."
        )

    async def _refresh_me(self) -> None:
        me = await self._client.get_me()
        self._waitlists = tuple(me.waitlists or ())
        self._status_polls = 0
        projection = me.journey_for(self._experience_id)
        if projection is None:
            # Not listed (any more): keep what we showed, but fresh, rather than guessing.
            if not self._vanished_logged:
                logger.info("journey %s is not listed by the server", self._experience_id)
                self._vanished_logged = True
            self._publish(self._view.model_copy(update=self._common(self._clock.now())))
            return
        self._projection = projection
        self._publish(self._build())

    def _remember_route(self, route: RouteResult) -> None:
        self._offers = tuple(route.offers)
        for selection in [route.selected, *route.offers]:
            if selection is not None:
                self._priorities[selection.sequence.id] = selection.sequence.priority

    # -- views -------------------------------------------------------------------------------

    def _build(self, refreshed_at: datetime | None = None) -> JourneyView:
        """The view for what the server said last; fresh as of `refreshed_at` (default now)."""
        refreshed_at = refreshed_at or self._clock.now()
        if self._projection is None:
            return self._view.model_copy(update=self._common(refreshed_at))
        return self._bind(view_from_projection(self._context(refreshed_at), self._projection))

    def _rebuild_local(self) -> JourneyView:
        """A rebuild after a local change (claim, expiry): no fresher than the current view."""
        view = self._build(self._view.refreshed_at)
        return view.model_copy(update={"degraded": True}) if self._view.degraded else view

    def _context(self, refreshed_at: datetime | None = None) -> ViewContext:
        return ViewContext(
            experience_id=self._experience_id,
            refreshed_at=refreshed_at or self._clock.now(),
            stale_after_seconds=self._stale_after,
            queue_status=self._queue_status,
            waitlists=self._waitlists,
            offers=self._offers,
            claimed=frozenset(self._claimed),
            lapsed=frozenset(self._lapsed),
        )

    def _common(self, refreshed_at: datetime | None) -> dict[str, Any]:
        return {
            "experience_id": self._experience_id,
            "refreshed_at": refreshed_at,
            "degraded": False,
            "stale_after_seconds": self._stale_after,
        }

    def _bind(self, view: JourneyView) -> JourneyView:
        return view.bind(self)

    def _publish(self, view: JourneyView) -> None:
        previous = self._view
        self._view = view
        if _content(previous) == _content(view):
            return  # only `refreshed_at` moved: keep it quiet
        if self._connection_lost and not view.degraded:
            self._connection_lost = False
            self._add_event("info", "success", "Connection restored.")
        self._note_reroute(view)
        self._sync_expiry_timer(view)
        # A new phase is worth an info line; a moving queue position is not.
        level = logging.DEBUG if _describe(previous) == _describe(view) else logging.INFO
        logger.log(level, "journey %s: %s", self._experience_id, _describe(view))
        for callback in list(self._subscribers):
            try:
                callback(view)
            except Exception:
                logger.exception("a journey subscriber failed")
        self._changed.set()
        self._changed = asyncio.Event()

    def _mark_degraded(self, error: FanfareError) -> None:
        logger.warning("journey %s: refresh failed: %s", self._experience_id, error)
        if self._view.degraded:
            return
        self._connection_lost = True
        if isinstance(error, APIConnectionError | ServerError):
            message = "Connection lost. Showing the last known state while reconnecting."
        else:
            message = "The journey could not be refreshed. Showing the last known state."
        self._add_event("error", "error", message, error)
        self._publish(self._view.model_copy(update={"degraded": True}))

    def _note_reroute(self, view: JourneyView) -> None:
        if not isinstance(view, RoutedView) or view.sequence_id is None:
            return
        previous, current = self._last_routed_sequence, view.sequence_id
        self._last_routed_sequence = current
        if previous is None or previous == current:
            return
        direction = self._direction(previous, current)
        downgrade = direction == "downgrade"
        self._add_event(
            "reroute",
            "warning" if downgrade else "info",
            "Sequence downgraded" if downgrade else "Sequence changed",
            detail={"direction": direction, "from": previous, "to": current},
        )

    def _direction(self, previous: str, current: str) -> RerouteDirection:
        before, after = self._priorities.get(previous), self._priorities.get(current)
        if before is None or after is None:
            return "unknown"
        if after > before:
            return "upgrade"
        return "downgrade" if after < before else "lateral"

    def _add_event(
        self,
        kind: Any,
        severity: Any,
        message: str,
        error: Exception | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        detail = dict(detail or {})
        if error is not None:
            detail["error"] = type(error).__name__
        self._events.add(self._clock.now(), kind, severity, message, detail=detail)

    # -- grant expiry ------------------------------------------------------------------------

    def _sync_expiry_timer(self, view: JourneyView) -> None:
        sequence = view.sequence if isinstance(view, RoutedView) else None
        if not isinstance(sequence, GrantedSequence) or sequence.claimed or self._closed:
            self._cancel_expiry()
            return
        expires_at = sequence.expires_at
        key = grant_key(sequence.grant)
        if expires_at is None or key == self._expiry_key:
            return
        self._cancel_expiry()
        self._expiry_key = key
        self._expiry_task = asyncio.create_task(
            self._expire_grant(key, expires_at),
            name=f"fanfare-grant-expiry:{self._experience_id}",
        )

    async def _expire_grant(self, key: str, expires_at: datetime) -> None:
        delay = (expires_at - self._clock.now()).total_seconds()
        if delay > 0:
            await self._clock.sleep(delay)
        self._expiry_task = None
        self._expiry_key = None
        if key in self._claimed:
            return
        self._lapsed.add(key)
        self._add_event("info", "warning", "The grant expired before it was used.")
        self._publish(self._rebuild_local())

    def _cancel_expiry(self) -> None:
        if self._expiry_task is not None:
            self._expiry_task.cancel()
        self._expiry_task = None
        self._expiry_key = None

    # -- helpers -----------------------------------------------------------------------------

    def _require(self, owner: BoundModel, action: str) -> None:
        if self._closed:
            raise ActionUnavailableError(
                f"{action}() is unavailable: the journey was closed. Get a new journey."
            )
        target = _counterpart(owner, self._view)
        if target is None or not callable(getattr(target, action, None)):
            raise ActionUnavailableError(
                f"{action}() is no longer available: it was offered by a "
                f"{_describe_owner(owner)} view, but the journey is now "
                f"{_describe(self._view)}. Render the journey's current view and use the "
                "actions it offers."
            )

    def _set_started(self) -> None:
        if not self._started:
            self._started = True
            self._changed_state()

    def _changed_state(self) -> None:
        if self._on_change is not None:
            self._on_change()

    def _ensure_polling(self) -> None:
        if self._closed or (self._poll_task is not None and not self._poll_task.done()):
            return
        self._poll_task = asyncio.create_task(
            self._poller.run(), name=f"fanfare-poll:{self._experience_id}"
        )
        self._poll_task.add_done_callback(_log_task_failure)


def _counterpart(owner: BoundModel, current: JourneyView) -> BoundModel | None:
    """The object in `current` that plays `owner`'s role, if it is still the same kind."""
    if isinstance(owner, JourneyViewBase):
        return current if type(current) is type(owner) else None
    sequence = current.sequence if isinstance(current, RoutedView) else None
    if isinstance(owner, SequenceViewBase):
        same = (
            type(sequence) is type(owner)
            and sequence is not None
            and sequence.sequence_id == owner.sequence_id
            and sequence.mechanism == owner.mechanism  # type: ignore[attr-defined]
        )
        return sequence if same else None
    if isinstance(owner, WaitlistAttachmentBase):
        waitlist = getattr(sequence, "waitlist", None)
        same = type(waitlist) is type(owner) and waitlist.waitlist_id == owner.waitlist_id
        return waitlist if same else None
    return None


def _describe(view: JourneyView) -> str:
    if not isinstance(view, RoutedView):
        return view.journey_stage
    sequence = view.sequence
    text = f"routed/{sequence.phase}"
    if sequence.mechanism is not None:
        text += f"/{sequence.mechanism}"
    return text + (" (stale)" if view.degraded else "")


def _describe_owner(owner: BoundModel) -> str:
    if isinstance(owner, JourneyViewBase):
        return _describe(owner)  # type: ignore[arg-type]
    if isinstance(owner, WaitlistAttachmentBase):
        return f"waitlist ({owner.status})"  # type: ignore[attr-defined]
    phase = getattr(owner, "phase", "?")
    mechanism = getattr(owner, "mechanism", None)
    return f"routed/{phase}" + (f"/{mechanism}" if mechanism else "")


def _content(view: JourneyView) -> tuple[Any, ...]:
    sequence = getattr(view, "sequence", None)
    return (type(view), type(sequence), view.model_dump(exclude={"refreshed_at"}))


def _log_task_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("journey task %s failed", task.get_name(), exc_info=task.exception())
