"""The seam where a claimed grant leaves the kiosk: `GrantHandoff`.

The session calls `hand_off(grant, context)` once per claimed grant and shows what the
receipt says. The grant is sensitive: an implementation sends it to the store's POS (see
`kiosk.pos`, plugged in by the composition root) and returns only what the customer may see.
The default, `SeeStaffHandoff`, sends nothing anywhere and tells the customer to see staff
with a short reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from kiosk.pos.reference import random_code
from kiosk.sdk import AdmissionGrant

# Crockford's letters (readable aloud, no word spelled): one code for staff to look up.
SEE_STAFF_REFERENCE_LENGTH = 6

# What the granted screen says, by kind (the QML has one translated line per kind):
#   see_staff  "Show this reference to a member of staff" (+ reference)
#   go_to      "Go to {location}" (+ reference, e.g. an order number)
#   pending    "One moment: we are telling the staff" (the handoff has not answered yet)
#   failed     "Please see a member of staff" (the handoff failed; staff can help)
HandoffKind = Literal["see_staff", "go_to", "pending", "failed"]



@dataclass(frozen=True)
class HandoffContext:
    experience_id: str
    experience_name: str


@dataclass(frozen=True)
class HandoffReceipt:
    """What the customer may see after the handoff. Never holds the grant or its token."""

    kind: HandoffKind
    reference: str = ""
    location: str = ""


class GrantHandoff(Protocol):
    async def hand_off(self, grant: AdmissionGrant, context: HandoffContext) -> HandoffReceipt:
        """Deliver the claimed grant; return what to tell the customer."""
        ...


class SeeStaffHandoff:
    """The default: the grant goes nowhere; the customer shows a reference to staff."""

    async def hand_off(self, grant: AdmissionGrant, context: HandoffContext) -> HandoffReceipt:
        return HandoffReceipt(kind="see_staff", reference=random_code(SEE_STAFF_REFERENCE_LENGTH))
