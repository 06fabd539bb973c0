"""A granted customer's handoff, end to end in one process: kiosk outbox → bridge → venue."""

from __future__ import annotations

import re

import httpx

from kiosk.core.tasks import start_task
from kiosk.pos import PosDeliveryWorker, PosOutbox
from kiosk.pos_bridge.service import BridgeService
from tests.pos.conftest import KIOSK_ID, GrantDesk
from tests.pos.fakes import FakeLink, FakeSteppingClock, drive, settle


async def test_a_grant_reaches_the_pos_once_and_the_kiosk_shows_where_to_go(
    outbox: PosOutbox,
    worker: PosDeliveryWorker,
    grants: GrantDesk,
    venue_link: FakeLink,
    bridge_http: httpx.AsyncClient,
    pos_headers: dict[str, str],
    clock: FakeSteppingClock,
) -> None:
    grant = await grants.issue()
    worker.start()

    handoff = await outbox.submit(grant, kiosk_id=KIOSK_ID)
    final = await drive(clock, outbox.wait(handoff.id))

    assert re.fullmatch(r"K7-[0-9A-HJKMNP-TV-Z]{4}", handoff.reference)
    assert handoff.status == "pending"
    assert final.status == "acknowledged"
    assert not final.see_staff
    assert final.answer is not None
    assert (final.answer.register, final.answer.order_number) == ("1", "0001")
    assert final.answer.message == f"Go to register 1 and show reference {handoff.reference}."
    assert venue_link.count("/grants/redeem") == 1
    listed = (await bridge_http.get("/pos/handoffs", headers=pos_headers)).json()["data"]
    assert [(h["reference"], h["status"], h["kioskId"]) for h in listed] == [
        (handoff.reference, "pending", KIOSK_ID)
    ]
    assert listed[0]["redemption"]["experienceId"] == grant.experience_id
    assert "token" not in str(listed)


async def test_submit_is_durable_before_it_returns_and_delivery_happens_after(
    outbox: PosOutbox, outbox_path, grants: GrantDesk, clock: FakeSteppingClock
) -> None:
    grant = await grants.issue()

    handoff = await outbox.submit(grant, kiosk_id=KIOSK_ID)

    reopened = PosOutbox(outbox_path, clock=clock)
    try:
        saved = reopened.require(handoff.id)
        delivery = reopened.delivery(handoff.id)
    finally:
        reopened.close()
    assert saved == handoff
    assert (saved.status, saved.attempts) == ("pending", 0)
    assert saved.experience_id == grant.experience_id
    assert saved.distribution_id == grant.distribution_id
    assert delivery is not None and delivery.request.grant.token == grant.token
    assert delivery.request.idempotency_key == handoff.id


async def test_submitting_the_same_grant_twice_gives_the_same_handoff(
    outbox: PosOutbox, grants: GrantDesk
) -> None:
    grant = await grants.issue()

    first = await outbox.submit(grant, kiosk_id=KIOSK_ID)
    second = await outbox.submit(grant, kiosk_id=KIOSK_ID)

    assert first == second
    assert len(outbox.pending()) == 1


async def test_watch_reports_each_state_until_a_final_one(
    outbox: PosOutbox,
    worker: PosDeliveryWorker,
    grants: GrantDesk,
    bridge_link: FakeLink,
    clock: FakeSteppingClock,
) -> None:
    bridge_link.down = True
    handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
    seen: list[tuple[str, str | None]] = []

    async def follow() -> None:
        async for state in outbox.watch(handoff.id):
            seen.append((state.status, state.notice.code if state.notice else None))

    follower = start_task(follow(), name="follower")
    await settle()
    worker.start()
    for _ in range(3):
        await settle()
        clock.advance(clock.next_deadline() or 0)
    bridge_link.down = False
    await drive(clock, follower)

    assert seen[0] == ("pending", None)
    assert ("pending", "BRIDGE_UNREACHABLE") in seen
    assert seen[-1] == ("acknowledged", None)


async def test_each_kiosk_and_each_handoff_gets_its_own_order_number_and_register(
    outbox: PosOutbox,
    worker: PosDeliveryWorker,
    grants: GrantDesk,
    bridge: BridgeService,
    clock: FakeSteppingClock,
) -> None:
    worker.start()
    answers = []
    for _ in range(4):
        handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
        answers.append((await drive(clock, outbox.wait(handoff.id))).answer)

    assert [(a.register, a.order_number) for a in answers if a] == [
        ("1", "0001"),
        ("2", "0002"),
        ("3", "0003"),
        ("1", "0004"),
    ]
    assert len(bridge.handoffs("pending")) == 4
