"""Tuition: prices and plans per program, discount codes and scholarships, each student's
account (what is owed), payments and refunds through Stripe, and every Stripe event.

Money is an integer count of the currency's minor unit (cents) with an ISO 4217 code;
never a float (tests/tuition/test_money.py inspects every money field of every app).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from enrolment.models import Enrolment, Program
from tuition.money import money_format

# Enrolments whose installments are charged (and listed overdue): the seat is held, or
# was kept to the end of the program.
CHARGED_ENROLMENTS = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)


class Currency(models.TextChoices):
    EUR = "eur", "EUR"
    USD = "usd", "USD"
    GBP = "gbp", "GBP"


class TuitionPrice(models.Model):
    """A program's price, deposit, plans, deposit hold and refund policy."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="tuition")
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.EUR)
    price_minor = models.PositiveIntegerField(help_text="Full price, in cents.")
    deposit_minor = models.PositiveIntegerField(help_text="Deposit that holds the seat, in cents.")
    max_installments = models.PositiveSmallIntegerField(
        default=1, help_text="The balance in full (1) or in up to this many monthly installments."
    )
    deposit_hold_hours = models.PositiveSmallIntegerField(
        default=72, help_text="Hours to pay the deposit before the seat goes to the waitlist."
    )
    no_refund_from_week = models.PositiveSmallIntegerField(
        default=4,
        help_text="Full refund before the start, then pro rata by week; nothing from this week.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(deposit_minor__lte=F("price_minor")), name="tuition_deposit_in_price"
            ),
            models.CheckConstraint(condition=Q(deposit_minor__gt=0), name="tuition_deposit_set"),
            models.CheckConstraint(
                condition=Q(max_installments__gte=1), name="tuition_installments_positive"
            ),
        ]

    def __str__(self):
        return f"Tuition of {self.program.name}"

    def save(self, *args, **kwargs):
        """The price charged is the price shown: the programs page reads the program's own
        price (enrolment), so a tuition price written here is copied onto it."""
        super().save(*args, **kwargs)
        Program.objects.filter(pk=self.program_id).update(
            price_minor=self.price_minor, currency=self.currency.upper()
        )


class DiscountCode(models.Model):
    """A code (or a scholarship: a code for one person) staff set in the admin."""

    code = models.CharField(max_length=40, unique=True)
    is_scholarship = models.BooleanField(default=False)
    only_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="A scholarship's holder: nobody else may use it.",
    )
    percent_off = models.PositiveSmallIntegerField(null=True, blank=True)
    amount_off_minor = models.PositiveIntegerField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(default=1)
    times_used = models.PositiveIntegerField(default=0, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(times_used__lte=F("max_uses")), name="discount_within_max_uses"
            ),
            models.CheckConstraint(
                condition=(Q(percent_off__isnull=True) ^ Q(amount_off_minor__isnull=True)),
                name="discount_percent_xor_amount",
            ),
            models.CheckConstraint(
                condition=Q(percent_off__isnull=True) | Q(percent_off__lte=100),
                name="discount_percent_at_most_100",
            ),
        ]

    def __str__(self):
        return self.code


class TuitionAccount(models.Model):
    """What one enrolment owes: the price when the seat was kept, its plan and discount."""

    class Status(models.TextChoices):
        AWAITING_DEPOSIT = "awaiting_deposit", "Deposit due"
        DEPOSIT_PAID = "deposit_paid", "Deposit paid"
        RELEASED = "released", "Seat released (deposit not paid)"
        WITHDRAWN = "withdrawn", "Withdrawn"
        SEAT_LOST = "seat_lost", "Seat lost (waitlisted, refunded by the policy)"

    # No seat behind the account: nothing is owed or charged until a seat is kept again.
    CLOSED = (Status.RELEASED, Status.WITHDRAWN, Status.SEAT_LOST)

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="tuition")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.AWAITING_DEPOSIT
    )
    currency = models.CharField(max_length=3, choices=Currency.choices)
    price_minor = models.PositiveIntegerField()
    deposit_minor = models.PositiveIntegerField()
    discount_minor = models.PositiveIntegerField(default=0)
    installments = models.PositiveSmallIntegerField(default=1)
    deposit_due_at = models.DateTimeField(db_index=True)
    stripe_customer_id = models.CharField(max_length=64, blank=True)
    setup_intent_id = models.CharField(max_length=64, blank=True)
    payment_method_id = models.CharField(max_length=64, blank=True)
    needs_staff = models.BooleanField(default=False, help_text="An installment failed.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(discount_minor__lte=F("price_minor")), name="tuition_discount_in_price"
            ),
        ]

    def __str__(self):
        return f"Tuition of {self.enrolment}"

    @property
    def total_minor(self) -> int:
        return self.price_minor - self.discount_minor

    def deposit_current(self):
        """The deposit that counts: the newest (a refunded deposit is followed by a new one
        when a seat is kept again, see services.accounts.account_open)."""
        return self.payments.filter(kind=Payment.Kind.DEPOSIT).order_by("-number").first()


class Payment(models.Model):
    """One charge: the deposit or an installment (a PaymentIntent in Stripe)."""

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", "Deposit"
        INSTALLMENT = "installment", "Installment"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        PENDING = "pending", "Processing"
        SUCCEEDED = "succeeded", "Paid"
        FAILED = "failed", "Failed"

    PAID_OR_PENDING = (Status.PENDING, Status.SUCCEEDED)

    account = models.ForeignKey(TuitionAccount, on_delete=models.CASCADE, related_name="payments")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(default=0, help_text="Installment number.")
    amount_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, choices=Currency.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    due_at = models.DateTimeField(db_index=True)
    payment_intent_id = models.CharField(max_length=64, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    failure_message = models.CharField(max_length=200, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "kind", "number"], name="payment_one_per_number"
            ),
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="payment_positive"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number or ''} of {self.account}".replace("  ", " ")

    @property
    def amount_text(self) -> str:
        return money_format(self.amount_minor, self.currency)


class Refund(models.Model):
    """Money sent back through Stripe, and who decided it."""

    account = models.ForeignKey(TuitionAccount, on_delete=models.CASCADE, related_name="refunds")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, choices=Currency.choices)
    reason = models.CharField(max_length=200)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    stripe_refund_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="refund_positive"),
        ]

    def __str__(self):
        return f"Refund of {money_format(self.amount_minor, self.currency)} ({self.reason})"


class DiscountUse(models.Model):
    """One use of a code by one account (one code per account)."""

    code = models.ForeignKey(DiscountCode, on_delete=models.PROTECT, related_name="uses")
    account = models.OneToOneField(
        TuitionAccount, on_delete=models.CASCADE, related_name="discount"
    )
    amount_minor = models.PositiveIntegerField()
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.code} for {self.account}"


class StripeEvent(models.Model):
    """Every verified webhook event, stored once by its id: a replay finds it here."""

    event_id = models.CharField(max_length=64, unique=True)
    type = models.CharField(max_length=80)
    payload = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"{self.type} {self.event_id}"
