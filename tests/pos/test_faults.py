"""The faults a store floor has, one test each: every handoff still reaches the POS once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import httpx
import pytest

from kiosk.pos import (
    HttpBridgeTransport,
    OutboxUnavailableError,
    PosDeliveryWorker,
    PosOutbox,
)
from kiosk.pos_bridge.service import BridgeService
from tests.pos.conftest import BRIDGE_URL, KIOSK_ID, KIOSK_TOKEN, GrantDesk
from tests.pos.fakes import FakeFullDiskConnection, FakeLink, FakeSteppingClock, drive, run_until


async def test_bridge_down_for_a_while_then_back_every_handoff_delivered_once(
    outbox: PosOutbox,
    worker: PosDeliveryWorker,
    grants: GrantDesk,
    bridge_link: FakeLink,
    venue_link: FakeLink,
    bridge: BridgeService,
    clock: FakeSteppingClock,
) -> None:
    bridge_link.down = True
    worker.start()
    handoffs = [await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID) for _ in range(3)]

    await run_until(clock, lambda: all(h.attempts >= 4 for h in outbox.pending()), max_seconds=60)
    waiting = outbox.pending()
    assert [h.status for h in waiting] == ["pending"] * 3
    assert {h.notice.code for h in waiting if h.notice} == {"BRIDGE_UNREACHABLE"}
    assert all("still trying" in h.notice.message for h in waiting if h.notice)

    bridge_link.down = False
    finals = [await drive(clock, outbox.wait(h.id)) for h in handoffs]

    assert [f.status for f in finals] == ["acknowledged"] * 3
    assert venue_link.count("/grants/redeem") == 3
    accepted = bridge.handoffs("pending")
    assert sorted(h["reference"] for h in accepted) == sorted(h.reference for h in handoffs)
    assert len({f.answer.order_number for f in finals if f.answer}) == 3


async def test_kiosk_restarted_after_the_claim_delivers_what_was_pending(
    outbox_path,
    grants: GrantDesk,
    transport: HttpBridgeTransport,
    venue_link: FakeLink,
    clock: FakeSteppingClock,
) -> None:
    grant = await grants.issue()
    before = PosOutbox(outbox_path, clock=clock)
    handoff = await before.submit(grant, kiosk_id=KIOSK_ID)
    before.begin_attempt(handoff.id)  # it died mid-request: the attempt is uncertain
    # ... the process dies here: no close(), no delivery.

    after = PosOutbox(outbox_path, clock=clock)
    worker = PosDeliveryWorker(after, transport, clock=clock, random=lambda: 0.5)
    try:
        worker.start()
        final = await drive(clock, after.wait(handoff.id))
    finally:
        await worker.aclose()
        after.close()
        before.close()

    assert final.status == "acknowledged"
    assert final.reference == handoff.reference
    assert venue_link.count("/grants/redeem") == 1


KILLED_KIOSK = textwrap.dedent(
    """
    import asyncio, json, os, signal, sys
    from datetime import datetime
    from kiosk.core.clock import FixedClock
    from kiosk.pos import PosOutbox
    from kiosk.wire.projection import AdmissionGrant

    async def main():
        grant = AdmissionGrant.model_validate(json.loads(sys.stdin.read()))
        clock = FixedClock(datetime.fromisoformat(sys.argv[2]))
        outbox = PosOutbox(sys.argv[1], clock=clock)
        handoff = await outbox.submit(grant, kiosk_id="K7")
        print(handoff.id, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

    asyncio.run(main())
    """
)


async def test_kiosk_killed_with_sigkill_after_the_claim_delivers_after_restart(
    outbox_path,
    grants: GrantDesk,
    transport: HttpBridgeTransport,
    venue_link: FakeLink,
    clock: FakeSteppingClock,
) -> None:
    grant = await grants.issue()
    outbox_path.parent.mkdir(parents=True, exist_ok=True)
    killed = subprocess.run(  # noqa: ASYNC221 - the test waits for this process on purpose
        # The child starts on the parent's (fake) clock: processes that share state share
        # one clock source, whatever today's date is.
        [sys.executable, "-c", KILLED_KIOSK, str(outbox_path), clock.now().isoformat()],
        input=json.dumps(grant.model_dump(mode="json", by_alias=True)),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=os.getcwd(),
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    handoff_id = killed.stdout.strip()

    outbox = PosOutbox(outbox_path, clock=clock)
    worker = PosDeliveryWorker(outbox, transport, clock=clock, random=lambda: 0.5)
    try:
        assert [h.id for h in outbox.pending()] == [handoff_id]
        worker.start()
        final = await drive(clock, outbox.wait(handoff_id))
    finally:
        await worker.aclose()
        outbox.close()

    assert final.status == "acknowledged"
    assert venue_link.count("/grants/redeem") == 1


async def test_venue_down_during_redemption_the_kiosk_keeps_waiting_with_a_clear_message(
    outbox: PosOutbox,
    worker: PosDeliveryWorker,
    grants: GrantDesk,
    venue_link: FakeLink,
    clock: FakeSteppingClock,
) -> None:
    handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
    venue_link.down = True
    worker.start()

    await run_until(clock, lambda: outbox.require(handoff.id).attempts >= 3, max_seconds=120)
    waiting = outbox.require(handoff.id)
    assert waiting.status == "pending" and not waiting.see_staff
    assert waiting.notice is not None and waiting.notice.code == "VENUE_UNAVAILABLE"
    assert waiting.notice.message == (
        "The POS cannot reach the venue server to check your pass; still trying."
    )
    assert len(venue_link.exchanges) >= 6  # each kiosk attempt was tried 3 times by the bridge

    venue_link.down = False
    final = await drive(clock, outbox.wait(handoff.id))

    assert final.status == "acknowledged"
    assert venue_link.count("/grants/redeem") == 1


async def test_duplicate_deliveries_are_one_redemption(
    outbox: PosOutbox,
    worker: PosDeliveryWorker,
    grants: GrantDesk,
    bridge_link: FakeLink,
    venue_link: FakeLink,
    bridge: BridgeService,
    clock: FakeSteppingClock,
) -> None:
    handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
    bridge_link.drop_answers = 2  # the bridge accepts it twice over; the kiosk never hears
    worker.start()

    final = await drive(clock, outbox.wait(handoff.id))

    assert final.status == "acknowledged"
    assert final.attempts == 3
    assert len([e for e in bridge_link.exchanges if e.path == "/handoffs"]) == 3
    assert venue_link.count("/grants/redeem") == 1
    assert len(bridge.handoffs("pending")) == 1
    assert final.answer is not None and final.answer.order_number == "0001"


async def test_duplicate_deliveries_from_two_workers_are_one_redemption(
    outbox_path,
    grants: GrantDesk,
    bridge_http: httpx.AsyncClient,
    venue_link: FakeLink,
    clock: FakeSteppingClock,
) -> None:
    """Two kiosk processes on one outbox (a restart overlapping the old process)."""
    first_box = PosOutbox(outbox_path, clock=clock)
    second_box = PosOutbox(outbox_path, clock=clock)
    handoff = await first_box.submit(await grants.issue(), kiosk_id=KIOSK_ID)
    workers = [
        PosDeliveryWorker(
            box, HttpBridgeTransport(BRIDGE_URL, KIOSK_TOKEN, http_client=bridge_http), clock=clock
        )
        for box in (first_box, second_box)
    ]
    try:
        for delivery_worker in workers:
            delivery_worker.start()
        finals = [await drive(clock, box.wait(handoff.id)) for box in (first_box, second_box)]
    finally:
        for delivery_worker in workers:
            await delivery_worker.aclose()
        first_box.close()
        second_box.close()

    assert {f.status for f in finals} == {"acknowledged"}
    assert venue_link.count("/grants/redeem") == 1


async def test_disk_full_on_the_kiosk_sends_the_customer_to_staff_and_loses_nothing(
    outbox_path, grants: GrantDesk, transport: HttpBridgeTransport, clock: FakeSteppingClock
) -> None:
    connections: list[FakeFullDiskConnection] = []

    def connect(path: str) -> sqlite3.Connection:
        connection = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, factory=FakeFullDiskConnection
        )
        connections.append(connection)
        return connection

    outbox = PosOutbox(outbox_path, clock=clock, connect=connect)
    worker = PosDeliveryWorker(outbox, transport, clock=clock, random=lambda: 0.5)
    try:
        earlier = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
        connections[0].full = True
        refused_grant = await grants.issue()

        with pytest.raises(OutboxUnavailableError) as raised:
            await outbox.submit(refused_grant, kiosk_id=KIOSK_ID)

        assert "disk is full" in str(raised.value)
        assert raised.value.customer_message == (
            "This kiosk could not save your pass. Please see a member of staff."
        )
        assert [h.id for h in outbox.pending()] == [earlier.id]  # nothing half-written
        # The worker cannot record its attempts either: it waits, and loses nothing.
        worker.start()
        await run_until(clock, lambda: clock.monotonic() > 1030, max_seconds=60)
        assert outbox.require(earlier.id).status == "pending"

        connections[0].full = False
        final = await drive(clock, outbox.wait(earlier.id))
        retried = await outbox.submit(refused_grant, kiosk_id=KIOSK_ID)
        retried_final = await drive(clock, outbox.wait(retried.id))
    finally:
        await worker.aclose()
        outbox.close()

    assert final.status == "acknowledged"
    assert retried_final.status == "acknowledged"


async def test_an_outbox_that_cannot_be_opened_is_a_typed_error(tmp_path, clock) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")

    with pytest.raises(OutboxUnavailableError, match="cannot open the POS outbox"):
        PosOutbox(blocker / "outbox.sqlite3", clock=clock)



HOUR = 3600.0


@pytest.mark.parametrize(
    ("wrong_by", "corrected_by"),
    [(0.0, -6 * HOUR), (-6 * HOUR, 6 * HOUR)],
    ids=["stepped-back", "stepped-forward"],
)
async def test_a_kiosk_clock_corrected_by_hours_after_the_save_still_delivers_at_once(
    outbox_path,
    grants: GrantDesk,
    transport: HttpBridgeTransport,
    venue_link: FakeLink,
    bridge_link: FakeLink,
    clock: FakeSteppingClock,
    wrong_by: float,
    corrected_by: float,
) -> None:
    """An NTP correction between a failed attempt and the next must not strand a handoff
    until its grant expires. Stepped back, the retry looks hours away (it is skew: no backoff
    is that long); stepped forward, it is simply due."""
    kiosk_clock = FakeSteppingClock(start=clock.now())
    kiosk_clock.step_wall(wrong_by)
    outbox = PosOutbox(outbox_path, clock=kiosk_clock)
    worker = PosDeliveryWorker(outbox, transport, clock=kiosk_clock, random=lambda: 0.5)
    bridge_link.down = True
    try:
        handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
        worker.start()
        await run_until(kiosk_clock, lambda: outbox.require(handoff.id).attempts >= 1)
        kiosk_clock.step_wall(corrected_by)
        bridge_link.down = False
        before = kiosk_clock.monotonic()
        final = await drive(kiosk_clock, outbox.wait(handoff.id))
    finally:
        await worker.aclose()
        outbox.close()

    assert final.status == "acknowledged"
    assert kiosk_clock.monotonic() - before < 30  # at once: one backoff, not hours
    assert venue_link.count("/grants/redeem") == 1
