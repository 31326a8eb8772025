"""Refunds: the program's policy (shown before withdrawing), a withdrawal's refund, a staff
decision, and sending each refund to Stripe.

A Refund row is written in the deciding transaction (who decided, how much, why); the
task tuition.send_refund then asks Stripe for it with the row's id as idempotency key, so
a second run never refunds twice.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from config.publish import publish_on_commit
from tuition import money, stripe_api
from tuition.models import Payment, Refund, TuitionAccount


def paid_minor(account: TuitionAccount) -> int:
    """Paid and not given back."""
    paid = account.payments.filter(status=Payment.Status.SUCCEEDED).aggregate(s=Sum("amount_minor"))
    back = account.refunds.aggregate(s=Sum("amount_minor"))
    return (paid["s"] or 0) - (back["s"] or 0)


def refund_quote(*, account: TuitionAccount, today=None, cohort=None) -> int:
    """What withdrawing on `today` gives back, by the program's policy (of `cohort`: by
    default the enrolment's, the one whose seat is left)."""
    cohort = cohort or account.enrolment.cohort
    return money.refund_due(
        paid_minor=paid_minor(account),
        total_minor=account.total_minor,
        weeks=cohort.program.weeks,
        start=cohort.start_date,
        today=today or timezone.localdate(),
        no_refund_from_week=cohort.program.tuition.no_refund_from_week,
    )


def withdraw_notice(enrolment) -> str | None:
    """The withdraw page's line (enrolment's hook): the refund, before the person confirms."""
    account = TuitionAccount.objects.filter(enrolment=enrolment).first()
    if account is None or not paid_minor(account):
        return None
    amount = refund_quote(account=account)
    week = account.enrolment.cohort.program.tuition.no_refund_from_week
    policy = f"Full refund before the start, then pro rata by week; none from week {week}."
    if not amount:
        return f"Withdrawing today refunds nothing. {policy}"
    return f"Withdrawing today refunds {money.money_format(amount, account.currency)}. {policy}"


def on_withdrawn(enrolment, actor) -> None:
    """Enrolment's withdrawn hook: refund by the policy, stop the installments."""
    account = TuitionAccount.objects.select_for_update().filter(enrolment=enrolment).first()
    if account is None or account.status == TuitionAccount.Status.WITHDRAWN:
        return
    account_close(
        account=account,
        status=TuitionAccount.Status.WITHDRAWN,
        reason="withdrawal",
        decided_by=actor,
    )


def on_seat_lost(enrolment, actor, from_cohort) -> None:
    """Enrolment's seat-lost hook (staff's waitlist action, a deferral to a full cohort):
    no seat, no bill. An unpaid deposit's account is released (a deposit paid late is then
    refunded when Stripe's event comes, services/events.py); a paid one is closed as a
    withdrawal is (a refund by the policy of the cohort left, no more installments). If a
    seat is kept again, services.accounts.account_open asks for a new deposit."""
    account = TuitionAccount.objects.select_for_update().filter(enrolment=enrolment).first()
    if account is None or account.status in TuitionAccount.CLOSED:
        return
    if account.status == TuitionAccount.Status.AWAITING_DEPOSIT:
        account.status = TuitionAccount.Status.RELEASED
        account.save(update_fields=["status"])
        return
    account_close(
        account=account,
        status=TuitionAccount.Status.SEAT_LOST,
        reason="seat lost (waitlisted)",
        decided_by=actor,
        cohort=from_cohort,
    )


def account_close(
    *, account, status: str, reason: str, decided_by, cohort=None, today=None, amount=None
) -> int:
    """The account has no seat behind it any more: refund by the policy (the quote on what
    was paid, unless the caller has just made it: `amount`), cancel the installments not
    yet charged. Returns how many installments were cancelled."""
    if amount is None:
        amount = refund_quote(account=account, cohort=cohort, today=today)
    account.status = status
    account.save(update_fields=["status"])
    cancelled, _ = account.payments.filter(status=Payment.Status.SCHEDULED).delete()
    if amount:
        refund_issue(account=account, amount_minor=amount, reason=reason, decided_by=decided_by)
    return cancelled


@transaction.atomic
def refund_by_policy(*, account: TuitionAccount, decided_by, today=None) -> tuple[int, int]:
    """Staff settle a paid account by the program's policy (the admin's action): the refund
    withdrawing today would give, and the installments not yet charged are cancelled (the
    account is closed as withdrawn; the enrolment is enrolment's to change). Returns the
    amount refunded and how many installments were cancelled. Nothing to refund changes
    nothing: a student past the policy's last week keeps paying as agreed."""
    account = TuitionAccount.objects.select_for_update().get(pk=account.pk)
    if account.status != TuitionAccount.Status.DEPOSIT_PAID:
        raise ValidationError(f"{account.get_status_display()}: nothing to settle.")
    amount = refund_quote(account=account, today=today)
    if not amount:
        raise ValidationError("The policy refunds nothing today; the installments go on.")
    cancelled = account_close(
        account=account,
        status=TuitionAccount.Status.WITHDRAWN,
        reason="staff decision (the program's policy)",
        decided_by=decided_by,
        amount=amount,
    )
    return amount, cancelled


def refund_issue(*, account: TuitionAccount, amount_minor: int, reason: str, decided_by) -> list:
    """Give back `amount_minor` (a partial refund is fine) from the latest payments first."""
    if amount_minor <= 0 or amount_minor > paid_minor(account):
        raise ValidationError(
            f"Refund between 0.01 and {money.money_format(paid_minor(account), account.currency)}."
        )
    made, left = [], amount_minor
    for payment in account.payments.filter(status=Payment.Status.SUCCEEDED).order_by("-paid_at"):
        room = payment.amount_minor - (payment.refunds.aggregate(s=Sum("amount_minor"))["s"] or 0)
        part = min(room, left)
        if part > 0:
            made.append(
                refund_record(
                    account=account,
                    payment=payment,
                    amount_minor=part,
                    reason=reason,
                    decided_by=decided_by,
                )
            )
            left -= part
        if not left:
            break
    return made


def refund_record(*, account, payment, amount_minor: int, reason: str, decided_by) -> Refund:
    refund = Refund.objects.create(
        account=account,
        payment=payment,
        amount_minor=amount_minor,
        currency=payment.currency,
        reason=reason[:200],
        decided_by=decided_by if getattr(decided_by, "pk", None) else None,
    )
    publish_on_commit("tuition.send_refund", refund.pk)
    return refund


@transaction.atomic
def refund_send(*, refund_id: int) -> bool:
    """Ask Stripe for one recorded refund; safe to run twice (idempotency key: the row)."""
    refund = Refund.objects.select_for_update().select_related("payment").get(pk=refund_id)
    if refund.stripe_refund_id:
        return False
    sent = stripe_api.client().v1.refunds.create(
        params={"payment_intent": refund.payment.payment_intent_id, "amount": refund.amount_minor},
        options={"idempotency_key": f"lodestar-refund-{refund.pk}"},
    )
    refund.stripe_refund_id = sent.id
    refund.save(update_fields=["stripe_refund_id"])
    return True
