"""The bid form of an auction: pick one of the quick bids, then place it."""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from typing import Literal

from kiosk.sdk import ConflictError, FanfareError, RoutedView
from kiosk.session.actions import Biddable, Retryable, VisitPort, offered

logger = logging.getLogger(__name__)

BidFeedback = Literal["", "rejected", "placed"]


class BidForm:
    def __init__(self, visit: VisitPort) -> None:
        self._visit = visit
        self.amount = ""  # the chosen bid, as the chip shows it
        self.feedback: BidFeedback = ""

    def select_bid(self, amount: str) -> None:
        self.amount, self.feedback = amount, ""
        self._visit.changed()

    def place_bid(self) -> None:
        if not self.amount:
            return
        try:
            amount = Decimal(self.amount)
        except InvalidOperation:
            return

        async def bid(view: RoutedView) -> None:
            auction: Biddable = offered(view, Biddable, "bid")
            try:
                await auction.bid(amount)
            except ConflictError:
                # Too low, or outbid meanwhile: the next view shows the new highest bid.
                self.feedback = "rejected"
                await self._refresh_quietly()
                return
            self.amount, self.feedback = "", "placed"

        self._visit.act("bid", RoutedView, bid)

    async def _refresh_quietly(self) -> None:
        view = self._visit.view
        if isinstance(view, Retryable):
            try:
                await view.retry()
            except FanfareError as exc:
                logger.info("refresh after a refused action failed: %s", type(exc).__name__)
