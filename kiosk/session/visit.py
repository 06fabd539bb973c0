"""`Visit`: one customer's objects, and the one action at a time they run on the journey.

A visit holds the SDK (`Fanfare`) and the journey it made, its own task scope, the forms the
customer fills, and what the grant handoff answered. The coordinator drops it whole on reset,
so nothing of the customer stays reachable.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from types import UnionType
from typing import Any, TypeVar

from kiosk.core.clock import Clock, within
from kiosk.core.tasks import TaskScope
from kiosk.sdk import (
    ActionUnavailableError,
    APIConnectionError,
    APIStatusError,
    ConflictError,
    Fanfare,
    FanfareError,
    GrantedSequence,
    JourneyView,
    ReadyView,
    RoutedView,
)
from kiosk.session.actions import JourneyActions, Leavable, Retryable
from kiosk.session.auth import Authenticator, SdkAuthenticator
from kiosk.session.catalog import ExperienceChoice
from kiosk.session.forms import AccessCodeForm, BidForm, OneTimeCodeForm, SlotPicker
from kiosk.session.handoff import GrantHandoff, HandoffContext, HandoffReceipt
from kiosk.session.presenter import ErrorKind, VisitData
from kiosk.session.settings import SessionSettings
from kiosk.session.slots import SlotSource

logger = logging.getLogger(__name__)

LEAVE_TIMEOUT_SECONDS = 10.0

View = TypeVar("View")


class Visit:
    def __init__(
        self,
        experience: ExperienceChoice,
        fanfare: Fanfare,
        *,
        settings: SessionSettings,
        clock: Clock,
        handoff: GrantHandoff,
        authenticator: Authenticator | None,
        slot_source: SlotSource,
        changed: Callable[[], None],
        settled: Callable[[Visit], None],
    ) -> None:
        self.experience = experience
        self.fanfare = fanfare
        self.journey = fanfare.journeys.get(experience.id)
        self.scope = TaskScope(f"visit:{experience.id}")
        self._settings = settings
        self._clock = clock
        self._handoff = handoff
        self._changed = changed
        self._settled = settled
        self.busy = False
        # The action in flight ("start", "enter", "bid", ...): its button shows the spinner.
        self.pending = ""
        self.error: ErrorKind = ""
        self._next_retry = 0.0
        self.receipt: HandoffReceipt | None = None
        self._handoff_started = False
        self.actions = JourneyActions(self)
        self.access_code = AccessCodeForm(self, self._entry_resumer(fanfare, experience))
        # No authenticator given: sign in through this visit's own SDK.
        self.one_time_code = OneTimeCodeForm(self, authenticator or SdkAuthenticator(fanfare))
        self.bid = BidForm(self)
        self.slots = SlotPicker(self, slot_source)
        self._unsubscribe = self.journey.subscribe(self._on_view)

    @staticmethod
    def _entry_resumer(
        fanfare: Fanfare, experience: ExperienceChoice
    ) -> Callable[[str], Awaitable[object]] | None:
        """How this visit comes back to a draw entry by its reference (None: no draw)."""
        if not experience.resumes_draw_entries:
            return None

        async def resume(reference: str) -> object:
            return await fanfare.auth.resume_draw_entry(experience.id, reference)

        return resume

    @property
    def view(self) -> JourneyView:
        return self.journey.view

    def data(self) -> VisitData:
        """What the presenter needs of this visit: the view and what the customer typed."""
        code, otp, bid, slots = self.access_code, self.one_time_code, self.bid, self.slots
        return VisitData(
            experience=self.experience,
            view=self.journey.view,
            busy=self.busy,
            busy_action=self.pending,
            error=self.error,
            code=code.code,
            code_feedback=code.feedback,
            code_entry_open=code.entry_open,
            auth_step=otp.step,
            auth_contact=otp.contact,
            auth_code=otp.code,
            auth_feedback=otp.feedback,
            bid=bid.amount,
            bid_feedback=bid.feedback,
            paid=bid.paid,
            day=slots.day,
            slot_id=slots.slot_id,
            rescheduling=slots.rescheduling,
            slots=slots.slots,
            receipt=self.receipt,
        )

    # -- the visit's one action ----------------------------------------------------------------

    def act(
        self,
        name: str,
        kind: type[View] | UnionType,
        call: Callable[[View], Awaitable[object]],
        *,
        clear: bool = False,
    ) -> None:
        if self.busy and not clear:
            return  # one action at a time: a second tap does not send a second request
        view = self.journey.view
        if not isinstance(view, kind):
            logger.info("%s() ignored: the journey is %s now", name, view.journey_stage)
            return
        self.busy = True
        self.pending = name
        self._changed()
        self.scope.spawn("action", self._run(name, call, view))

    def spawn(self, name: str, work: Coroutine[Any, Any, None]) -> None:
        self.scope.spawn(name, work)

    def changed(self) -> None:
        self._changed()

    def retry_when_due(self) -> None:
        """Offline: try again every `offline_retry_seconds` until the server answers."""
        now = self._clock.monotonic()
        if self.error != "offline" or self.busy or now < self._next_retry:
            return
        self._next_retry = now + self._settings.offline_retry_seconds
        if not isinstance(self.journey.view, ReadyView):

            async def retry(view: Retryable) -> None:
                await view.retry()

            self.act("retry", Retryable, retry)

    async def _run(self, name: str, call: Callable[[View], Awaitable[object]], view: View) -> None:
        try:
            await call(view)
        except ActionUnavailableError:
            logger.info("%s() was no longer offered; showing the current view", name)
        except ConflictError as exc:
            # The venue moved on before the tap reached it (a release sold out under the
            # finger): show where the journey is now, as the refusal says, if it moved.
            logger.warning("%s() refused: %s", name, exc)
            self.error = "" if await self._moved_on(view) else "failed"
        except APIConnectionError as exc:
            logger.warning("%s() failed: cannot reach the server (%s)", name, type(exc).__name__)
            self.error = "offline"
            self._next_retry = self._clock.monotonic() + self._settings.offline_retry_seconds
        except (APIStatusError, FanfareError) as exc:
            logger.warning("%s() failed: %s", name, exc)
            self.error = "failed"
        except Exception:
            logger.exception("%s() failed unexpectedly", name)
            self.error = "failed"
        else:
            self.error = ""
        finally:
            self.busy = False
            self.pending = ""
            self._settled(self)

    async def _moved_on(self, view: object) -> bool:
        """Whether the journey, fetched again, is in another state than `view` (its phase and
        mechanism: one view class each)."""
        try:
            now = await self.journey.refresh()
        except FanfareError as exc:
            logger.warning("refresh after a refusal failed: %s", type(exc).__name__)
            return False

        def shape(seen: object) -> tuple[type, type]:
            return type(seen), type(getattr(seen, "sequence", None))

        return shape(now) != shape(view)

    def _on_view(self, view: JourneyView) -> None:
        if not view.degraded and self.error == "offline" and not self.busy:
            self.error = ""  # the connection is back: show the journey again
        self._settled(self)

    # -- what follows from a view ------------------------------------------------------------

    def follow(self) -> None:
        """Start what a new view calls for: the grant handoff, the appointment slots."""
        view = self.journey.view
        sequence = view.sequence if isinstance(view, RoutedView) else None
        if isinstance(sequence, GrantedSequence) and not self._handoff_started:
            self._handoff_started = True
            self.scope.spawn("handoff", self._hand_off())
        if sequence is not None:
            self.slots.follow(sequence)

    async def _hand_off(self) -> None:
        view = self.journey.view
        sequence = view.sequence if isinstance(view, RoutedView) else None
        if not isinstance(sequence, GrantedSequence):
            return
        context = HandoffContext(self.experience.id, self.experience.name)
        try:
            grant = sequence.claim()
        except FanfareError as exc:
            logger.warning("could not claim the grant: %s", type(exc).__name__)
            self.receipt = HandoffReceipt(kind="failed")
            self._changed()
            return
        try:
            receipt = await self._handoff.hand_off(grant, context)
        except Exception as exc:  # never log the grant: only what kind of failure it was
            logger.error("grant handoff failed: %s", type(exc).__name__)
            receipt = HandoffReceipt(kind="failed")
        finally:
            del grant
        logger.info("grant handed off (%s)", receipt.kind)
        self.receipt = receipt
        self._changed()

    # -- the end ------------------------------------------------------------------------------

    async def close(self) -> None:
        """Stop the visit's tasks and close the SDK; the consumer session stays stored, so a
        restarted kiosk resumes the visit."""
        self._unsubscribe()
        await self.scope.aclose()
        await self.fanfare.aclose()

    async def wipe(self, *, leave: bool, forget: Callable[[], None]) -> None:
        """End the visit for good: stop its tasks, give the place back when asked, log out
        (or `forget` the stored session when that fails), close the SDK."""
        self._unsubscribe()
        await self.scope.aclose()
        if leave:
            await self._leave_quietly()
        try:
            await self.fanfare.logout()
        except Exception:
            logger.exception("logout failed; deleting the stored session anyway")
            forget()
        await self.fanfare.aclose()

    async def _leave_quietly(self) -> None:
        view = self.journey.view
        sequence = view.sequence if isinstance(view, RoutedView) else None
        if not isinstance(sequence, Leavable):
            return
        try:
            await within(self._clock, LEAVE_TIMEOUT_SECONDS, sequence.leave())
            logger.info("left the %s for a customer who walked away", sequence.mechanism)
        except (FanfareError, TimeoutError) as exc:
            logger.warning("could not leave cleanly: %s", type(exc).__name__)
