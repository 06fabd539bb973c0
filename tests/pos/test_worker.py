"""The delivery worker: backoff, expiry, refusals, its task's life, and what it leaves behind."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

import pytest

from kiosk.pos import (
    DeliveryDeferred,
    DeliveryPolicy,
    DeliveryRefused,
    PosAnswer,
    PosDeliveryWorker,
    PosOutbox,
)
from kiosk.pos.protocol import HandoffRequest
from kiosk.venue.service import VenueService
from tests.conftest import make_queue
from tests.pos.conftest import KIOSK_ID, GrantDesk
from tests.pos.fakes import FakeLink, FakeSteppingClock, drive, run_until, settle


class FakeTransport:
    """A transport that answers from a script: an answer, or an error to raise."""

    def __init__(self, *script: PosAnswer | Exception) -> None:
        self.script = list(script)
        self.requests: list[HandoffRequest] = []
        self.at: list[float] = []

    async def deliver(self, request: HandoffRequest) -> PosAnswer:
        self.requests.append(request)
        step = self.script.pop(0) if self.script else PosAnswer("ok")
        if isinstance(step, Exception):
            raise step
        return step

    async def aclose(self) -> None:
        return None


def unreachable() -> DeliveryDeferred:
    return DeliveryDeferred("BRIDGE_UNREACHABLE", "The POS bridge is not reachable; still trying.")


def test_backoff_doubles_is_capped_and_jittered() -> None:
    policy = DeliveryPolicy(base_delay=0.5, max_delay=15.0)

    delays = [policy.backoff(n, lambda: 0.5) for n in range(1, 9)]

    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 15.0, 15.0]
    assert policy.backoff(1, lambda: 0.0) == 0.375
    assert policy.backoff(1, lambda: 1.0) == 0.625


async def test_retries_follow_the_backoff_and_the_bridges_retry_after(
    outbox: PosOutbox, grants: GrantDesk, clock: FakeSteppingClock
) -> None:
    transport = FakeTransport(
        unreachable(),
        unreachable(),
        DeliveryDeferred("VENUE_UNAVAILABLE", "venue down", retry_after=7),
        PosAnswer("Go to register 2", register="2"),
    )
    times: list[float] = []
    original = transport.deliver

    async def timed(request: HandoffRequest) -> PosAnswer:
        times.append(clock.monotonic())
        return await original(request)

    transport.deliver = timed  # type: ignore[method-assign]
    worker = PosDeliveryWorker(outbox, transport, clock=clock, random=lambda: 0.5)
    handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
    worker.start()
    try:
        final = await drive(clock, outbox.wait(handoff.id))
    finally:
        await worker.aclose()

    gaps = [round(b - a, 3) for a, b in itertools.pairwise(times)]
    assert gaps == [0.5, 1.0, 7.0]
    assert final.answer == PosAnswer("Go to register 2", register="2")
    assert final.attempts == 4
    assert {r.idempotency_key for r in transport.requests} == {handoff.id}


async def test_a_grant_that_expires_while_undelivered_sends_the_customer_to_staff(
    outbox: PosOutbox,
    worker: PosDeliveryWorker,
    grants: GrantDesk,
    service: VenueService,
    bridge_link: FakeLink,
    clock: FakeSteppingClock,
) -> None:
    grant = await grants.issue(
        make_queue(service, admit_rate=100_000, admission_expiration_seconds=90)
    )
    bridge_link.down = True
    handoff = await outbox.submit(grant, kiosk_id=KIOSK_ID)
    worker.start()

    final = await drive(clock, outbox.wait(handoff.id))

    assert final.status == "expired" and final.see_staff
    assert final.failure is not None and final.failure.code == "GRANT_EXPIRED"
    assert "see a member of staff" in final.failure.message
    assert clock.now() >= handoff.expires_at
    assert clock.now() - handoff.expires_at < timedelta(seconds=16)  # noticed promptly
    assert outbox.delivery(handoff.id) is None


async def test_a_refusal_ends_the_handoff_at_once_with_its_code(
    outbox: PosOutbox, grants: GrantDesk, clock: FakeSteppingClock
) -> None:
    transport = FakeTransport(DeliveryRefused("GRANT_REVOKED", "This pass was cancelled by staff."))
    worker = PosDeliveryWorker(outbox, transport, clock=clock)
    handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
    worker.start()
    try:
        final = await drive(clock, outbox.wait(handoff.id))
    finally:
        await worker.aclose()

    assert (final.status, final.see_staff) == ("failed", True)
    assert final.failure is not None and final.failure.code == "GRANT_REVOKED"
    assert len(transport.requests) == 1


async def test_a_refusal_as_expired_is_reported_as_expired(
    outbox: PosOutbox, grants: GrantDesk, clock: FakeSteppingClock
) -> None:
    transport = FakeTransport(DeliveryRefused("GRANT_EXPIRED", "This pass has expired."))
    worker = PosDeliveryWorker(outbox, transport, clock=clock)
    handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
    worker.start()
    try:
        final = await drive(clock, outbox.wait(handoff.id))
    finally:
        await worker.aclose()

    assert final.status == "expired"


async def test_after_an_unanswered_request_it_asks_again_a_little_past_expiry(
    outbox: PosOutbox, grants: GrantDesk, service: VenueService, clock: FakeSteppingClock
) -> None:
    """The bridge may have accepted it: its record answers a repeat even after expiry."""
    grant = await grants.issue(
        make_queue(service, admit_rate=100_000, admission_expiration_seconds=5)
    )
    no_answer = DeliveryDeferred("BRIDGE_NO_ANSWER", "no answer", uncertain=True)
    transport = FakeTransport(*([no_answer] * 5), PosAnswer("Go to register 1", register="1"))
    worker = PosDeliveryWorker(outbox, transport, clock=clock, random=lambda: 0.5)
    handoff = await outbox.submit(grant, kiosk_id=KIOSK_ID)
    worker.start()
    try:
        final = await drive(clock, outbox.wait(handoff.id))
    finally:
        await worker.aclose()

    assert final.status == "acknowledged"
    assert clock.now() > handoff.expires_at


async def test_the_expiry_grace_is_bounded(
    outbox: PosOutbox, grants: GrantDesk, service: VenueService, clock: FakeSteppingClock
) -> None:
    grant = await grants.issue(
        make_queue(service, admit_rate=100_000, admission_expiration_seconds=5)
    )
    no_answer = DeliveryDeferred("BRIDGE_NO_ANSWER", "no answer", uncertain=True)
    transport = FakeTransport(*([no_answer] * 1000))
    policy = DeliveryPolicy(expiry_grace=60)
    worker = PosDeliveryWorker(outbox, transport, clock=clock, policy=policy, random=lambda: 0.5)
    handoff = await outbox.submit(grant, kiosk_id=KIOSK_ID)
    worker.start()
    try:
        final = await drive(clock, outbox.wait(handoff.id))
    finally:
        await worker.aclose()

    assert final.status == "expired"
    assert handoff.expires_at + timedelta(seconds=60) <= clock.now()
    assert clock.now() <= handoff.expires_at + timedelta(seconds=60 + 16)


async def test_a_transport_bug_is_logged_and_retried_not_fatal(
    outbox: PosOutbox, grants: GrantDesk, clock: FakeSteppingClock, caplog
) -> None:
    transport = FakeTransport(RuntimeError("boom"), PosAnswer("ok"))
    worker = PosDeliveryWorker(outbox, transport, clock=clock, random=lambda: 0.5)
    handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
    worker.start()
    try:
        final = await drive(clock, outbox.wait(handoff.id))
    finally:
        await worker.aclose()

    assert final.status == "acknowledged"
    assert "failed unexpectedly" in caplog.text


async def test_the_worker_idles_on_the_clock_and_wakes_for_a_new_handoff(
    outbox: PosOutbox, grants: GrantDesk, clock: FakeSteppingClock
) -> None:
    transport = FakeTransport()
    worker = PosDeliveryWorker(outbox, transport, clock=clock)
    worker.start()
    try:
        await settle()
        assert clock.next_deadline() == DeliveryPolicy().max_idle  # bounded idle
        handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
        await settle()
        assert outbox.require(handoff.id).status == "acknowledged"  # no time had to pass
    finally:
        await worker.aclose()


async def test_aclose_cancels_the_named_task_and_start_is_idempotent(
    outbox: PosOutbox, clock: FakeSteppingClock
) -> None:
    worker = PosDeliveryWorker(outbox, FakeTransport(), clock=clock, name="pos-delivery-K7")

    task = worker.start()
    assert worker.start() is task
    await settle()
    assert task.get_name() == "pos-delivery-K7"
    assert worker.running

    await worker.aclose()

    assert task.cancelled() and not worker.running
    await worker.aclose()  # twice is fine
    assert clock.sleepers == 0
    assert not [t for t in asyncio.all_tasks() if t.get_name().startswith("pos-delivery")]


async def test_final_handoffs_are_purged_after_the_retention(
    outbox: PosOutbox, grants: GrantDesk, clock: FakeSteppingClock
) -> None:
    worker = PosDeliveryWorker(outbox, FakeTransport(), clock=clock)
    handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
    worker.start()
    try:
        await drive(clock, outbox.wait(handoff.id))
        clock.advance(23 * 3600)
        await run_until(clock, lambda: clock.monotonic() > 1000 + 23 * 3600 + 3700)
        assert outbox.get(handoff.id) is not None
        await run_until(clock, lambda: outbox.get(handoff.id) is None, max_seconds=7200)
    finally:
        await worker.aclose()


def test_finish_takes_only_the_final_failure_states(outbox: PosOutbox) -> None:
    from kiosk.pos import Notice

    with pytest.raises(ValueError):
        outbox.finish("x", "acknowledged", Notice("X", "x"))


async def test_a_failing_pass_is_logged_and_the_loop_goes_on(
    outbox_path, grants: GrantDesk, clock: FakeSteppingClock, caplog
) -> None:
    class FlakyOutbox(PosOutbox):
        failures = 1

        def due(self, now, limit=64):  # type: ignore[override]
            if self.failures:
                self.failures -= 1
                raise RuntimeError("a bug")
            return super().due(now, limit)

    outbox = FlakyOutbox(outbox_path, clock=clock)
    worker = PosDeliveryWorker(outbox, FakeTransport(), clock=clock)
    try:
        handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
        worker.start()
        final = await drive(clock, outbox.wait(handoff.id))
    finally:
        await worker.aclose()
        outbox.close()

    assert final.status == "acknowledged"
    assert "delivery pass failed" in caplog.text
