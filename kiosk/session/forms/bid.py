"""The bid form of an auction: pick a quick bid or type an amount, then place it.

A Dutch auction has no amount to choose: "buy" bids the price the view shows now (the venue
charges the current price, never more).
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from typing import Literal

from kiosk.sdk import ConflictError, FanfareError, RoutedView
from kiosk.session.actions import Biddable, Retryable, VisitPort, offered
from kiosk.session.keypad import edit

logger = logging.getLogger(__name__)

# "too_low": below the venue's minimum (the chips then start at it); "closed": bids are no
# longer taken; "bought_one": a Dutch customer already bought one; "rejected": any other refusal.
BidFeedback = Literal["", "too_low", "closed", "bought_one", "rejected", "placed"]
_REFUSALS: dict[str, BidFeedback] = {
    "BID_TOO_LOW": "too_low",
    "INVALID_BID_AMOUNT": "too_low",
    "AUCTION_CLOSED": "closed",
    "DISTRIBUTION_ORDER_LIMIT": "bought_one",
}
_DIGITS = 7  # the most a customer types: up to 9,999,999 in the currency's major unit


class BidForm:
    def __init__(self, visit: VisitPort) -> None:
        self._visit = visit
        self.amount = ""  # the chosen bid, as the chip shows it, or as typed on the keypad
        self.typing = False  # True once the customer types: the next key adds to the amount
        self.feedback: BidFeedback = ""
        # What this customer's standing bid costs if it wins (a Dutch buy: the price charged).
        self.paid: Decimal | None = None

    def select_bid(self, amount: str) -> None:
        self.amount, self.typing, self.feedback = amount, False, ""
        self._visit.changed()

    def type_key(self, key: str) -> None:
        """A keypad key: whole amounts in the currency's major unit (a chip starts over)."""
        if len(key) == 1 and not key.isdigit():
            return
        typed = edit(self.amount if self.typing else "", key, _DIGITS).lstrip("0")
        self.amount, self.typing, self.feedback = typed, True, ""
        self._visit.changed()

    def place_bid(self) -> None:
        try:
            amount = Decimal(self.amount) if self.amount else None
        except InvalidOperation:
            return

        async def bid(view: RoutedView) -> None:
            auction: Biddable = offered(view, Biddable, "bid")
            price = auction.current_price if auction.auction_type == "dutch" else amount
            if price is None:
                return
            try:
                after = await auction.bid(price)
            except ConflictError as exc:
                # Too low, outbid meanwhile, or closed: the next view shows the new minimum.
                logger.info("bid refused: %s", exc.code)
                self.feedback = _REFUSALS.get(exc.code or "", "rejected")
                await self._refresh_quietly()
                return
            self.amount, self.typing, self.feedback = "", False, "placed"
            display = getattr(getattr(after, "sequence", None), "display", None)
            self.paid = getattr(display, "current_bid", None) or price

        if amount is None and not self._dutch():
            return
        self._visit.act("bid", RoutedView, bid)

    def _dutch(self) -> bool:
        view = self._visit.view
        sequence = view.sequence if isinstance(view, RoutedView) else None
        return getattr(sequence, "auction_type", "") == "dutch"

    async def _refresh_quietly(self) -> None:
        view = self._visit.view
        if isinstance(view, Retryable):
            try:
                await view.retry()
            except FanfareError as exc:
                logger.info("refresh after a refused action failed: %s", type(exc).__name__)
