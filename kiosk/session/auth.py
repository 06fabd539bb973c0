"""Sign-in for the `authentication` gate: a contact (phone or email), then a one-time code.

The session takes an `Authenticator`; by default it signs in through the visit's SDK
(`SdkAuthenticator`). `UnavailableAuthenticator` is for kiosks that must not sign anyone in:
the screen then sends the customer to staff rather than pretend.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.sdk import Fanfare
from kiosk.sdk.errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    RateLimitedError,
)


class AuthUnavailableError(Exception):
    """This kiosk cannot sign customers in."""


class InvalidCodeError(Exception):
    """The one-time code was wrong or expired."""


class ExpiredCodeError(InvalidCodeError):
    """The one-time code has expired (or was used up): a new one must be sent."""


class TooManyCodesError(Exception):
    """The venue will not send another code yet; `retry_after` says in how many seconds."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Authenticator(Protocol):
    @property
    def available(self) -> bool: ...

    async def request_code(self, contact: str) -> None:
        """Send a one-time code to `contact` (a phone number or an email address)."""
        ...

    async def verify_code(self, contact: str, code: str) -> None:
        """Check the code; raises `InvalidCodeError` when it is wrong."""
        ...


class UnavailableAuthenticator:
    available = False

    async def request_code(self, contact: str) -> None:
        raise AuthUnavailableError("sign-in is not available on this kiosk")

    async def verify_code(self, contact: str, code: str) -> None:
        raise AuthUnavailableError("sign-in is not available on this kiosk")


class SdkAuthenticator:
    """Sign-in through the journey SDK (`fanfare.auth`): the visit's guest consumer is
    upgraded in place, so their journey and place are kept."""

    available = True

    def __init__(self, fanfare: Fanfare) -> None:
        self._auth = fanfare.auth

    @staticmethod
    def _contact(contact: str) -> dict[str, str]:
        return {"email": contact} if "@" in contact else {"phone": contact}

    async def request_code(self, contact: str) -> None:
        try:
            await self._auth.request_otp(**self._contact(contact))
        except RateLimitedError as exc:
            raise TooManyCodesError(
                "too many codes asked for; try again shortly", exc.retry_after
            ) from exc
        except (BadRequestError, ConflictError) as exc:
            raise InvalidCodeError("that phone number or email address is not valid") from exc

    async def verify_code(self, contact: str, code: str) -> None:
        try:
            await self._auth.verify_otp(code, **self._contact(contact))
        except AuthenticationError as exc:
            if _error_name(exc) == "otp_expired":
                raise ExpiredCodeError("the code has expired; send a new one") from exc
            raise InvalidCodeError("the code is not right") from exc
        except (BadRequestError, ConflictError) as exc:
            raise InvalidCodeError("the code is not right") from exc


def _error_name(error: APIStatusError) -> str:
    """The spec's error name in a refusal's body (`otp_expired`, `otp_invalid`), if any."""
    body = error.body
    return str(body.get("error") or "") if isinstance(body, dict) else ""
