"""A graduate's records with evidence, seen from both sides: gina owns, hugo is a classmate,
carla is career staff."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from outcomes.models import JobRecord
from tests.outcomes import factories as f
from tests.outcomes.conftest import login_verified

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 offer letter"


def _hire_form(cohort, **extra):
    return {
        "status": "hired",
        "employer": "Acme AI",
        "role_title": "ML engineer",
        "in_field_role": f.ml_engineer(cohort.program).pk,
        "kind": "full_time",
        "start_date": "2027-05-03",
        "base_salary": "95000",
        "salary_currency": "USD",
        **extra,
    }


def _upload(name="offer.pdf", content=PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_graduate_records_a_hire_with_private_evidence(client, frozen, cohort, gina, hugo, carla):
    client.force_login(gina)
    data = _hire_form(cohort, evidence_file=_upload())
    response = client.post(reverse("outcomes:record_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = JobRecord.objects.get()
    assert record.base_salary_minor == 9_500_000 and record.salary_currency == "USD"
    assert record.evidence_state == JobRecord.Evidence.UNVERIFIED
    assert "offer" not in record.evidence.name and record.evidence_name == "offer.pdf"
    url = reverse("outcomes:evidence", args=[record.pk])
    assert b"".join(client.get(url).streaming_content) == PDF
    client.force_login(hugo)
    assert client.get(url).status_code == 404
    login_verified(client, carla)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    "currency, stored, shown",
    [
        ("USD", 9_500_000, "USD 95,000"),
        ("JPY", 95_000, "JPY 95,000"),  # the yen has no minor unit
        ("kwd", 95_000_000, "KWD 95,000"),  # three places: 1000 fils to the dinar
    ],
)
def test_a_salary_is_kept_in_its_own_currencys_minor_unit(
    client, frozen, cohort, gina, currency, stored, shown
):
    client.force_login(gina)
    data = _hire_form(cohort, salary_currency=currency)
    assert client.post(reverse("outcomes:record_create"), data).status_code == 302
    record = JobRecord.objects.get()
    assert (record.base_salary_minor, record.salary_currency) == (stored, currency.upper())
    assert shown in client.get(reverse("outcomes:mine")).content.decode()
    edit = client.get(reverse("outcomes:record_edit", args=[record.pk])).content.decode()
    assert 'name="base_salary" value="95000"' in edit


def test_evidence_over_the_limit_is_not_stored(client, frozen, cohort, gina, settings):
    settings.OUTCOMES_MAX_EVIDENCE_BYTES = 1000
    client.force_login(gina)
    data = _hire_form(cohort, evidence_file=_upload(content=b"%PDF" + b"x" * 5000))
    response = client.post(reverse("outcomes:record_create"), data)
    assert response.status_code == 200
    assert "limit" in response.content.decode()
    assert not JobRecord.objects.exists()


def test_evidence_of_the_wrong_type_is_refused(client, frozen, cohort, gina):
    client.force_login(gina)
    data = _hire_form(cohort, evidence_file=_upload(name="offer.exe"))
    response = client.post(reverse("outcomes:record_create"), data)
    assert "PDF, PNG or JPEG" in response.content.decode()
    assert not JobRecord.objects.exists()


def test_career_staff_verify_and_a_later_edit_by_the_graduate_unverifies(
    client, frozen, cohort, gina, carla
):
    record = f.hire(gina.enrolments.get(), start=datetime.date(2027, 5, 3))
    record.evidence.save("evidence", __import__("io").BytesIO(PDF), save=False)
    record.evidence_state = JobRecord.Evidence.UNVERIFIED
    record.save()
    login_verified(client, carla)
    url = reverse("outcomes:record_verify", args=[record.pk])
    assert client.post(url, {"verdict": "verified"}).status_code == 302
    record.refresh_from_db()
    assert (record.evidence_state, record.verified_by) == ("verified", carla)
    client.force_login(gina)
    assert client.post(url, {"verdict": "verified"}).status_code == 404  # not career staff
    edit = reverse("outcomes:record_edit", args=[record.pk])
    assert client.post(edit, _hire_form(cohort, base_salary="99000")).status_code == 302
    record.refresh_from_db()
    assert record.evidence_state == JobRecord.Evidence.UNVERIFIED


def test_career_staff_record_on_a_graduates_behalf_and_see_the_pipeline(
    client, frozen, cohort, gina, hugo, carla
):
    login_verified(client, carla)
    url = reverse("outcomes:record_create_for", args=[gina.enrolments.get().pk])
    assert client.post(url, _hire_form(cohort)).status_code == 302
    record = JobRecord.objects.get()
    assert record.created_by == carla and record.enrolment.user == gina
    page = client.get(reverse("outcomes:pipeline", args=[cohort.pk])).content.decode()
    assert "2 graduates" in page and "1 hired" in page and "1 hires not verified" in page
    assert "1 with no news for 30 days" in page  # hugo: no record at all


@pytest.mark.parametrize("days, stale", [(29, False), (30, True), (45, True)])
def test_a_record_untouched_for_30_days_is_stale(client, cohort, gina, carla, days, stale):
    """A searching record last updated `days` ago, the clock frozen at that moment: stale
    from the 30th day ("no news for 30 days"), not on the 29th."""
    updated = datetime.datetime(2027, 5, 3, 9, tzinfo=datetime.UTC)
    record = JobRecord.objects.create(
        enrolment=gina.enrolments.get(),
        status=JobRecord.Status.SEARCHING,
        created_at=updated,
        updated_at=updated,
    )
    with time_machine.travel(updated + datetime.timedelta(days=days), tick=False):
        login_verified(client, carla)
        page = client.get(reverse("outcomes:pipeline", args=[cohort.pk])).content.decode()
    assert f"{int(stale)} with no news for 30 days" in page
    row = page.split('data-testid="pipeline-row-gina"')[1].split("</tr>")[0]
    assert record.get_status_display() in row
    assert ("stale</span>" in row) is stale


def test_career_staff_are_no_reviewers(client, frozen, cohort, carla):
    from labs.access import can_review_labs

    assert not can_review_labs(carla)
    login_verified(client, carla)
    assert client.get(reverse("labs:gradebook", args=[cohort.pk])).status_code in (403, 404)


def test_an_unverified_career_staff_session_is_sent_to_the_second_factor(client, cohort, carla):
    client.force_login(carla)  # a password-only session: carla has no device
    response = client.get(reverse("outcomes:pipeline_index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_setup"))


def test_students_find_no_career_pages(client, frozen, cohort, gina):
    client.force_login(gina)
    for url in (
        reverse("outcomes:pipeline_index"),
        reverse("outcomes:pipeline", args=[cohort.pk]),
        reverse("outcomes:report_index"),
    ):
        assert client.get(url).status_code == 404, url
