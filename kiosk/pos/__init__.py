"""Grant handoff from a kiosk to the store's POS. No Qt; imports `kiosk.wire` models only.

    outbox = PosOutbox(data_dir / "pos-outbox.sqlite3", clock=clock)
    transport = HttpBridgeTransport(bridge_url, kiosk_token)       # or FileSpoolTransport
    worker = PosDeliveryWorker(outbox, transport, clock=clock)
    worker.start()                                                 # task "pos-delivery"

    handoff = await outbox.submit(grant, kiosk_id="K7")   # durable before it returns
    async for state in outbox.watch(handoff.id): ...      # pending (with notice) → final
    final = await outbox.wait(handoff.id)                 # acknowledged | expired | failed
    result = await printer.print_handoff(handoff.id)      # ReceiptPrinter; at most once

The POS-side bridge (`kiosk pos-bridge`) lives in `kiosk.pos_bridge`.
"""

from kiosk.pos.errors import (
    DeliveryDeferred,
    DeliveryError,
    DeliveryRefused,
    OutboxUnavailableError,
    PosError,
    ReceiptError,
    UnknownHandoffError,
)
from kiosk.pos.handoff import FINAL_STATUSES, Handoff, HandoffStatus, Notice, PosAnswer, PrintState
from kiosk.pos.outbox import PosOutbox
from kiosk.pos.receipt import PrintResult, ReceiptPrinter, render_receipt
from kiosk.pos.reference import qr_modules
from kiosk.pos.transports import FileSpoolTransport, HttpBridgeTransport, PosTransport
from kiosk.pos.worker import DeliveryPolicy, PosDeliveryWorker

__all__ = [
    "FINAL_STATUSES",
    "DeliveryDeferred",
    "DeliveryError",
    "DeliveryPolicy",
    "DeliveryRefused",
    "FileSpoolTransport",
    "Handoff",
    "HandoffStatus",
    "HttpBridgeTransport",
    "Notice",
    "OutboxUnavailableError",
    "PosAnswer",
    "PosDeliveryWorker",
    "PosError",
    "PosOutbox",
    "PosTransport",
    "PrintResult",
    "PrintState",
    "ReceiptError",
    "ReceiptPrinter",
    "UnknownHandoffError",
    "qr_modules",
    "render_receipt",
]
