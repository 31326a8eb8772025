"""The audit trail: what staff and instructors change is recorded, kept and exported."""

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from courses.models import Extension
from enrolment.models import Cohort
from labs.models import Submission
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:auditlog_logentry_changelist")
EXPORT = reverse("admin:auditlog_logentry_export")


def entries_for(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
    ).order_by("pk")


def change_capacity(client, cohort, capacity, **extra):
    """The cohort's change form in the admin, posted as a browser would."""
    data = {
        "program": cohort.program_id,
        "name": cohort.name,
        "start_date": cohort.start_date.isoformat(),
        "capacity": capacity,
        "instructors": list(cohort.instructors.values_list("pk", flat=True)),
        "enrolments-TOTAL_FORMS": 0,
        "enrolments-INITIAL_FORMS": 0,
        "enrolments-MIN_NUM_FORMS": 0,
        "enrolments-MAX_NUM_FORMS": 1000,
    }
    url = reverse("admin:enrolment_cohort_change", args=[cohort.pk])
    return client.post(url, data, **extra)


def test_an_admin_change_is_recorded_with_who_what_and_where(client, staff_user, cohort):
    client.force_login(staff_user)
    response = change_capacity(client, cohort, 45, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    assert Cohort.objects.get(pk=cohort.pk).capacity == 45

    entry = entries_for(cohort).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == staff_user
    assert entry.actor_email == "sam@example.com"
    assert entry.remote_addr == "203.0.113.9"
    assert entry.changes_dict == {"capacity": [30, 45]}


def test_the_address_is_read_through_the_trusted_proxies_only(client, staff_user, cohort, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(staff_user)
    change_capacity(
        client,
        cohort,
        31,
        REMOTE_ADDR="10.0.0.2",  # the proxy
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.10",  # forged, then the proxy's entry
    )
    entry = entries_for(cohort).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.remote_addr == "203.0.113.10"


def test_giving_someone_a_cohort_to_teach_is_recorded(client, staff_user, cohort):
    newcomer = UserFactory(username="nora")
    client.force_login(staff_user)
    cohort.instructors.add(newcomer)
    entry = entries_for(cohort).latest("timestamp")
    assert entry.changes_dict["instructors"]["objects"] == [str(newcomer)]


def test_an_instructor_tool_change_is_recorded_too(client, instructor, enrolled_alice, cohort):
    client.force_login(instructor)
    response = client.post(
        reverse("courses:extensions", kwargs={"cohort_id": cohort.pk}),
        {"student": enrolled_alice.pk, "extra_days": 3, "reason": "Ill for a week."},
        REMOTE_ADDR="192.0.2.44",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    extension = Extension.objects.get()
    entry = entries_for(extension).get()
    assert (entry.action, entry.actor, entry.remote_addr) == (
        LogEntry.Action.CREATE,
        instructor,
        "192.0.2.44",
    )
    assert entry.changes_dict["reason"] == [None, "Ill for a week."]


def test_a_regrade_is_recorded_with_the_grade_it_had(client, instructor, enrolled_alice, cohort):
    from tests.labs.factories import lab_on_builtin

    lab = lab_on_builtin(dataset_slug="wine", slug="regraded-lab", week=1, train_reference=False)
    submission = Submission.objects.create(
        lab=lab,
        student=enrolled_alice,
        cohort=cohort,
        # A file to grade again (a deleted account's submissions have none and keep their grade).
        file="submissions/regraded.csv",
        size_bytes=10,
        status="graded",
        passed=True,
        public_score=0.9,
    )
    client.force_login(instructor)
    client.post(reverse("labs:gradebook_regrade", kwargs={"pk": submission.pk}))
    entry = entries_for(submission).get()
    assert entry.actor == instructor
    assert entry.changes_dict == {
        "status": ["graded", "queued"],
        "passed": [True, None],
        "public_score": [0.9, None],
    }


def test_password_hashes_never_reach_the_trail(staff_user):
    staff_user.set_password("a-new-long-password")
    staff_user.save()
    assert all("password" not in entry.changes_dict for entry in entries_for(staff_user))


# ---------------------------------------------------------------- append-only


def test_no_one_can_change_or_delete_an_entry_in_the_admin(client, staff_user, cohort):
    client.force_login(staff_user)
    change_capacity(client, cohort, 40)
    entry = entries_for(cohort).filter(action=LogEntry.Action.UPDATE).get()
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])

    page = client.get(change)
    assert page.status_code == 200  # readable
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change, {"object_repr": "nothing happened"}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    # Nor as a bulk action from the list.
    client.post(CHANGELIST, {"action": "delete_selected", ACTION_CHECKBOX_NAME: [entry.pk]})
    entry.refresh_from_db()
    assert entry.changes_dict == {"capacity": [30, 40]}
    assert entry.object_repr == str(cohort)


def test_staff_read_the_trail_in_the_admin(client, staff_user, cohort):
    client.force_login(staff_user)
    change_capacity(client, cohort, 33, REMOTE_ADDR="203.0.113.7")
    page = client.get(CHANGELIST).content.decode()
    assert "203.0.113.7" in page and "capacity" in page
    assert "Export as CSV" in page


# ---------------------------------------------------------------- export


def _rows(response):
    assert response["Content-Type"] == "text/csv"
    assert "attachment;" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_staff_export_the_trail_as_csv_with_the_filters(client, staff_user, cohort):
    client.force_login(staff_user)
    change_capacity(client, cohort, 35, REMOTE_ADDR="203.0.113.8")
    rows = _rows(client.get(EXPORT, {"action__exact": LogEntry.Action.UPDATE}))
    header, *body = rows
    assert header[:5] == ["when", "who", "who (email)", "from address", "action"]
    cohort_rows = [row for row in body if row[5] == "enrolment.cohort"]
    assert len(cohort_rows) == 1
    assert cohort_rows[0][1:5] == ["sam", "sam@example.com", "203.0.113.8", "update"]
    assert '"capacity": [30, 35]' in cohort_rows[0][8]
    assert all(row[4] == "update" for row in body)


def test_the_export_action_exports_the_selected_entries(client, staff_user, cohort):
    client.force_login(staff_user)
    change_capacity(client, cohort, 36)
    entry = entries_for(cohort).filter(action=LogEntry.Action.UPDATE).get()
    response = client.post(
        CHANGELIST, {"action": "export_selected", ACTION_CHECKBOX_NAME: [entry.pk]}
    )
    header, *body = _rows(response)
    assert [row[6] for row in body] == [str(cohort.pk)]


def test_a_formula_in_a_name_is_exported_as_text(client, staff_user):
    client.force_login(staff_user)
    UserFactory(username="=HYPERLINK(1)")
    rows = _rows(client.get(EXPORT))
    assert any(row[7] == "'=HYPERLINK(1)" for row in rows)


def test_only_staff_export_the_trail(client, instructor):
    client.force_login(instructor)
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_bad_filter_is_a_clear_400(client, staff_user):
    client.force_login(staff_user)
    response = client.get(EXPORT, {"timestamp__year": "not-a-year"})
    assert response.status_code == 400
    assert b"These filters are not valid" in response.content


def test_the_kind_filter_lists_what_is_in_the_trail_and_ignores_nonsense(
    client, staff_user, cohort
):
    client.force_login(staff_user)
    change_capacity(client, cohort, 37)
    cohort_type = ContentType.objects.get_for_model(Cohort)
    response = client.get(CHANGELIST, {"resource_type": cohort_type.pk})
    assert {entry.content_type_id for entry in response.context["cl"].result_list} == {
        cohort_type.pk
    }
    for nonsense in ("99999999999999999999999", "x", "-1"):
        assert client.get(CHANGELIST, {"resource_type": nonsense}).status_code == 200
