"""Staff tools in the admin: cohort counts and filters, enrolment actions, history."""

import csv
import datetime
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from enrolment.models import Cohort, Enrolment
from enrolment.services import applications
from tests.enrolment.factories import CohortFactory, application_data

pytestmark = pytest.mark.django_db
Status = Enrolment.Status
CHANGELIST = reverse("admin:enrolment_enrolment_changelist")


@pytest.fixture
def one_seat_cohort(intensive):
    return CohortFactory(program=intensive, capacity=1, name="Intensive Spring")


@pytest.fixture
def people(one_seat_cohort):
    """'seated' holds the only seat, 'first' then 'second' wait."""
    return {
        name: applications.application_submit(
            program=one_seat_cohort.program,
            cohort=one_seat_cohort,
            **application_data(email=f"{name}@example.com", name=f"{name.title()} Person"),
        )
        for name in ("seated", "first", "second")
    }


def run_action(client, action, enrolments, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [e.pk for e in enrolments], **extra}
    return client.post(CHANGELIST, data, follow=not extra.get("_no_follow"))


def status_of(enrolment):
    return Enrolment.objects.get(pk=enrolment.pk).status


def test_students_cannot_open_the_admin(client, alice):
    client.force_login(alice)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_cohort_list_shows_counts(admin_client, one_seat_cohort, people):
    response = admin_client.get(reverse("admin:enrolment_cohort_changelist"))
    row = response.context["cl"].result_list.get(pk=one_seat_cohort.pk)
    assert (row.enrolled_count, row.waitlisted_count) == (1, 2)
    assert "1 / 1" in response.content.decode()


def test_cohort_list_filters_by_derived_status(admin_client, intensive, one_seat_cohort):
    running = CohortFactory(
        program=intensive,
        name="Running Now",
        start_date=timezone.localdate() - datetime.timedelta(9),
    )
    url = reverse("admin:enrolment_cohort_changelist")
    response = admin_client.get(url, {"status": Cohort.Status.RUNNING})
    assert list(response.context["cl"].result_list) == [running]
    response = admin_client.get(url, {"status": Cohort.Status.OPEN})
    assert list(response.context["cl"].result_list) == [one_seat_cohort]


def test_cohort_search_by_student_keeps_counts_right(admin_client, one_seat_cohort, people):
    response = admin_client.get(reverse("admin:enrolment_cohort_changelist"), {"q": "example.com"})
    rows = list(response.context["cl"].result_list)
    assert rows == [one_seat_cohort]
    assert (rows[0].enrolled_count, rows[0].waitlisted_count) == (1, 2)


def test_cohort_change_page_shows_enrolments_inline(admin_client, one_seat_cohort, people):
    response = admin_client.get(reverse("admin:enrolment_cohort_change", args=[one_seat_cohort.pk]))
    assert response.status_code == 200
    assert "seated@example.com" in response.content.decode()


def test_capacity_below_seats_taken_is_refused(admin_client, one_seat_cohort, people):
    url = reverse("admin:enrolment_cohort_change", args=[one_seat_cohort.pk])
    data = {
        "program": one_seat_cohort.program.pk,
        "name": one_seat_cohort.name,
        "start_date": one_seat_cohort.start_date.isoformat(),
        "capacity": 0,
        "enrolments-TOTAL_FORMS": 3,
        "enrolments-INITIAL_FORMS": 3,
        "enrolments-MIN_NUM_FORMS": 0,
        "enrolments-MAX_NUM_FORMS": 1000,
    }
    for index, enrolment in enumerate(people.values()):
        data[f"enrolments-{index}-id"] = enrolment.pk
        data[f"enrolments-{index}-cohort"] = one_seat_cohort.pk
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "capacity" in response.context["adminform"].form.errors
    data["capacity"] = 2
    response = admin_client.post(url, data)
    assert response.status_code == 302
    # The extra seat went to the head of the waitlist.
    assert status_of(people["first"]) == Status.OFFERED


def test_approve_action_respects_capacity(admin_client, one_seat_cohort, people):
    response = run_action(admin_client, "approve", [people["first"]])
    assert "is full" in response.content.decode()
    assert status_of(people["first"]) == Status.WAITLISTED
    Cohort.objects.filter(pk=one_seat_cohort.pk).update(capacity=2)
    run_action(admin_client, "approve", [people["first"]])
    assert status_of(people["first"]) == Status.OFFERED


def test_withdraw_action_promotes_and_records_the_staff_member(admin_client, admin_user, people):
    response = run_action(admin_client, "withdraw", [people["seated"]])
    assert "1 withdrawn" in response.content.decode()
    assert status_of(people["seated"]) == Status.WITHDRAWN
    assert status_of(people["first"]) == Status.OFFERED
    event = Enrolment.objects.get(pk=people["seated"].pk).events.latest("at", "pk")
    assert event.actor == admin_user


def test_waitlist_action(admin_client, people):
    run_action(admin_client, "waitlist", [people["seated"]])
    assert status_of(people["seated"]) == Status.WAITLISTED
    assert status_of(people["first"]) == Status.OFFERED


def test_move_action_shows_an_intermediate_page_then_moves(admin_client, people, flexible):
    target = CohortFactory(program=flexible, capacity=3, name="Flexible Summer")
    response = run_action(admin_client, "move_to_cohort", [people["seated"]])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Flexible Summer" in page
    assert 'name="action" value="move_to_cohort"' in page
    assert 'name="apply" value="Move"' in page
    assert Enrolment.objects.get(pk=people["seated"].pk).cohort != target
    response = run_action(
        admin_client,
        "move_to_cohort",
        [people["seated"]],
        apply="Move",
        cohort=target.pk,
        note="asked to switch",
    )
    moved = Enrolment.objects.get(pk=people["seated"].pk)
    assert (moved.cohort, moved.status) == (target, Status.ENROLLED)
    assert status_of(people["first"]) == Status.OFFERED
    assert moved.events.latest("at", "pk").note == "asked to switch"


def test_move_action_to_a_full_cohort_reports_an_error(admin_client, people, flexible):
    target = CohortFactory(program=flexible, capacity=0)
    response = run_action(
        admin_client, "move_to_cohort", [people["seated"]], apply="Move", cohort=target.pk
    )
    assert "is full" in response.content.decode()
    assert Enrolment.objects.get(pk=people["seated"].pk).cohort != target


def test_enrolment_change_page_shows_the_history(admin_client, people):
    run_action(admin_client, "withdraw", [people["seated"]])
    url = reverse("admin:enrolment_enrolment_change", args=[people["first"].pk])
    content = admin_client.get(url).content.decode()
    assert "seat offered from the waitlist" in content
    assert "signed up" in content


def test_enrolment_list_shows_waitlist_positions(admin_client, people):
    response = admin_client.get(CHANGELIST)
    rows = {e.pk: e for e in response.context["cl"].result_list}
    assert rows[people["second"].pk].ahead == 1


def test_export_csv_escapes_formula_cells(admin_client, one_seat_cohort):
    applications.application_submit(
        program=one_seat_cohort.program,
        cohort=one_seat_cohort,
        **application_data(name="=HYPERLINK(evil) Person", motivation="+1 @everyone -- go"),
    )
    enrolment = Enrolment.objects.get()
    response = run_action(admin_client, "export_csv", [enrolment])
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "name"
    assert rows[1][0] == "'=HYPERLINK(evil) Person"
    assert rows[1][rows[0].index("motivation")] == "'+1 @everyone -- go"
    assert rows[1][rows[0].index("email")] == "carla@example.com"


def test_staff_create_a_cohort_whose_end_date_follows_the_program(admin_client, flexible, alice):
    start = timezone.localdate() + datetime.timedelta(days=30)
    response = admin_client.post(
        reverse("admin:enrolment_cohort_add"),
        {
            "program": flexible.pk,
            "name": "Flexible Autumn",
            "start_date": start.isoformat(),
            "capacity": 15,
            "instructors": [alice.pk],
            "enrolments-TOTAL_FORMS": 0,
            "enrolments-INITIAL_FORMS": 0,
            "enrolments-MIN_NUM_FORMS": 0,
            "enrolments-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    cohort = Cohort.objects.get(name="Flexible Autumn")
    assert cohort.end_date == start + datetime.timedelta(weeks=30, days=-1)
    assert list(cohort.instructors.all()) == [alice]
