"""Receipts: the reference and its QR code, never the grant; at most one print per handoff."""

from __future__ import annotations

import pytest

from kiosk.pos import PosAnswer, PosOutbox, ReceiptPrinter, render_receipt
from tests.pos.conftest import KIOSK_ID, GrantDesk
from tests.pos.fakes import FakeEscposPrinter, FakeSteppingClock


@pytest.fixture
async def acknowledged(outbox: PosOutbox, grants: GrantDesk):
    grant = await grants.issue()
    handoff = await outbox.submit(grant, kiosk_id=KIOSK_ID)
    outbox.acknowledge(
        handoff.id, PosAnswer("Go to register 3.", register="3", order_number="0042")
    )
    return grant, outbox.require(handoff.id)


async def test_the_receipt_carries_the_reference_and_the_pos_answer_never_the_grant(
    outbox: PosOutbox, acknowledged, clock: FakeSteppingClock, tmp_path
) -> None:
    from escpos.printer import File

    grant, handoff = acknowledged
    device = tmp_path / "printer.bin"
    printer = ReceiptPrinter(outbox, lambda: File(str(device)), clock=clock, title="Drop Day")

    result = await printer.print_handoff(handoff.id)

    assert (result.status, result.show_on_screen) == ("printed", False)
    job = device.read_bytes()
    assert handoff.reference.encode() in job
    assert b"Register 3" in job and b"Order 0042" in job and b"Drop Day" in job
    assert b"\x1dv0" in job  # the QR code, as a raster image
    assert grant.token.encode() not in job
    assert grant.token.split(".")[1][:16].encode() not in job
    assert outbox.require(handoff.id).print_state == "printed"


async def test_a_native_qr_code_encodes_only_the_reference(acknowledged) -> None:
    grant, handoff = acknowledged

    job = render_receipt(handoff, "Fanfare", handoff.created_at, native_qr=True)

    assert b"\x1d(k" in job  # the printer draws the QR code itself
    assert handoff.reference.encode() in job
    assert grant.token.encode() not in job


async def test_a_handoff_is_printed_once_even_if_asked_twice(
    outbox: PosOutbox, acknowledged, clock: FakeSteppingClock
) -> None:
    _, handoff = acknowledged
    device = FakeEscposPrinter()
    printer = ReceiptPrinter(outbox, lambda: device, clock=clock)

    first = await printer.print_handoff(handoff.id)
    second = await printer.print_handoff(handoff.id)

    assert first.status == "printed"
    assert (second.status, second.code, second.show_on_screen) == (
        "not_printed",
        "ALREADY_PRINTED",
        True,
    )
    assert len(device.jobs) == 1


async def test_paper_out_is_reported_prints_nothing_and_can_be_printed_after_a_refill(
    outbox: PosOutbox, acknowledged, clock: FakeSteppingClock
) -> None:
    _, handoff = acknowledged
    device = FakeEscposPrinter(paper=0)
    printer = ReceiptPrinter(outbox, lambda: device, clock=clock)

    out = await printer.print_handoff(handoff.id)

    assert (out.status, out.code, out.show_on_screen) == ("not_printed", "PAPER_OUT", True)
    assert "out of paper" in out.message and "reference code" in out.message
    assert device.jobs == []
    assert outbox.require(handoff.id).print_state == "failed"

    device.paper = 2
    refilled = await printer.print_handoff(handoff.id)
    again = await printer.print_handoff(handoff.id)
    assert refilled.status == "printed"
    assert again.code == "ALREADY_PRINTED"
    assert len(device.jobs) == 1


async def test_a_printer_failing_mid_job_is_never_reprinted(
    outbox: PosOutbox, acknowledged, clock: FakeSteppingClock
) -> None:
    _, handoff = acknowledged
    device = FakeEscposPrinter(fail_on_print=True)
    printer = ReceiptPrinter(outbox, lambda: device, clock=clock)

    failed = await printer.print_handoff(handoff.id)
    device.fail_on_print = False
    retried = await printer.print_handoff(handoff.id)

    assert (failed.status, failed.code, failed.show_on_screen) == (
        "not_printed",
        "PRINTER_ERROR",
        True,
    )
    assert retried.code == "ALREADY_PRINTED"
    assert len(device.jobs) == 1  # the half job; no second copy
    assert outbox.require(handoff.id).print_state == "uncertain"


async def test_an_offline_or_missing_printer_falls_back_to_the_screen(
    outbox: PosOutbox, acknowledged, clock: FakeSteppingClock
) -> None:
    _, handoff = acknowledged

    def unplugged():
        raise OSError("no such device")

    offline = await ReceiptPrinter(
        outbox, lambda: FakeEscposPrinter(online=False), clock=clock
    ).print_handoff(handoff.id)
    missing = await ReceiptPrinter(outbox, unplugged, clock=clock).print_handoff(handoff.id)

    assert (offline.code, offline.show_on_screen) == ("PRINTER_OFFLINE", True)
    assert (missing.code, missing.show_on_screen) == ("PRINTER_OFFLINE", True)
    assert outbox.require(handoff.id).print_state == "failed"


async def test_a_handoff_still_pending_prints_its_reference_alone(
    outbox: PosOutbox, grants: GrantDesk, clock: FakeSteppingClock
) -> None:
    handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
    device = FakeEscposPrinter()

    result = await ReceiptPrinter(outbox, lambda: device, clock=clock).print_handoff(handoff.id)

    assert result.status == "printed"
    assert handoff.reference.encode() in device.jobs[0]
    assert b"Register" not in device.jobs[0]
