"""What the session sees of a handoff: an immutable snapshot, and the POS's answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

# pending       written to the outbox, not yet acknowledged (`notice` says why, if retrying)
# acknowledged  the POS accepted it: `answer` says where to go
# expired       the grant expired before the POS accepted it: see staff
# failed        the POS side refused it (`failure.code`), or it could not be sent: see staff
HandoffStatus = Literal["pending", "acknowledged", "expired", "failed"]
FINAL_STATUSES: frozenset[str] = frozenset({"acknowledged", "expired", "failed"})

# none       never printed
# printing   a print was started (recorded before any byte was sent)
# printed    the printer took the whole job
# failed     nothing reached the printer (paper out before printing, printer offline): may retry
# uncertain  the job may be partly printed: never printed again automatically
PrintState = Literal["none", "printing", "printed", "failed", "uncertain"]


@dataclass(frozen=True, slots=True)
class PosAnswer:
    """What the POS said: where to go and what to quote there."""

    message: str
    register: str | None = None
    order_number: str | None = None
    pos_handoff_id: str | None = None  # the bridge's id for this handoff

    def to_doc(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "register": self.register,
            "orderNumber": self.order_number,
            "posHandoffId": self.pos_handoff_id,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> PosAnswer:
        return cls(
            message=str(doc.get("message") or ""),
            register=doc.get("register"),
            order_number=doc.get("orderNumber"),
            pos_handoff_id=doc.get("posHandoffId"),
        )


@dataclass(frozen=True, slots=True)
class Notice:
    """A stable `code` (the UI translates by it) and an English `message` for logs and staff."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Handoff:
    """One grant on its way to the POS. Holds no grant token: the outbox keeps that."""

    id: str  # also the idempotency key sent with every delivery attempt
    reference: str  # short code for people, such as "K7-3F9Q"
    kiosk_id: str
    experience_id: str
    sequence_id: str
    distribution_type: str
    distribution_id: str
    created_at: datetime
    expires_at: datetime
    status: HandoffStatus
    attempts: int = 0
    notice: Notice | None = None  # while pending: why it has not got through yet
    answer: PosAnswer | None = None  # when acknowledged
    failure: Notice | None = None  # when expired or failed
    print_state: PrintState = "none"
    updated_at: datetime | None = None

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def see_staff(self) -> bool:
        """True when the customer should be sent to staff with their reference code."""
        return self.status in ("expired", "failed")
