"""Money arithmetic in integer minor units (cents): discounts, installments, refunds by
week, and how an amount reads. Plain Python: no floats, no Django."""

from datetime import date

from enrolment.money import minor_exponent


def money_format(amount_minor: int, currency: str) -> str:
    """12345, "eur" -> "EUR 123.45" (integer division: never a float), with the currency's
    own minor unit (enrolment.money, which the programs page's prices use)."""
    places = minor_exponent(currency)
    units, minor = divmod(abs(amount_minor), 10**places)
    sign = "-" if amount_minor < 0 else ""
    fraction = f".{minor:0{places}d}" if places else ""
    return f"{currency.upper()} {sign}{units:,}{fraction}"


def discount_amount(price_minor: int, *, percent_off: int | None, amount_off_minor: int | None):
    """What a code takes off a price, never more than the price (percent rounded down)."""
    if percent_off is not None:
        return price_minor * percent_off // 100
    return min(amount_off_minor or 0, price_minor)


def installment_split(amount_minor: int, count: int) -> list[int]:
    """`amount_minor` in `count` parts that add up exactly; the first parts carry the
    remainder cent by cent."""
    base, remainder = divmod(amount_minor, count)
    return [base + (1 if i < remainder else 0) for i in range(count)]


def weeks_begun(*, start: date, today: date) -> int:
    """0 before the start; 1 in the first week (its first day included), and so on."""
    if today < start:
        return 0
    return (today - start).days // 7 + 1


def refund_due(
    *,
    paid_minor: int,
    total_minor: int,
    weeks: int,
    start: date,
    today: date,
    no_refund_from_week: int,
) -> int:
    """The policy: everything paid before the start; then what was paid beyond the weeks
    begun (pro rata of the total, by whole weeks); nothing from `no_refund_from_week` on."""
    begun = weeks_begun(start=start, today=today)
    if begun == 0:
        return paid_minor
    if begun >= no_refund_from_week or begun >= weeks:
        return 0
    owed_for_weeks = total_minor * begun // weeks
    return max(paid_minor - owed_for_weeks, 0)
