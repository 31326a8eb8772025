"""CSV for the accountant: payments, and balances per account (amounts in minor units and
as text, never floats)."""

import csv
import io

from enrolment.exports import csv_cell
from tuition import money, selectors


def payments_csv(queryset) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "email",
            "cohort",
            "kind",
            "number",
            "amount_minor",
            "currency",
            "amount",
            "status",
            "due at",
            "paid at",
            "payment intent",
        ]
    )
    for p in queryset.select_related("account__enrolment__user", "account__enrolment__cohort"):
        writer.writerow(
            csv_cell(value)
            for value in (
                p.account.enrolment.user.email,
                p.account.enrolment.cohort.name,
                p.kind,
                p.number,
                p.amount_minor,
                p.currency.upper(),
                money.money_format(p.amount_minor, p.currency),
                p.get_status_display(),
                p.due_at.isoformat(),
                p.paid_at.isoformat() if p.paid_at else "",
                p.payment_intent_id,
            )
        )
    return buffer.getvalue()


def balances_csv(queryset) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "email",
            "cohort",
            "status",
            "currency",
            "total_minor",
            "paid_minor",
            "refunded_minor",
            "owed_minor",
            "needs staff",
        ]
    )
    for account in selectors.accounts_with_figures().filter(pk__in=queryset.values("pk")):
        figures = selectors.statement(account)
        writer.writerow(
            csv_cell(value)
            for value in (
                account.enrolment.user.email,
                account.enrolment.cohort.name,
                account.get_status_display(),
                account.currency.upper(),
                figures.total_minor,
                figures.paid_minor,
                figures.refunded_minor,
                figures.owed_minor,
                "yes" if account.needs_staff else "",
            )
        )
    return buffer.getvalue()
