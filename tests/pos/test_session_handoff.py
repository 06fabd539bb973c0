"""The session's handoff through the POS outbox: what the customer is told in each case."""

from __future__ import annotations

from kiosk.pos import OutboxUnavailableError, PosDeliveryWorker, PosOutbox
from kiosk.session.handoff import HandoffContext
from kiosk.session.pos_handoff import OutboxHandoff
from tests.pos.conftest import KIOSK_ID, REGISTERS, GrantDesk
from tests.pos.fakes import FakeLink, FakeSteppingClock, drive

CONTEXT = HandoffContext(experience_id="exp", experience_name="Drop")


async def test_an_acknowledged_handoff_sends_the_customer_to_a_register(
    grants: GrantDesk, outbox: PosOutbox, worker: PosDeliveryWorker, clock: FakeSteppingClock
) -> None:
    worker.start()
    handoff = OutboxHandoff(outbox, kiosk_id=KIOSK_ID, clock=clock)
    grant = await grants.issue()

    receipt = await drive(clock, handoff.hand_off(grant, CONTEXT))

    assert receipt.kind == "go_to"
    assert receipt.location in REGISTERS
    assert receipt.reference
    assert grant.token not in repr(receipt)


async def test_while_the_bridge_is_down_the_customer_keeps_a_reference_and_it_is_delivered_later(
    grants: GrantDesk,
    outbox: PosOutbox,
    worker: PosDeliveryWorker,
    bridge_link: FakeLink,
    clock: FakeSteppingClock,
) -> None:
    bridge_link.down = True
    worker.start()
    handoff = OutboxHandoff(outbox, kiosk_id=KIOSK_ID, clock=clock, answer_within=5)
    grant = await grants.issue()

    receipt = await drive(clock, handoff.hand_off(grant, CONTEXT))
    assert receipt.kind == "pending"
    (pending,) = outbox.pending()
    assert pending.reference == receipt.reference

    bridge_link.down = False
    final = await drive(clock, outbox.wait(pending.id))
    assert final.status == "acknowledged"


async def test_a_full_disk_sends_the_customer_to_staff(
    grants: GrantDesk, clock: FakeSteppingClock
) -> None:
    """The outbox's own disk-full behaviour is tested with the outbox; here, the session's
    answer to it: see staff, and nothing pretends the POS was told."""
    grant = await grants.issue()
    handoff = OutboxHandoff(FullDiskOutbox(), kiosk_id=KIOSK_ID, clock=clock)  # type: ignore[arg-type]
    receipt = await handoff.hand_off(grant, CONTEXT)
    assert receipt.kind == "failed"


class FullDiskOutbox:
    async def submit(self, grant: object, *, kiosk_id: str) -> object:
        raise OutboxUnavailableError("database or disk is full")
