"""An amount of money as an integer of the currency's minor unit, never a float."""

from dataclasses import dataclass
from decimal import Decimal

# ISO 4217 currencies whose minor unit is not the cent (the rest have two decimals).
_EXPONENTS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "BHD": 3, "KWD": 3, "TND": 3}
_SYMBOLS = {"EUR": "\u20ac", "USD": "$", "GBP": "\u00a3"}


def minor_exponent(currency: str) -> int:
    """Decimal places of the currency's minor unit (ISO 4217): 2 unless listed above."""
    return _EXPONENTS.get(currency.upper(), 2)


@dataclass(frozen=True)
class Money:
    minor: int
    currency: str

    @property
    def amount(self) -> Decimal:
        return Decimal(self.minor).scaleb(-minor_exponent(self.currency))

    def __str__(self) -> str:
        places = minor_exponent(self.currency)
        number = f"{self.amount:,.{places}f}"
        symbol = _SYMBOLS.get(self.currency)
        return f"{symbol}{number}" if symbol else f"{number} {self.currency}"
