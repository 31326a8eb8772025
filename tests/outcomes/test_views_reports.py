"""Publishing and showing reports: staff publish, anyone reads /outcomes/ and the salary
page, the auditor's CSV has one row per student in the denominator; the intent page."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from outcomes.models import JobRecord, PublishedReport
from tests.outcomes import factories as f

pytestmark = pytest.mark.django_db
PERIOD = "2027-H1"


def _cohort_with_hires(cohort, salaries):
    for salary in salaries:
        f.hire(f.graduate(cohort), start=datetime.date(2027, 5, 3), salary=salary * 100)
    f.dropout(cohort, on=cohort.start_date + datetime.timedelta(days=10))


def _publish(client, cohort, staff_user):
    client.force_login(staff_user)
    url = reverse("outcomes:publish", args=[cohort.program.pk, PERIOD])
    assert client.post(url, {"note": "First report."}).status_code == 302
    client.logout()


def test_published_figures_show_on_outcomes_and_the_salary_page(client, frozen, cohort, staff_user):
    _cohort_with_hires(cohort, [80_000, 90_000, 100_000, 110_000, 120_000])
    assert "No report has been published" in client.get(reverse("outcomes:public")).content.decode()
    _publish(client, cohort, staff_user)
    page = client.get(reverse("outcomes:public")).content.decode()
    assert "USD 100,000" in page and "from 5 salaries" in page
    assert 'data-testid="figure-enrolled">6<' in page
    assert "fewer than 5" in page  # the one dropout is suppressed
    salaries = client.get(reverse("careers:salaries")).content.decode()
    assert "USD 100,000" in salaries and "2027 H1" in salaries and "from 5 salaries" in salaries


def test_a_median_of_fewer_than_five_salaries_is_not_shown(client, frozen, cohort, staff_user):
    _cohort_with_hires(cohort, [80_000, 90_000, 100_000, 110_000])
    _publish(client, cohort, staff_user)
    page = client.get(reverse("outcomes:public")).content.decode()
    assert "USD 95,000" not in page and "not shown (fewer than 5 salaries)" in page
    assert (
        'data-testid="graduate-salaries"'
        not in client.get(reverse("careers:salaries")).content.decode()
    )


def test_a_later_edit_waits_for_the_next_version(client, frozen, cohort, staff_user):
    _cohort_with_hires(cohort, [80_000, 90_000, 100_000, 110_000, 120_000])
    _publish(client, cohort, staff_user)
    JobRecord.objects.update(base_salary_minor=20_000_000)
    assert "USD 100,000" in client.get(reverse("outcomes:public")).content.decode()
    _publish(client, cohort, staff_user)
    assert PublishedReport.objects.count() == 2
    page = client.get(reverse("outcomes:public")).content.decode()
    assert "USD 200,000" in page and "version 2" in page


def test_the_auditors_csv_has_a_row_per_counted_student(client, frozen, cohort, staff_user, gina):
    _cohort_with_hires(cohort, [80_000])
    JobRecord.objects.update(evidence="outcomes/evidence/x", evidence_state="verified")
    client.force_login(staff_user)
    response = client.get(reverse("outcomes:audit_csv", args=[cohort.program.pk, PERIOD]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3  # gina, the hire, the dropout
    by_outcome = {row["outcome"]: row for row in rows}
    assert by_outcome["full_time"]["evidence"] == "verified"
    assert by_outcome["not_reported"]["enrolment_id"] == str(gina.enrolments.get().pk)
    assert any(row["graduation"] == "not_graduated" for row in rows)


def test_the_intent_page_is_open_on_the_first_day_and_locked_on_the_second(client):
    cohort = f.finished_cohort(start=datetime.date(2027, 9, 6))
    student = f.student(cohort).user
    answers = {"seeks_in_field_job": "on", "authorised_to_work": "on"}
    with time_machine.travel(datetime.datetime(2027, 9, 6, 18, tzinfo=datetime.UTC), tick=False):
        client.force_login(student)
        assert client.post(reverse("outcomes:intent"), answers).status_code == 302
    with time_machine.travel(datetime.datetime(2027, 9, 7, 8, tzinfo=datetime.UTC), tick=False):
        client.force_login(student)
        response = client.post(reverse("outcomes:intent"), {})
        assert 'data-testid="intent-locked"' in response.content.decode()
    survey = student.enrolments.get().intent
    assert survey.seeks_in_field_job and not survey.employed_upskilling


def test_a_report_published_before_the_per_currency_median_still_reads(client, cohort, staff_user):
    """A frozen snapshot is never rewritten: the old shape (one US dollar median, a count
    of the salaries left out) renders on /outcomes/ and the salary page as it was."""
    f.graduate(cohort)
    legacy = {
        **{key: 0 for key in ("graduated_late", "not_graduated", "not_seeking")},
        **{key: 0 for key in ("part_time", "contract", "school", "out_of_field")},
        **{"still_searching": 0, "not_reported": 0, "hires_verified": 6},
        "enrolled": 7,
        "graduated_on_time": 7,
        "job_seeking": 7,
        "full_time": 7,
        "hired_in_field": 7,
        "median_salary_minor": 9_400_000,
        "salary_count": 6,
        "salary_other_currency": 1,
        "currency": "USD",
    }
    PublishedReport.objects.create(
        program=cohort.program,
        year=2027,
        half=1,
        version=1,
        as_of=datetime.date(2027, 6, 1),
        figures=legacy,
        published_by=staff_user,
    )
    page = client.get(reverse("outcomes:public")).content.decode()
    assert "USD 94,000" in page and "from 6 salaries" in page
    assert "fewer than 5 in other currencies, left out of this version" in page
    salaries = client.get(reverse("careers:salaries")).content.decode()
    assert "USD 94,000" in salaries and "from 6 salaries" in salaries


def test_a_euro_programs_published_median_leads_in_euros(client, frozen, staff_user):
    cohort = f.finished_cohort(currency="EUR")
    for thousands in (50, 52, 54, 56, 58):
        f.hire(
            f.graduate(cohort),
            start=datetime.date(2027, 5, 3),
            salary=thousands * 100_000,
            currency="EUR",
        )
    for thousands in (70, 80, 90, 100, 110, 120):
        f.hire(f.graduate(cohort), start=datetime.date(2027, 5, 3), salary=thousands * 100_000)
    _publish(client, cohort, staff_user)
    page = client.get(reverse("outcomes:public")).content.decode()
    assert page.index("EUR 54,000") < page.index("USD 95,000")
    assert "from 5 salaries" in page and "from 6 salaries" in page
    salaries = client.get(reverse("careers:salaries")).content.decode()
    assert "EUR 54,000" in salaries and "USD 95,000" not in salaries
