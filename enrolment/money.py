"""An amount of money as an integer of the currency's minor unit, never a float."""

from dataclasses import dataclass
from decimal import Decimal

# ISO 4217 currencies whose minor unit is not the cent (the rest have two decimals).
_EXPONENTS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "BHD": 3, "KWD": 3, "TND": 3}
_SYMBOLS = {"EUR": "\u20ac", "USD": "$", "GBP": "\u00a3"}


def minor_exponent(currency: str) -> int:
    """Decimal places of the currency's minor unit (ISO 4217): 2 unless listed above."""
    return _EXPONENTS.get(currency.upper(), 2)


def minor_per_unit(currency: str) -> int:
    """Minor units in one whole unit: 100 for EUR, 1 for JPY, 1000 for KWD. Whole amounts
    typed in a form become minor units with this, never with a fixed 100."""
    return 10 ** minor_exponent(currency)


def code_display(minor: int, currency: str) -> str:
    """E.g. "USD 94,000", "JPY 9,400,000", "KWD 1,234.500" (the fraction only when not zero,
    with the currency's own places): integer division, never a float."""
    places = minor_exponent(currency)
    units, rest = divmod(minor, 10**places)
    fraction = f".{rest:0{places}d}" if rest else ""
    return f"{currency.upper()} {units:,}{fraction}"


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
