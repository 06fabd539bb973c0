"""The POS handoff's errors: one small hierarchy, each saying what failed and what to do.

Messages name handoffs by their id or reference code, never by the grant or a token.
"""

from __future__ import annotations


class PosError(Exception):
    """Base class of every error `kiosk.pos` raises."""


class OutboxUnavailableError(PosError):
    """The outbox could not save or read a handoff (disk full, read-only, corrupt file).

    Raised by `PosOutbox.submit()` before anything else happened: the handoff was not
    written, so nothing will be delivered. The kiosk tells the customer to see staff; the
    claimed grant is still valid at the venue server until it expires.
    """

    customer_message = "This kiosk could not save your pass. Please see a member of staff."


class UnknownHandoffError(PosError, LookupError):
    """No handoff with this id is in the outbox (never submitted, or purged)."""


class DeliveryError(PosError):
    """Raised by a transport when a handoff did not reach the POS.

    `code` is stable (the UI translates by it); `message` is for people.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class DeliveryRefused(DeliveryError):
    """The POS side answered, and the answer is no: retrying will not help.

    `code` is the bridge's refusal code (`GRANT_EXPIRED`, `GRANT_REPLAYED`, ...).
    """


class DeliveryDeferred(DeliveryError):
    """The handoff did not get through this time; try again later.

    `uncertain` is True when the request may have reached the POS side without its answer
    coming back (a timeout after sending): the handoff is then tried a little past the
    grant's expiry, because the bridge answers a repeat from its record.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        retry_after: float | None = None,
        uncertain: bool = False,
    ) -> None:
        super().__init__(code, message)
        self.retry_after = retry_after
        self.uncertain = uncertain


class ReceiptError(PosError):
    """A receipt could not be printed; `code` says why (`PAPER_OUT`, `PRINTER_OFFLINE`, ...)."""

    def __init__(self, code: str, message: str, *, sent: bool) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.sent = sent  # True when some of the job may have reached the printer
