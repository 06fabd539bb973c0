"""The access-code form: the code that opens a gate, or an upgrade code on a routed screen."""

from __future__ import annotations

from typing import Literal

from kiosk.sdk import GatedView, RoutedView
from kiosk.session.actions import VisitPort
from kiosk.session.keypad import edit

CODE_MAX = 32

# "", "invalid" (still gated), "unchanged" (an upgrade code unlocked nothing), "accepted",
# or "gated" (the upgrade needs more than the code)
CodeFeedback = Literal["", "invalid", "unchanged", "accepted", "gated"]


class AccessCodeForm:
    def __init__(self, visit: VisitPort) -> None:
        self._visit = visit
        self.code = ""
        self.feedback: CodeFeedback = ""
        self.entry_open = False  # the upgrade-code keypad on a routed screen

    def type_key(self, key: str) -> None:
        self.code = edit(self.code, key, CODE_MAX).upper()
        self.feedback = ""
        self._visit.changed()

    def open_code_entry(self) -> None:
        if isinstance(self._visit.view, RoutedView):
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
        if isinstance(view, GatedView):

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
