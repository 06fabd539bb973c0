"""The sign-in form of the `authentication` gate: a contact (phone or email), then the
one-time code sent to it; a right code routes the journey again."""

from __future__ import annotations

from typing import Literal

from kiosk.sdk import GatedView
from kiosk.session.actions import VisitPort
from kiosk.session.auth import (
    Authenticator,
    AuthUnavailableError,
    ExpiredCodeError,
    InvalidCodeError,
    TooManyCodesError,
)
from kiosk.session.keypad import edit

CONTACT_MAX = 64
OTP_MAX = 8

AuthStep = Literal["contact", "code"]
# "sending" / "checking": the venue has not answered yet (the screen says so while busy);
# "sent", "resent"; "invalid" (a wrong code), "expired" (send a new one), "wait" (the venue
# will not send another code yet); "unavailable"; "failed"
AuthFeedback = Literal[
    "",
    "sending",
    "checking",
    "sent",
    "resent",
    "invalid",
    "expired",
    "wait",
    "unavailable",
    "failed",
]


class OneTimeCodeForm:
    def __init__(self, visit: VisitPort, authenticator: Authenticator) -> None:
        self._visit = visit
        self._auth = authenticator
        self.step: AuthStep = "contact"
        self.contact = ""
        self.code = ""
        self.feedback: AuthFeedback = ""

    def type_key(self, key: str) -> None:
        if self.step == "contact":
            self.contact = edit(self.contact, key, CONTACT_MAX)
        else:
            self.code = edit(self.code, key, OTP_MAX)
        self.feedback = ""
        self._visit.changed()

    def set_auth_step(self, step: str) -> None:
        if step not in ("contact", "code"):
            return
        self.step = "contact" if step == "contact" else "code"
        self.code, self.feedback = "", ""
        self._visit.changed()

    def send_auth_code(self) -> None:
        """Send a code to the contact; on the code step, a new code ("Send a new code")."""
        contact = self.contact.strip()
        if not contact:
            return
        again = self.step == "code"

        async def send(_: GatedView) -> None:
            try:
                await self._auth.request_code(contact)
            except TooManyCodesError:
                self.feedback = "wait"
                return
            except AuthUnavailableError:
                self.feedback = "unavailable"
                return
            self.step, self.code, self.feedback = "code", "", "resent" if again else "sent"

        self.feedback = "sending"
        self._visit.act("request_code", GatedView, send)

    def verify_auth_code(self) -> None:
        contact, code = self.contact.strip(), self.code.strip()
        if not code:
            return

        async def verify(current: GatedView) -> None:
            try:
                await self._auth.verify_code(contact, code)
            except ExpiredCodeError:
                self.feedback, self.code = "expired", ""
                return
            except InvalidCodeError:
                self.feedback, self.code = "invalid", ""
                return
            except AuthUnavailableError:
                self.feedback = "unavailable"
                return
            await current.reroute()

        self.feedback = "checking"
        self._visit.act("verify_code", GatedView, verify)
