"""Reads of tuition: each account's figures (owed, paid, due next, receipts), the account
panel, and the staff lists (balances, overdue installments)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Sum
from django.utils import timezone

from tuition import money, stripe_api
from tuition.models import CHARGED_ENROLMENTS, Payment, Refund, TuitionAccount


@dataclass(frozen=True)
class Statement:
    account: TuitionAccount
    total_minor: int
    paid_minor: int
    refunded_minor: int
    owed_minor: int
    due_next: Payment | None
    receipts: list

    def fmt(self, amount: int) -> str:
        return money.money_format(amount, self.account.currency)

    @property
    def total(self):
        return self.fmt(self.total_minor)

    @property
    def paid(self):
        return self.fmt(self.paid_minor)

    @property
    def refunded(self):
        return self.fmt(self.refunded_minor)

    @property
    def deposit(self):
        return self.fmt(self.account.deposit_minor)

    @property
    def owed(self):
        return self.fmt(self.owed_minor)


def statement(account: TuitionAccount) -> Statement:
    """From the account's prefetched payments and refunds when there are any."""
    payments = list(account.payments.all())
    refunds = list(account.refunds.all())
    paid = [p for p in payments if p.status == Payment.Status.SUCCEEDED]
    paid_minor = sum(p.amount_minor for p in paid)
    refunded_minor = sum(r.amount_minor for r in refunds)
    # A deposit refunded and asked for again (a second seat) counts once: the newest.
    deposits = [p.number for p in payments if p.kind == Payment.Kind.DEPOSIT]
    counted = sum(
        p.amount_minor for p in paid if p.kind != Payment.Kind.DEPOSIT or p.number == max(deposits)
    )
    withdrawn = account.status in TuitionAccount.CLOSED
    owed = 0 if withdrawn else max(account.total_minor - counted, 0)
    unpaid = [p for p in payments if p.status != Payment.Status.SUCCEEDED]
    return Statement(
        account=account,
        total_minor=account.total_minor,
        paid_minor=paid_minor,
        refunded_minor=refunded_minor,
        owed_minor=owed,
        due_next=None if withdrawn else min(unpaid, key=lambda p: p.due_at, default=None),
        receipts=sorted(paid, key=lambda p: p.paid_at, reverse=True),
    )


def accounts_with_figures():
    return TuitionAccount.objects.select_related(
        "enrolment__user", "enrolment__cohort"
    ).prefetch_related(
        Prefetch("payments", queryset=Payment.objects.order_by("due_at", "pk")),
        Prefetch("refunds", queryset=Refund.objects.order_by("created_at")),
    )


def account_panel_context(request) -> dict:
    """The account page's tuition panel: one statement per enrolment that has an account
    (payments off: no query, the panel says the school arranges tuition)."""
    if not stripe_api.is_enabled():
        return {"payments_on": False, "statements": []}
    accounts = accounts_with_figures().filter(enrolment__user=request.user)
    return {
        "payments_on": stripe_api.is_enabled(),
        "statements": [statement(account) for account in accounts],
    }


def overdue_installments(*, now=None):
    """Installments past due and not paid, of students still charged: not those who
    withdrew, lost their seat or whose seat was released (nothing is owed there)."""
    now = now or timezone.now()
    return (
        Payment.objects.filter(
            kind=Payment.Kind.INSTALLMENT,
            due_at__lt=now,
            account__status=TuitionAccount.Status.DEPOSIT_PAID,
            account__enrolment__status__in=CHARGED_ENROLMENTS,
        )
        .exclude(status=Payment.Status.SUCCEEDED)
        .select_related("account__enrolment__user")
    )


def paid_total_by_account():
    return (
        Payment.objects.filter(status=Payment.Status.SUCCEEDED)
        .values("account_id")
        .annotate(total=Sum("amount_minor"))
    )
