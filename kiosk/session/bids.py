"""Amounts the auction screens show: the venue's decimals, and the quick bids from the least
the venue says it takes now. Plain data in and out (wire decimal strings); the screens
format them for the customer's locale."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from kiosk.core.money import Money


def parse_decimal(value: Any) -> Decimal | None:
    """A non-negative finite decimal from the wire, or None for anything else."""
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def wire_money(amount: Decimal | None, currency: str = "USD") -> str:
    """The wire's decimal string, in the currency's minor units: the screens format it."""
    if amount is None:
        return ""
    return Money(amount, currency or "USD").wire()


def bid_chips(highest: Decimal | None, details: dict[str, Any], currency: str = "USD") -> list[str]:
    """Quick bids: the least the venue says it takes now, then one and two steps above it.

    A Dutch auction has one: its current price. The step is the venue's increment when it
    states one (or the gap between the highest bid and the minimum), else a round step.
    """
    if details.get("auctionType") == "dutch":
        price = parse_decimal(details.get("currentPrice"))
        return [wire_money(price, currency)] if price is not None and price > 0 else []
    stated = parse_decimal(details.get("minNextBid"))
    increment = parse_decimal(details.get("minBidIncrement"))
    if not increment and stated is not None and highest is not None and stated > highest:
        increment = stated - highest
    if stated is not None and stated > 0:
        minimum = stated
    elif highest is not None:
        minimum = highest + (increment or Decimal(1))
    else:
        start = parse_decimal(details.get("currentPrice")) or parse_decimal(
            details.get("startPrice")
        )
        minimum = start if start is not None and start > 0 else increment or Decimal(1)
    step = increment if increment and increment > 0 else round_step(minimum)
    return [wire_money(minimum + step * index, currency) for index in range(3)]


def round_step(amount: Decimal) -> Decimal:
    """About a twentieth of `amount`, as 1, 2 or 5 times a power of ten (100 -> 5)."""
    target = amount / 20
    if target < 1:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(target))) - 1)
    for multiple in (1, 2, 5):
        if power * multiple >= target:
            return power * multiple
    return power * 10
