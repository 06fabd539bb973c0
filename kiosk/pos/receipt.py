"""Receipts on an ESC/POS printer: the reference code and a QR code of it, never the grant.

Each handoff is printed at most once. The print is claimed in the outbox before a byte is
sent; a job that fails before anything reached the printer (paper out, printer offline) may
be tried again, one that failed part-way is never reprinted automatically. Whatever goes
wrong, the result says so and tells the UI to show the reference on screen instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from kiosk.core.clock import Clock
from kiosk.pos.errors import ReceiptError
from kiosk.pos.handoff import Handoff
from kiosk.pos.outbox import PosOutbox

log = logging.getLogger(__name__)

PAPER_OUT = "PAPER_OUT"
PRINTER_OFFLINE = "PRINTER_OFFLINE"
PRINTER_ERROR = "PRINTER_ERROR"
ALREADY_PRINTED = "ALREADY_PRINTED"

PrintStatus = Literal["printed", "not_printed"]

_MESSAGES = {
    PAPER_OUT: "The printer is out of paper. Please note your reference code.",
    PRINTER_OFFLINE: "The printer is not available. Please note your reference code.",
    PRINTER_ERROR: "The receipt may not have printed. Please note your reference code.",
    ALREADY_PRINTED: "This receipt was printed already. Your reference code is on screen.",
}


@dataclass(frozen=True, slots=True)
class PrintResult:
    status: PrintStatus
    reference: str
    code: str | None = None  # why not printed: PAPER_OUT, PRINTER_OFFLINE, ...
    message: str = ""

    @property
    def show_on_screen(self) -> bool:
        """True when the UI should show the reference (and its QR code) instead."""
        return self.status != "printed"


PrinterFactory = Callable[[], Any]  # returns an escpos.escpos.Escpos printer


class ReceiptPrinter:
    """Prints a handoff's receipt through `open_printer()` (an escpos printer factory).

    `check_paper` asks the printer for its paper sensor first, where the connection can
    read (USB, serial, network); file and dummy printers cannot, and are not asked.
    """

    def __init__(
        self,
        outbox: PosOutbox,
        open_printer: PrinterFactory,
        *,
        clock: Clock,
        title: str = "Fanfare",
        check_paper: bool = True,
        native_qr: bool = False,
    ) -> None:
        self._outbox = outbox
        self._open_printer = open_printer
        self._clock = clock
        self._title = title
        self._check_paper = check_paper
        self._native_qr = native_qr
        self._lock = asyncio.Lock()

    async def print_handoff(self, handoff_id: str) -> PrintResult:
        async with self._lock:  # one job at a time on one printer
            handoff = self._outbox.require(handoff_id)
            if not self._outbox.begin_print(handoff_id):
                return PrintResult(
                    "not_printed", handoff.reference, ALREADY_PRINTED, _MESSAGES[ALREADY_PRINTED]
                )
            job = render_receipt(handoff, self._title, self._clock.now(), native_qr=self._native_qr)
            try:
                await asyncio.to_thread(self._send, job)
            except ReceiptError as exc:
                self._outbox.end_print(handoff_id, "uncertain" if exc.sent else "failed", exc.code)
                log.warning("receipt for %s not printed: %s", handoff.reference, exc.code)
                return PrintResult("not_printed", handoff.reference, exc.code, _MESSAGES[exc.code])
            self._outbox.end_print(handoff_id, "printed")
            log.info("receipt printed for %s", handoff.reference)
            return PrintResult("printed", handoff.reference)

    def _send(self, job: bytes) -> None:
        """Runs in a worker thread: printers block."""
        try:
            printer = self._open_printer()
        except Exception as exc:
            raise ReceiptError(
                PRINTER_OFFLINE, f"cannot open the printer: {exc}", sent=False
            ) from exc
        try:
            if self._check_paper:
                self._preflight(printer)
            try:
                printer._raw(job)  # the whole job at once: the printer gets all of it or none
                flush = getattr(printer, "flush", None)
                if callable(flush):
                    flush()
            except Exception as exc:
                raise ReceiptError(PRINTER_ERROR, f"printing failed: {exc}", sent=True) from exc
        finally:
            try:
                printer.close()
            except Exception as exc:  # closing must not turn a print into a failure
                log.warning("closing the printer failed: %s", exc)

    @staticmethod
    def _preflight(printer: Any) -> None:
        from escpos.escpos import Escpos

        if type(printer)._read is Escpos._read:
            return  # this connection cannot read the printer's status (file, dummy, lp)
        try:
            online = printer.is_online()
            paper = printer.paper_status()
        except NotImplementedError:
            return
        except Exception as exc:
            raise ReceiptError(
                PRINTER_OFFLINE, f"no status from the printer: {exc}", sent=False
            ) from exc
        if not online:
            raise ReceiptError(PRINTER_OFFLINE, "the printer is offline", sent=False)
        if paper == 0:
            raise ReceiptError(PAPER_OUT, "the printer is out of paper", sent=False)


def render_receipt(
    handoff: Handoff, title: str, now: datetime, *, native_qr: bool = False
) -> bytes:
    """The ESC/POS bytes of one receipt. Holds the reference code only: no grant, no token."""
    from escpos.printer import Dummy

    job = Dummy()
    job.hw("INIT")
    job.set(align="center", bold=True)
    job.textln(title)
    job.set(align="center", bold=False, normal_textsize=True)
    job.textln("Show this at the till")
    job.ln()
    job.set(align="center", double_width=True, double_height=True, bold=True)
    job.textln(handoff.reference)
    job.set(align="center", normal_textsize=True, bold=False)
    # A native code follows the alignment set above; an image one is centred by escpos.
    job.qr(handoff.reference, size=6, native=native_qr, center=not native_qr)
    answer = handoff.answer
    if answer is not None:
        if answer.register:
            job.textln(f"Register {answer.register}")
        if answer.order_number:
            job.textln(f"Order {answer.order_number}")
        if answer.message:
            job.ln()
            job.textln(answer.message)
    job.ln()
    job.set(align="center", normal_textsize=True)
    job.textln(now.strftime("%Y-%m-%d %H:%M UTC"))
    job.cut()
    return job.output
