"""Tuition's admin actions through the admin: a refund by the program's policy settles the
account (no installment is charged after it), and clearing the staff flag."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from enrolment.models import Cohort, Enrolment
from tuition.models import Payment, TuitionAccount
from tuition.services import payments

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:tuition_tuitionaccount_changelist")


def run_action(client, action, accounts_):
    data = {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in accounts_]}
    return client.post(CHANGELIST, data, follow=True)


def test_refund_by_policy_refunds_and_stops_the_installments(
    admin_client, admin_user, stripe_on, paid_deposit, django_capture_on_commit_callbacks
):
    account = paid_deposit
    with django_capture_on_commit_callbacks(execute=True):
        page = run_action(admin_client, "refund_by_policy", [account]).content.decode()
    assert "EUR 500.00 refunded, 3 scheduled installment(s) cancelled" in page
    account.refresh_from_db()
    assert account.status == TuitionAccount.Status.WITHDRAWN
    (refund,) = account.refunds.all()
    assert (refund.amount_minor, refund.decided_by) == (50_000, admin_user)
    assert stripe_on.v1.refunds.retrieve(refund.stripe_refund_id).amount == 50_000
    assert not account.payments.filter(status=Payment.Status.SCHEDULED).exists()
    assert payments.installments_charge_due(now=timezone.now() + timedelta(days=90)) == 0
    assert account.enrolment.status == Enrolment.Status.ENROLLED  # enrolment's to change
    # A second run settles nothing twice.
    page = run_action(admin_client, "refund_by_policy", [account]).content.decode()
    assert "Withdrawn: nothing to settle." in page
    assert account.refunds.count() == 1


def test_refund_by_policy_refunding_nothing_changes_nothing(admin_client, paid_deposit):
    account = paid_deposit
    # In the cohort's sixth week: the policy refunds nothing from week 4.
    Cohort.objects.filter(pk=account.enrolment.cohort_id).update(
        start_date=timezone.localdate() - timedelta(days=35)
    )
    page = run_action(admin_client, "refund_by_policy", [account]).content.decode()
    assert "The policy refunds nothing today; the installments go on." in page
    account.refresh_from_db()
    assert account.status == TuitionAccount.Status.DEPOSIT_PAID
    assert account.payments.filter(status=Payment.Status.SCHEDULED).count() == 3


def test_clear_flag_clears_only_the_selected_accounts(admin_client, paid_deposit):
    TuitionAccount.objects.update(needs_staff=True)
    page = run_action(admin_client, "clear_flag", [paid_deposit]).content.decode()
    assert "1 account(s) no longer flagged." in page
    paid_deposit.refresh_from_db()
    assert paid_deposit.needs_staff is False


def test_students_cannot_run_the_actions(client, paid_deposit):
    TuitionAccount.objects.update(needs_staff=True)
    client.force_login(paid_deposit.enrolment.user)
    response = client.post(
        CHANGELIST, {"action": "clear_flag", ACTION_CHECKBOX_NAME: [paid_deposit.pk]}
    )
    assert response.status_code == 302 and "/admin/login/" in response.url
    paid_deposit.refresh_from_db()
    assert paid_deposit.needs_staff is True
