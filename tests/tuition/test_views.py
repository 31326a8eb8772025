"""The deposit page, the account page's tuition panel and the admin's CSV exports."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.enrolment.factories import CohortFactory
from tests.tuition.support import signed_up_and_confirmed
from tuition.models import DiscountCode, Payment, TuitionAccount

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaiting(stripe_on, tuition_price):
    cohort = CohortFactory(program=tuition_price.program, capacity=3, name="Intensive Spring")
    return signed_up_and_confirmed(tuition_price.program, cohort, "dana@example.com").tuition


def test_the_account_panel_shows_owed_paid_and_due_next(client, awaiting):
    client.force_login(awaiting.enrolment.user)
    page = client.get(reverse("account")).content.decode()
    assert "EUR 9,000.00" in page  # the tuition and what is still owed
    assert "Deposit of EUR 500.00 by" in page
    assert reverse("tuition:deposit", args=[awaiting.enrolment_id]) in page


def test_without_payments_the_account_says_the_school_arranges_tuition(client, settings, alice):
    from tests.enrolment.factories import EnrolmentFactory

    settings.STRIPE_SECRET_KEY = ""
    EnrolmentFactory(user=alice, status="enrolled")
    client.force_login(alice)
    assert "Tuition is arranged with the school" in client.get(reverse("account")).content.decode()


def test_the_deposit_page_loads_stripe_js_from_the_setting_and_allows_it(
    client, awaiting, settings
):
    client.force_login(awaiting.enrolment.user)
    response = client.get(reverse("tuition:deposit", args=[awaiting.enrolment_id]))
    page = response.content.decode()
    assert f'<script src="{settings.STRIPE_JS_URL}">' in page
    assert 'data-client-secret="seti_' in page and "pk_test_lodestar" in page
    policy = response["Content-Security-Policy"]
    assert settings.STRIPE_API_BASE in policy.split("script-src")[1].split(";")[0]
    assert "js.stripe.com" not in page.replace(settings.STRIPE_JS_URL, "")


def test_the_plan_and_a_code_are_saved(client, awaiting):
    DiscountCode.objects.create(code="SPRING15", percent_off=15, max_uses=2)
    client.force_login(awaiting.enrolment.user)
    url = reverse("tuition:deposit", args=[awaiting.enrolment_id])
    response = client.post(url, {"action": "plan", "installments": "3", "code": "spring15"})
    assert response.status_code == 302
    awaiting.refresh_from_db()
    assert (awaiting.installments, awaiting.discount_minor) == (3, 127_500)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "plan", "installments": "9", "code": ""}, "Select a valid choice"),
        ({"action": "plan", "installments": "1", "code": "NOPE"}, "That code is not known."),
        ({"action": "pay", "setup_intent": "seti_forged"}, "That card form is out of date."),
        ({"action": "pay"}, "That card form is out of date."),
    ],
)
def test_bad_input_gets_a_clear_message(client, awaiting, data, message):
    client.force_login(awaiting.enrolment.user)
    url = reverse("tuition:deposit", args=[awaiting.enrolment_id])
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert awaiting.payments.get().status == Payment.Status.SCHEDULED


def test_staff_export_balances_and_overdue_installments_as_csv(client, awaiting, staff_user):
    TuitionAccount.objects.filter(pk=awaiting.pk).update(status="deposit_paid")
    Payment.objects.create(
        account=awaiting,
        kind="installment",
        number=1,
        amount_minor=850_000,
        currency="eur",
        due_at=timezone.now() - timedelta(days=2),
        status="failed",
    )
    client.force_login(staff_user)
    changelist = reverse("admin:tuition_payment_changelist")
    overdue = client.get(changelist, {"overdue": "yes"}).content.decode()
    assert "EUR 8,500.00" in overdue and "EUR 500.00" not in overdue
    response = client.post(
        reverse("admin:tuition_tuitionaccount_changelist"),
        {"action": "export_csv", "_selected_action": [awaiting.pk]},
    )
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("email,cohort,status,currency,total_minor,paid_minor")
    assert lines[1] == "dana@example.com,Intensive Spring,Deposit paid,EUR,900000,0,0,900000,"
    payments = client.post(
        changelist,
        {
            "action": "export_csv",
            "_selected_action": list(awaiting.payments.values_list("pk", flat=True)),
        },
    ).content.decode()
    assert "850000" in payments and "." not in payments.splitlines()[1].split(",")[4]


def test_overdue_installments_list_only_students_still_charged(client, awaiting, staff_user):
    from enrolment.models import Enrolment
    from tuition import selectors

    TuitionAccount.objects.filter(pk=awaiting.pk).update(status="deposit_paid")
    late = Payment.objects.create(
        account=awaiting,
        kind="installment",
        number=1,
        amount_minor=850_000,
        currency="eur",
        due_at=timezone.now() - timedelta(days=2),
        status="failed",
    )
    assert list(selectors.overdue_installments()) == [late]
    for status in ("withdrawn", "released", "seat_lost"):
        TuitionAccount.objects.filter(pk=awaiting.pk).update(status=status)
        assert not selectors.overdue_installments().exists(), status
    TuitionAccount.objects.filter(pk=awaiting.pk).update(status="deposit_paid")
    Enrolment.objects.filter(pk=awaiting.enrolment_id).update(status="waitlisted")
    assert not selectors.overdue_installments().exists()
    client.force_login(staff_user)
    changelist = reverse("admin:tuition_payment_changelist")
    assert "EUR 8,500.00" not in client.get(changelist, {"overdue": "yes"}).content.decode()
