"""A student's tuition account: opened when a seat is kept, its plan and its discount.

account_open is enrolment's seat-kept hook (registered in TuitionConfig.ready): it runs in
enrolment's transaction with the cohort and enrolment rows locked.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from tuition import money, stripe_api
from tuition.models import DiscountCode, DiscountUse, Payment, TuitionAccount, TuitionPrice
from tuition.services import payments

Status = TuitionAccount.Status


def account_open(enrolment, *, now=None) -> TuitionAccount | None:
    """Ask for the deposit of a seat just kept: the hold runs from now. Nothing when
    payments are off or the program has no price (tuition is arranged with the school)."""
    if not stripe_api.is_enabled():
        return None
    price = TuitionPrice.objects.filter(program_id=enrolment.cohort.program_id).first()
    if price is None:
        return None
    now = now or timezone.now()
    due = now + timedelta(hours=price.deposit_hold_hours)
    account = TuitionAccount.objects.select_for_update().filter(enrolment=enrolment).first()
    if account is None:
        account = TuitionAccount.objects.create(
            enrolment=enrolment,
            currency=price.currency,
            price_minor=price.price_minor,
            deposit_minor=price.deposit_minor,
            deposit_due_at=due,
            created_at=now,
        )
    elif account.status in TuitionAccount.CLOSED:
        return _reopen(account, due=due, now=now)
    else:
        return account
    Payment.objects.create(
        account=account,
        kind=Payment.Kind.DEPOSIT,
        amount_minor=account.deposit_minor,
        currency=account.currency,
        due_at=due,
    )
    return account


def _reopen(account: TuitionAccount, *, due, now) -> TuitionAccount:
    """A second seat (an offer after a release, a waitlist or a withdrawal). A deposit
    still kept whole holds it: the account is paid again and its missing installments are
    scheduled. A refunded deposit counts for nothing: a new deposit is due within the hold
    (the refunded one stays as a record, with its receipt and its refund)."""
    deposit = account.deposit_current()
    kept = (
        deposit is not None
        and deposit.status == Payment.Status.SUCCEEDED
        and not deposit.refunds.exists()
    )
    account.status = Status.DEPOSIT_PAID if kept else Status.AWAITING_DEPOSIT
    account.deposit_due_at = due
    account.save(update_fields=["status", "deposit_due_at"])
    if kept:
        payments.installments_schedule(account=account, now=now)
    elif deposit is None or deposit.status == Payment.Status.SUCCEEDED:
        Payment.objects.create(
            account=account,
            kind=Payment.Kind.DEPOSIT,
            number=deposit.number + 1 if deposit else 0,
            amount_minor=account.deposit_minor,
            currency=account.currency,
            due_at=due,
        )
    else:
        Payment.objects.filter(pk=deposit.pk).update(due_at=due)
    return account


@transaction.atomic
def plan_choose(*, account: TuitionAccount, installments: int, code: str = "", now=None):
    """Before the deposit: the plan (in full, or N monthly installments) and a code."""
    account = TuitionAccount.objects.select_for_update().get(pk=account.pk)
    if account.status != Status.AWAITING_DEPOSIT:
        raise ValidationError("The plan is fixed once the deposit is paid.")
    limit = account.enrolment.cohort.program.tuition.max_installments
    if not 1 <= installments <= limit:
        raise ValidationError(f"Choose between 1 and {limit} installments.")
    account.installments = installments
    account.save(update_fields=["installments"])
    if code.strip():
        discount_apply(account=account, code=code, now=now)
    return account


@transaction.atomic
def discount_apply(*, account: TuitionAccount, code: str, now=None) -> DiscountUse:
    """Use a code once for this account. The conditional UPDATE takes a use only while
    uses remain, so concurrent sign-ups never use a code more than max_uses times."""
    now = now or timezone.now()
    if DiscountUse.objects.filter(account=account).exists():
        raise ValidationError("A code is already applied to this tuition.")
    found = DiscountCode.objects.filter(code__iexact=code.strip()).first()
    if found is None or (found.only_for_id and found.only_for_id != account.enrolment.user_id):
        raise ValidationError("That code is not known.")
    taken = DiscountCode.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        pk=found.pk,
        times_used__lt=F("max_uses"),
    ).update(times_used=F("times_used") + 1)
    if not taken:
        raise ValidationError("That code has expired or has been used up.")
    amount = money.discount_amount(
        account.price_minor - account.deposit_minor,
        percent_off=found.percent_off,
        amount_off_minor=found.amount_off_minor,
    )
    TuitionAccount.objects.filter(pk=account.pk).update(discount_minor=amount)
    account.discount_minor = amount
    return DiscountUse.objects.create(code=found, account=account, amount_minor=amount, used_at=now)
