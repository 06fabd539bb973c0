"""The session's grant handoff through the store's POS (`kiosk.pos`): the claimed grant goes
into the durable outbox first, then the customer is told where to go once the POS answers.

If the POS has not answered within `answer_within` seconds, the customer gets their reference
and is told the staff are being let know; the delivery worker keeps going in the background,
also after the visit is wiped and after a restart.
"""

from __future__ import annotations

import logging

from kiosk.core.clock import Clock, within
from kiosk.pos import Handoff, OutboxUnavailableError, PosOutbox
from kiosk.sdk import AdmissionGrant
from kiosk.session.handoff import HandoffContext, HandoffReceipt

logger = logging.getLogger(__name__)


class OutboxHandoff:
    def __init__(
        self,
        outbox: PosOutbox,
        *,
        kiosk_id: str,
        clock: Clock,
        answer_within: float = 20.0,
    ) -> None:
        self._outbox = outbox
        self._kiosk_id = kiosk_id
        self._clock = clock
        self._answer_within = answer_within

    async def hand_off(self, grant: AdmissionGrant, context: HandoffContext) -> HandoffReceipt:
        try:
            handoff = await self._outbox.submit(grant, kiosk_id=self._kiosk_id)
        except OutboxUnavailableError:
            # Nothing was written (disk full, say): the customer must see staff, and the log
            # says so for the staff; the grant is never logged.
            logger.error("POS outbox unavailable: the customer was sent to staff")
            return HandoffReceipt(kind="failed")
        final = await self._final_within(handoff)
        return receipt_for(final or handoff)

    async def _final_within(self, handoff: Handoff) -> Handoff | None:
        """The handoff once the POS answered, or None when it has not within the time."""
        try:
            return await within(self._clock, self._answer_within, self._outbox.wait(handoff.id))
        except TimeoutError:
            return None


def receipt_for(handoff: Handoff) -> HandoffReceipt:
    """What the granted screen says for a handoff in its current state."""
    if handoff.status == "acknowledged" and handoff.answer is not None:
        answer = handoff.answer
        if answer.register:
            return HandoffReceipt(
                kind="go_to",
                reference=answer.order_number or handoff.reference,
                location=answer.register,
            )
        return HandoffReceipt(kind="see_staff", reference=handoff.reference)
    if handoff.status in ("expired", "failed"):
        return HandoffReceipt(kind="failed", reference=handoff.reference)
    return HandoffReceipt(kind="pending", reference=handoff.reference)
