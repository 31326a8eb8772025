"""Demo data for tuition: each program's price, deposit, plans and refund policy, a
discount code and a scholarship, so that staff see them in the admin after `make run`.
Payments stay off (no Stripe keys), so nobody is asked to pay; with keys set, a seat kept
from then on asks for these deposits. Idempotent, on any date (the code expires a year
after the seed)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from enrolment.models import Program
from tuition.models import DiscountCode, TuitionPrice

# slug: (price, deposit, most installments, no refund from week), in euro cents
PRICES = {
    "intensive": (900_000, 50_000, 3, 4),
    "flexible": (750_000, 50_000, 6, 8),
}


def seed_tuition_demo() -> None:
    for program in Program.objects.filter(slug__in=PRICES):
        price, deposit, installments, no_refund_from_week = PRICES[program.slug]
        TuitionPrice.objects.update_or_create(
            program=program,
            defaults={
                "currency": "eur",
                "price_minor": price,
                "deposit_minor": deposit,
                "max_installments": installments,
                "no_refund_from_week": no_refund_from_week,
            },
        )
    DiscountCode.objects.get_or_create(
        code="EARLYBIRD",
        defaults={
            "percent_off": 10,
            "max_uses": 20,
            "expires_at": timezone.now() + timedelta(days=365),
        },
    )
    student = get_user_model().objects.filter(username="student").first()
    if student is not None:
        DiscountCode.objects.get_or_create(
            code="WOMEN-IN-ML-STUDENT",
            defaults={
                "is_scholarship": True,
                "only_for": student,
                "amount_off_minor": 300_000,
                "max_uses": 1,
            },
        )
