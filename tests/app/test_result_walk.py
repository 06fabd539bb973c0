"""The real app on the embedded venue: the granted screen's QR code, read from the frame a
customer sees, is the reference on screen, and never the grant's token."""

from __future__ import annotations

import zxingcpp
from PySide6.QtGui import QImage

from kiosk.session.handoff import HandoffReceipt
from tests.app.fakes import get
from tests.app.test_kiosk_app import embedded, running, settle
from tests.fakes import FakeClock
from tests.session.fakes import FakeHandoff


async def test_the_live_granted_qr_scans_as_the_reference_not_the_grant(qapp, tmp_path) -> None:
    clock = FakeClock()
    handoff = FakeHandoff(receipt=HandoffReceipt(kind="see_staff", reference="K7-3F9Q"))
    async with running(embedded(tmp_path), clock, handoff=handoff) as kiosk:
        await kiosk.tap_text("Sneaker drop: Aurora 1")
        await kiosk.tap("startButton")  # a plain line: Start also joins it
        await kiosk.until("granted")
        await settle()
        assert get(kiosk.window, "referenceValue").property("text") == "K7-3F9Q"
        assert get(kiosk.window, "productName").property("text") == "Sneaker drop: Aurora 1"

        frame = kiosk.window.grabWindow().convertToFormat(QImage.Format.Format_Grayscale8)
        decoded = [code.text for code in zxingcpp.read_barcodes(frame)]
        assert decoded == ["K7-3F9Q"]
        assert handoff.grants and handoff.grants[0].token not in decoded[0]
