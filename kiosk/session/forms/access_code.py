"""The access-code form: the code that opens a gate, an upgrade code on a routed screen, or
(on a draw's Ready screen) the entry reference a customer who walked away comes back with."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

from kiosk.sdk import (
    EntryReferenceNotFoundError,
    EntryReferenceRateLimitedError,
    EntryReferenceSpentError,
    GatedView,
    ReadyView,
    RoutedView,
)
from kiosk.session.actions import VisitPort
from kiosk.session.keypad import edit

CODE_MAX = 32

# "", "invalid" (still gated), "unchanged" (an upgrade code unlocked nothing), "accepted",
# or "gated" (the upgrade needs more than the code); for an entry reference: "not_found",
# "rate_limited" (too many wrong ones) or "spent" (the result was claimed or has lapsed)
CodeFeedback = Literal[
    "", "invalid", "unchanged", "accepted", "gated", "not_found", "rate_limited", "spent"
]
# Come back to a draw entry by its reference: the visit's session becomes that entry's.
ResumeEntry = Callable[[str], Awaitable[object]]


class AccessCodeForm:
    def __init__(self, visit: VisitPort, resume_entry: ResumeEntry | None = None) -> None:
        self._visit = visit
        self._resume_entry = resume_entry  # None: this experience has no entry references
        self.code = ""
        self.feedback: CodeFeedback = ""
        self.entry_open = False  # the upgrade-code keypad on a routed screen

    def type_key(self, key: str) -> None:
        self.code = edit(self.code, key, CODE_MAX).upper()
        self.feedback = ""
        self._visit.changed()

    def open_code_entry(self) -> None:
        view = self._visit.view
        if isinstance(view, RoutedView) or (
            isinstance(view, ReadyView) and self._resume_entry is not None
        ):
            self.entry_open, self.code, self.feedback = True, "", ""
            self._visit.changed()

    def close_code_entry(self) -> None:
        self.entry_open, self.code = False, ""
        self._visit.changed()

    def submit_code(self) -> None:
        code = self.code.strip()
        if not code:
            return
        view = self._visit.view
        if isinstance(view, ReadyView) and self.entry_open:
            self._resume(code)
        elif isinstance(view, GatedView):

            async def reroute(current: GatedView) -> None:
                after = await current.reroute(access_code=code)
                if isinstance(after, GatedView):
                    self.feedback = "invalid"
                else:  # the next screen confirms the code worked
                    self.code, self.feedback = "", "accepted"

            self._visit.act("reroute", GatedView, reroute)
        elif isinstance(view, RoutedView):

            async def submit(current: RoutedView) -> None:
                result = await current.submit_access_code(code)
                self.feedback = "accepted" if result.outcome == "advanced" else result.outcome
                if result.outcome != "unchanged":
                    self.code = ""
                    self.entry_open = False

            self._visit.act("submit_access_code", RoutedView, submit)

    def _resume(self, reference: str) -> None:
        """Become the consumer of the draw entry with `reference`, then start the journey: it
        routes to that entry, so the screen shows its result (or that it is still pending)."""
        resume = self._resume_entry
        if resume is None:
            return

        async def come_back(current: ReadyView) -> None:
            try:
                await resume(reference)
            except EntryReferenceNotFoundError:
                self.feedback = "not_found"
                return
            except EntryReferenceRateLimitedError:
                self.feedback = "rate_limited"
                return
            except EntryReferenceSpentError:
                self.feedback = "spent"
                return
            self.code, self.feedback, self.entry_open = "", "", False
            await current.start()

        self._visit.act("resume_entry", ReadyView, come_back)
