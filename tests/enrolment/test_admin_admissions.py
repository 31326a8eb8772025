"""Staff decide applications in bulk, see offers, open a cohort for the interest list, export."""

import csv
import datetime
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from enrolment import tasks
from enrolment.models import Enrolment, Interest, Offer, Program
from enrolment.services import applications
from tests.enrolment.factories import CohortFactory, application_data

pytestmark = pytest.mark.django_db
Status = Enrolment.Status
CHANGELIST = reverse("admin:enrolment_enrolment_changelist")


@pytest.fixture
def applicants(intensive):
    Program.objects.filter(pk=intensive.pk).update(admission=Program.Admission.REVIEWED)
    intensive.refresh_from_db()
    cohort = CohortFactory(program=intensive, capacity=1)
    return [
        applications.application_submit(
            program=intensive, cohort=cohort, **application_data(email=f"a{n}@example.com")
        )
        for n in range(3)
    ]


def statuses(enrolments):
    return [Enrolment.objects.get(pk=e.pk).status for e in enrolments]


def test_accepting_in_bulk_offers_the_seat_then_waitlists(admin_client, applicants):
    admin_client.post(
        CHANGELIST, {"action": "approve", ACTION_CHECKBOX_NAME: [a.pk for a in applicants[:2]]}
    )
    assert statuses(applicants) == [Status.OFFERED, Status.WAITLISTED, Status.APPLIED]
    page = admin_client.get(reverse("admin:enrolment_offer_changelist")).content.decode()
    assert "a0@example.com" in page or "Waiting for an answer" in page


def test_rejecting_asks_for_a_message_then_emails_it(
    admin_client, applicants, eager_celery, mailoutbox, django_capture_on_commit_callbacks
):
    chosen = {"action": "reject", ACTION_CHECKBOX_NAME: [applicants[2].pk]}
    page = admin_client.post(CHANGELIST, chosen)
    assert "Reject applications" in page.content.decode()
    assert 'name="action" value="reject"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(CHANGELIST, {**chosen, "apply": "1", "message": "Try the May cohort."})
    assert statuses(applicants)[2] == Status.REJECTED
    assert "Try the May cohort." in mailoutbox[-1].body


def test_a_new_cohort_in_the_admin_places_the_interest_list(admin_client, flexible):
    for n in range(2):
        applications.application_submit(
            program=flexible, cohort=None, **application_data(email=f"w{n}@example.com")
        )
    start = timezone.localdate() + datetime.timedelta(days=30)
    response = admin_client.post(
        reverse("admin:enrolment_cohort_add"),
        {
            "program": flexible.pk,
            "name": "Flexible Autumn",
            "start_date": start.isoformat(),
            "capacity": 1,
            "enrolments-TOTAL_FORMS": 0,
            "enrolments-INITIAL_FORMS": 0,
            "enrolments-MIN_NUM_FORMS": 0,
            "enrolments-MAX_NUM_FORMS": 1000,
        },
        follow=True,
    )
    assert "2 placed from the Flexible interest list" in response.content.decode()
    placed = Enrolment.objects.filter(cohort__name="Flexible Autumn").order_by("created_at")
    assert [e.status for e in placed] == [Status.OFFERED, Status.WAITLISTED]


def test_the_interest_list_exports_as_csv(admin_client, flexible):
    applications.application_submit(
        program=flexible, cohort=None, **application_data(name="=cmd Person")
    )
    response = admin_client.post(
        reverse("admin:enrolment_interest_changelist"),
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [Interest.objects.get().pk]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["name", "email", "program"]
    assert rows[1][0] == "'=cmd Person" and rows[1][2] == "Flexible"


def test_the_beat_tasks_are_safe_to_run_twice(applicants, admin_user):
    from enrolment.services import changes

    changes.enrolment_approve(enrolment=applicants[0], actor=admin_user)
    Offer.objects.update(expires_at=timezone.now())
    assert tasks.expire_offers() == 1
    assert tasks.expire_offers() == 0
    assert tasks.release_unconfirmed_seats() == 0
