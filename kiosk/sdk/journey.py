# long module: one journey's actions and both update paths (poll and push) share its lock and view
"""`Journey`: one consumer's progress through one experience.

It publishes `JourneyView`s (render only from them), runs the actions those views offer,
keeps the view fresh from the server's event stream when it offers one and by polling
otherwise, marks it stale when neither brings news in time, and keeps a short list of
events for toasts. Its task scope holds three named tasks, the push and poll loops and the
grant expiry timer; `close()` cancels and awaits them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from kiosk.core.clock import Clock, within
from kiosk.core.tasks import TaskScope
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
from kiosk.sdk.events import EventKind, EventLog, JourneyEvent, Severity
from kiosk.sdk.expiry import GrantExpiry
from kiosk.sdk.fetched import Fetched
from kiosk.sdk.journey_ports import QueueWatch, journey_ports
from kiosk.sdk.polling import Poller, PollPolicy
from kiosk.sdk.push import Pusher, PushPolicy, PushTarget
from kiosk.sdk.reroutes import RerouteTracker
from kiosk.sdk.session_store import StoredJourney
from kiosk.sdk.view_identity import content, counterpart, describe, describe_owner
from kiosk.sdk.views import (
    UNSET,
    AccessCodeSubmitResult,
    BoundModel,
    GrantedSequence,
    JourneyView,
    ParticipatingQueue,
    ReadyView,
    RoutedView,
    RoutingView,
    Unset,
)
from kiosk.wire.projection import (
    AdmissionGrant,
    ConsumerMe,
    GatedJourney,
    RoutedJourney,
    WaitlistMembership,
)
from kiosk.wire.routing import RouteResult, RouteSelection

logger = logging.getLogger(__name__)

T = TypeVar("T")

POLL_TASK = "poll"
PUSH_TASK = "push"


class Journey:
    """Created by `Fanfare.journeys`; one per experience. Its views' `JourneyPort`."""

    def __init__(
        self,
        experience_id: str,
        *,
        client: ConsumerClient,
        clock: Clock,
        random: Callable[[], float],
        poll_policy: PollPolicy,
        stale_after_seconds: float,
        push_policy: PushPolicy | None = None,
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
        self._tasks = TaskScope(f"fanfare-journey:{experience_id}")
        self._poller = Poller(self, poll_policy, clock, random)
        self._policy = poll_policy
        self._push_policy = push_policy or PushPolicy(enabled=False)
        target = PushTarget(
            self._wants_updates,
            self._stream_opened,
            self._pushed,
            self._stream_alive,
            self._stream_lost,
        )
        self._pusher = Pusher(target, client.events, self._push_policy, clock, random)
        # True while the event stream is open: it, not polling, brings the news.
        self._streaming = False
        self._expiry = GrantExpiry(self._tasks, clock, self._grant_lapsed)
        self._events = EventLog()
        self._reroutes = RerouteTracker()
        self._subscribers: list[Callable[[JourneyView], None]] = []
        self._changed = asyncio.Event()
        # One action (or poll) at a time, so a double tap cannot send an action twice.
        self._lock = asyncio.Lock()
        # What the server said last; views are rebuilt from these.
        self._projection: GatedJourney | RoutedJourney | None = None
        self._offers: tuple[RouteSelection, ...] = ()
        self._waitlists: tuple[WaitlistMembership, ...] = ()
        self._queue = QueueWatch()
        self._ports = journey_ports(client, experience_id, self._queue)
        # The server's cadence hint from the last read this journey made, in seconds.
        self._poll_hint: float | None = None
        self._claimed: set[str] = set()
        self._lapsed: set[str] = set()
        self._connection_lost = False
        self._vanished_logged = False
        self._closed = False
        self._view: JourneyView = self._bind(ReadyView(**self._common(None)))

    def __repr__(self) -> str:
        return f"Journey(experience_id={self._experience_id!r}, view={describe(self._view)})"

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
        try:
            await within(self._clock, timeout, changed.wait())
        except TimeoutError:
            raise TimeoutError(f"the journey's view did not change within {timeout:g} s") from None
        return self._view

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
                me = self._heard(await self._client.fetch_me())
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
                self._reroutes.resumed_at(projection.sequence_id)
            self._set_started()
            self._publish(self._build())
        logger.info("resumed journey %s at %s", self._experience_id, describe(self._view))
        self._ensure_polling()
        return self._view

    async def close(self) -> None:
        """Stop polling and timers. The server keeps the journey; a later process can resume."""
        self._closed = True
        await self._tasks.aclose()
        self._changed.set()  # wake anyone waiting in next_view()

    # -- JourneyPort (called by views) -------------------------------------------------------

    def now(self) -> datetime:
        return self._clock.now()

    async def start(self, owner: BoundModel) -> JourneyView:
        return await self._run(owner, "start", self._start)

    async def reroute(self, owner: BoundModel, access_code: str | Unset | None) -> JourneyView:
        return await self._run(owner, "reroute", lambda: self._reroute(access_code))

    async def retry(self, owner: BoundModel) -> JourneyView:
        return await self._run(owner, "retry", self._retry)

    async def submit_access_code(
        self, owner: BoundModel, access_code: str
    ) -> AccessCodeSubmitResult:
        return await self._run(
            owner, "submit_access_code", lambda: self._submit_access_code(access_code)
        )

    async def change(
        self, owner: BoundModel, action: str, send: Callable[[], Awaitable[object]]
    ) -> JourneyView:
        async def send_and_refresh() -> JourneyView:
            await send()
            return await self._refresh_after_action()

        return await self._run(owner, action, send_and_refresh)

    def claim(self, owner: BoundModel) -> AdmissionGrant:
        self._require(owner, "claim")
        current = self._view
        assert isinstance(current, RoutedView) and isinstance(current.sequence, GrantedSequence)
        grant = current.sequence.grant
        self._claimed.add(grant_key(grant))
        self._expiry.cancel()
        if not current.sequence.claimed:
            self._publish(self._rebuild_local())
        logger.info("journey %s: grant claimed", self._experience_id)
        return grant

    # -- Pollable (called by the poll loop) --------------------------------------------------

    def poll_hint(self) -> float | None:
        return self._poll_hint

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
            and self._queue.status_polls < self._policy.full_refresh_every
        ):
            queue_id = sequence.distribution.id
            status = self._heard(await self._client.queues.fetch_status(queue_id))
            self._queue.latest = (queue_id, status)
            if status.status == "QUEUED":
                # Still queued: only the display moved. The projection is fetched when the
                # status category changes, or every `full_refresh_every` polls.
                self._queue.status_polls += 1
                self._publish(self._build())
                return
        await self._refresh_me()

    # -- actions -----------------------------------------------------------------------------

    async def _run(self, owner: BoundModel, action: str, work: Callable[[], Awaitable[T]]) -> T:
        """Run `work` for `owner`'s `action`: one at a time, only while the view offers it."""
        self._require(owner, action)
        async with self._lock:
            self._require(owner, action)  # the view may have moved on while we waited
            result = await work()
        self._ensure_polling()
        return result

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

    async def _reroute(self, access_code: str | Unset | None) -> JourneyView:
        if not isinstance(access_code, Unset):
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
            me = self._heard(await self._client.fetch_me())
            self._publish(self._view_after_route(route, me))
        except FanfareError as exc:
            self._mark_degraded(exc)
        return result

    async def _refresh_after_action(self) -> JourneyView:
        # The action succeeded; if the refresh fails the view goes stale, but the action does
        # not fail (a retry would repeat it), and polling catches up.
        try:
            await self._refresh_me()
        except FanfareError as exc:
            self._mark_degraded(exc)
        return self._view

    # -- talking to the server ---------------------------------------------------------------

    def _heard(self, fetched: Fetched[T]) -> T:
        """A read's value; its cadence hint sets the next poll."""
        self._poll_hint = fetched.poll_hint
        return fetched.value

    async def _route_and_build(self, access_code: str | None) -> JourneyView:
        route = await self._client.route(self._experience_id, access_code)
        self._remember_route(route)
        me = self._heard(await self._client.fetch_me())
        return self._view_after_route(route, me)

    def _view_after_route(self, route: RouteResult, me: ConsumerMe) -> JourneyView:
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
        self._apply_me(self._heard(await self._client.fetch_me()))

    def _apply_me(self, me: ConsumerMe) -> None:
        self._waitlists = tuple(me.waitlists or ())
        self._queue.status_polls = 0
        if self._streaming:
            # No status polls while streaming: the projection's position is the fresh one.
            self._queue.latest = None
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
        self._reroutes.remember(route)

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
            queue_status=self._queue.latest,
            waitlists=self._waitlists,
            offers=self._offers,
            claimed=frozenset(self._claimed),
            lapsed=frozenset(self._lapsed),
            ports=self._ports,
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
        view = self._with_cadence(view)
        previous = self._view
        self._view = view
        if content(previous) == content(view):
            return  # only `refreshed_at` moved: keep it quiet
        if self._connection_lost and not view.degraded:
            self._connection_lost = False
            self._add_event("info", "success", "Connection restored.")
        self._note_reroute(view)
        self._sync_expiry_timer(view)
        # A new phase is worth an info line; a moving queue position is not.
        level = logging.DEBUG if describe(previous) == describe(view) else logging.INFO
        logger.log(level, "journey %s: %s", self._experience_id, describe(view))
        for callback in list(self._subscribers):
            try:
                callback(view)
            except Exception:
                logger.exception("a journey subscriber failed")
        self._changed.set()
        self._changed = asyncio.Event()

    def _with_cadence(self, view: JourneyView) -> JourneyView:
        """`view` with the staleness threshold of its own poll cadence."""
        # While streaming, the heartbeat is the cadence: the same rule, one place.
        hint = self._push_policy.heartbeat_seconds if self._streaming else self._poll_hint
        stale_after = self._policy.stale_after(view, self._clock.now(), hint, self._stale_after)
        if view.stale_after_seconds == stale_after:
            return view
        return view.model_copy(update={"stale_after_seconds": stale_after})

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
        reroute = self._reroutes.routed_to(view.sequence_id)
        if reroute is None:
            return
        downgrade = reroute.direction == "downgrade"
        self._add_event(
            "reroute",
            "warning" if downgrade else "info",
            "Sequence downgraded" if downgrade else "Sequence changed",
            detail={
                "direction": reroute.direction,
                "from": reroute.previous,
                "to": reroute.current,
            },
        )

    def _add_event(
        self,
        kind: EventKind,
        severity: Severity,
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
            self._expiry.cancel()
            return
        self._expiry.watch(grant_key(sequence.grant), sequence.expires_at)

    def _grant_lapsed(self, key: str) -> None:
        if key in self._claimed:
            return
        self._lapsed.add(key)
        self._add_event("info", "warning", "The grant expired before it was used.")
        self._publish(self._rebuild_local())

    # -- helpers -----------------------------------------------------------------------------

    def _require(self, owner: BoundModel, action: str) -> None:
        if self._closed:
            raise ActionUnavailableError(
                f"{action}() is unavailable: the journey was closed. Get a new journey."
            )
        if counterpart(owner, self._view) is None:
            raise ActionUnavailableError(
                f"{action}() is no longer available: it was offered by a "
                f"{describe_owner(owner)} view, but the journey is now "
                f"{describe(self._view)}. Render the journey's current view and use the "
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
        """Keep news coming: the stream when the server offers one, polling until it is up."""
        if self._closed:
            return
        push = self._push_policy.enabled and not self._client.events.unavailable
        if push and not self._tasks.running(PUSH_TASK) and self._wants_updates():
            self._tasks.spawn(PUSH_TASK, self._pusher.run())
        if self._streaming or self._tasks.running(POLL_TASK):
            return
        self._tasks.spawn(POLL_TASK, self._poller.run())

    # -- the event stream (called by the push loop) ------------------------------------------

    def _wants_updates(self) -> bool:
        now = self._clock.now()
        return not self._closed and self._policy.interval_for(self._view, now, None) is not None

    async def _stream_opened(self) -> None:
        self._streaming = True
        self._tasks.cancel(POLL_TASK)
        async with self._lock:
            try:
                await self._refresh_me()  # resync: what changed while we were not listening
            except FanfareError as exc:
                self._mark_degraded(exc)
                return
            await self._follow_queue_status()

    async def _pushed(self, me: ConsumerMe) -> None:
        async with self._lock:
            self._apply_me(me)
            await self._follow_queue_status()

    async def _follow_queue_status(self) -> None:
        """The stream carries the queue position; the wait estimate and the display mode the
        venue chose come from the queue's status, read once per pushed change."""
        view = self._view
        sequence = view.sequence if isinstance(view, RoutedView) else None
        if not isinstance(sequence, ParticipatingQueue):
            return
        queue_id = sequence.distribution.id
        try:
            status = self._heard(await self._client.queues.fetch_status(queue_id))
        except FanfareError as exc:
            # The pushed view stands; only its estimate is missing until the next change.
            logger.info("queue status after a push failed: %s", exc)
            return
        self._queue.latest = (queue_id, status)
        self._publish(self._build())

    def _stream_alive(self) -> None:
        # During an action its own refresh brings the news (and a routing view must stay).
        if not self._streaming or self._lock.locked():
            return
        view, now = self._view, self._clock.now()
        last = view.refreshed_at
        if view.degraded or last is None or (now - last).total_seconds() >= 1.0:
            self._publish(self._build(now))

    def _stream_lost(self) -> None:
        if not self._streaming:
            self._ensure_polling()
            return
        self._streaming = False
        self._publish(self._view)  # back to the polling cadence for staleness
        self._ensure_polling()
