"""Money: an exact `Decimal` amount with its currency, rounded to the currency's minor units."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# ISO 4217 minor units for the currencies that differ from 2; everything else has cents.
_MINOR_UNITS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "BHD": 3, "KWD": 3, "OMR": 3}


def minor_units(currency: str) -> int:
    return _MINOR_UNITS.get(currency.upper(), 2)


@dataclass(frozen=True, order=True)
class Money:
    amount: Decimal
    currency: str = "USD"

    @classmethod
    def parse(cls, text: str | Decimal | int, currency: str = "USD") -> Money:
        """From a decimal string (the wire's form); refuses floats' cousins NaN and Infinity."""
        try:
            amount = Decimal(str(text).strip())
        except InvalidOperation as exc:
            raise ValueError(f"not an amount of money: {text!r}") from exc
        if not amount.is_finite():
            raise ValueError(f"not an amount of money: {text!r}")
        return cls(amount, currency.upper()).rounded()

    def rounded(self) -> Money:
        exponent = Decimal(1).scaleb(-minor_units(self.currency))
        return Money(self.amount.quantize(exponent, rounding=ROUND_HALF_UP), self.currency)

    def wire(self) -> str:
        """The decimal string for the wire: `150.00`."""
        return str(self.rounded().amount)

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot mix {self.currency} and {other.currency}")
