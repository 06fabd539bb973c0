"""The appointment slot picker: a day, a slot on it, then book, reschedule or cancel.

The slots load when an appointment sequence becomes enterable or participating, once per
phase of each sequence, from the injected `SlotSource`.
"""

from __future__ import annotations

import logging

from kiosk.sdk import RoutedView, SequenceView
from kiosk.session.actions import Bookable, Booked, VisitPort, offered
from kiosk.session.slots import Slot, SlotSource

logger = logging.getLogger(__name__)


class SlotPicker:
    def __init__(self, visit: VisitPort, source: SlotSource) -> None:
        self._visit = visit
        self._source = source
        self.slots: tuple[Slot, ...] = ()
        self.day = 0
        self.slot_id = ""
        self.rescheduling = False
        self._loaded_for: str | None = None

    def select_day(self, index: int) -> None:
        self.day, self.slot_id = max(0, index), ""
        self._visit.changed()

    def select_slot(self, slot_id: str) -> None:
        self.slot_id = slot_id
        self._visit.changed()

    def start_reschedule(self) -> None:
        self.rescheduling, self.slot_id = True, ""
        self._visit.changed()

    def cancel_reschedule(self) -> None:
        self.rescheduling, self.slot_id = False, ""
        self._visit.changed()

    def book(self) -> None:
        slot = self._selected()
        if slot is None:
            return

        async def book(view: RoutedView) -> None:
            appointment: Bookable = offered(view, Bookable, "book")
            await appointment.book(slot.id, slot.location_id)
            self.slot_id = ""

        self._visit.act("book", RoutedView, book)

    def reschedule(self) -> None:
        slot = self._selected()
        if slot is None:
            return

        async def reschedule(view: RoutedView) -> None:
            booked: Booked = offered(view, Booked, "reschedule")
            await booked.reschedule(slot.id, slot.location_id)
            self.rescheduling, self.slot_id = False, ""

        self._visit.act("reschedule", RoutedView, reschedule)

    def cancel_booking(self) -> None:
        async def cancel(view: RoutedView) -> None:
            booked: Booked = offered(view, Booked, "cancel")
            await booked.cancel()

        self._visit.act("cancel", RoutedView, cancel)

    def follow(self, sequence: SequenceView) -> None:
        """Load the slots when an appointment opens for booking or is booked."""
        if sequence.mechanism != "appointment":
            return
        key = f"{sequence.phase}:{sequence.sequence_id}"
        if self._loaded_for != key and sequence.phase in ("enterable", "participating"):
            self._loaded_for = key
            self._visit.spawn("slots", self._load(sequence))

    async def _load(self, sequence: SequenceView) -> None:
        try:
            slots = await self._source.slots(sequence)
        except Exception:
            logger.exception("could not load appointment slots")
            slots = []
        self.slots = tuple(slots)
        self._visit.changed()

    def _selected(self) -> Slot | None:
        return next((slot for slot in self.slots if slot.id == self.slot_id), None)
