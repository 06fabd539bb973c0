"""Money: an exact `Decimal` amount with its currency, rounded to the currency's minor units."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# ISO 4217 minor units for the currencies that differ from 2; everything else has cents.
_MINOR_UNITS = {
    **dict.fromkeys(("JPY", "KRW", "ISK", "CLP", "VND", "UGX", "XAF", "XOF", "PYG"), 0),
    **dict.fromkeys(("BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD"), 3),
}


def minor_units(currency: str) -> int:
    return _MINOR_UNITS.get(currency.upper(), 2)


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of a currency: 0.01 for USD, 1 for JPY, 0.001 for KWD."""
    return Decimal(1).scaleb(-minor_units(currency))


def fits_currency(amount: Decimal, currency: str) -> bool:
    """Whether `amount` is a whole number of the currency's smallest unit (needs no rounding)."""
    return amount == amount.quantize(minor_unit(currency))


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
