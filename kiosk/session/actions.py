"""What a visit's parts need from the visit (`VisitPort`), and the journey's own commands.

Every command is typed against the SDK's view types: it names the view (and the sequence)
it acts on, and the visit runs it only while the journey shows that view. A sequence that
does not offer the action fails the action as before (the customer sees the error screen).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from types import UnionType
from typing import Any, Protocol, TypeVar

from kiosk.sdk import (
    EnterableAppointment,
    EnterableAuction,
    EnterableDraw,
    EnterableQueue,
    EnterableTimedRelease,
    GatedView,
    JourneyView,
    NotWaitlisted,
    ParticipatingAppointment,
    ParticipatingAuction,
    ParticipatingDraw,
    ParticipatingQueue,
    ParticipatingTimedRelease,
    ReadyView,
    RoutedView,
    ScheduledSequence,
    Waitlisted,
    WaitlistNotified,
)
from kiosk.session.presenter import ErrorKind

logger = logging.getLogger(__name__)

# The sequences that offer each action (the SDK's views carry an action only where it exists).
Enterable = EnterableQueue | EnterableDraw | EnterableTimedRelease
Leavable = ParticipatingQueue | ParticipatingDraw | ParticipatingTimedRelease | ParticipatingAuction
Biddable = EnterableAuction | ParticipatingAuction
Bookable = EnterableAppointment
Booked = ParticipatingAppointment
Retryable = GatedView | RoutedView

View = TypeVar("View")
Offered = TypeVar("Offered")


class VisitPort(Protocol):
    """A visit as its parts see it: the current view, one action at a time, publishing."""

    error: ErrorKind

    @property
    def view(self) -> JourneyView | None: ...

    def act(
        self,
        name: str,
        kind: type[View] | UnionType,
        call: Callable[[View], Awaitable[object]],
        *,
        clear: bool = False,
    ) -> None:
        """Run `call` on the view as the visit's one action, if the view is a `kind`."""
        ...

    def spawn(self, name: str, work: Coroutine[Any, Any, None]) -> None: ...

    def changed(self) -> None:
        """Something the screens show changed: publish."""
        ...


class Detached:
    """Where commands go when no customer is visiting: nowhere. Stateless."""

    error: ErrorKind = ""
    view: JourneyView | None = None

    def act(
        self, name: str, kind: object, call: Callable[[Any], Awaitable[object]], **_: Any
    ) -> None:
        logger.debug("%s() ignored: no visit", name)

    def spawn(self, name: str, work: Coroutine[Any, Any, None]) -> None:
        work.close()

    def changed(self) -> None:
        pass


DETACHED = Detached()


def offered(view: RoutedView, kind: type[Offered] | UnionType, action: str) -> Offered:
    """The view's sequence as a `kind`, or a failure naming the action it does not offer."""
    sequence = view.sequence
    if not isinstance(sequence, kind):
        raise TypeError(f"{action}() is not offered by a {sequence.phase} sequence")
    return sequence


def one_tap_entry(view: JourneyView) -> EnterableQueue | None:
    """The queue to enter straight after Start: a routed, enterable plain queue whose one
    action is a join that needs no input. Not with offers (the customer may have a code first);
    never an auction, appointment, draw or release (a bid, a slot, a choice or a commitment)."""
    if not isinstance(view, RoutedView) or view.offers:
        return None
    sequence = view.sequence
    return sequence if isinstance(sequence, EnterableQueue) else None


class JourneyActions:
    """The journey's commands that need no form: start, enter, leave, waitlist, retry."""

    def __init__(self, visit: VisitPort) -> None:
        self._visit = visit

    def start(self) -> None:
        async def start(view: ReadyView) -> None:
            started = await view.start()
            # Start means join when joining is all the view offers: no second tap on "Join".
            line = one_tap_entry(started)
            if line is not None:
                await line.enter()

        self._visit.act("start", ReadyView, start)

    def retry_gate(self) -> None:
        async def retry(view: GatedView) -> None:
            await view.retry()

        self._visit.act("retry", GatedView, retry)

    def enter(self) -> None:
        async def enter(view: RoutedView) -> None:
            sequence: Enterable = offered(view, Enterable, "enter")
            await sequence.enter()

        self._visit.act("enter", RoutedView, enter)

    def leave(self) -> None:
        async def leave(view: RoutedView) -> None:
            sequence: Leavable = offered(view, Leavable, "leave")
            await sequence.leave()

        self._visit.act("leave", RoutedView, leave)

    def join_waitlist(self) -> None:
        async def join(view: RoutedView) -> None:
            scheduled: ScheduledSequence = offered(view, ScheduledSequence, "join")
            if not isinstance(scheduled.waitlist, NotWaitlisted):
                raise TypeError("join() is not offered: no waitlist to join")
            await scheduled.waitlist.join()

        self._visit.act("join", RoutedView, join)

    def leave_waitlist(self) -> None:
        async def leave(view: RoutedView) -> None:
            scheduled: ScheduledSequence = offered(view, ScheduledSequence, "leave_waitlist")
            if not isinstance(scheduled.waitlist, Waitlisted | WaitlistNotified):
                raise TypeError("leave_waitlist() is not offered: not on the waitlist")
            await scheduled.waitlist.leave()

        self._visit.act("leave_waitlist", RoutedView, leave)

    def retry(self) -> None:
        """The error or offline screen's "Try again"."""
        if isinstance(self._visit.view, ReadyView):
            self._visit.error = ""
            self.start()
            return

        async def retry(view: Retryable) -> None:
            await view.retry()

        self._visit.act("retry", Retryable, retry, clear=True)
