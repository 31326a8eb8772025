"""The upload rule (labs.services.upload_rule): the lab page offers the form and the dashboard
its "Submit" button exactly when intake (and the API) take the upload, with time frozen at
each boundary: the student's cutoff, the day the lab opens, and midnight for the daily limit.

The cohort is three weeks in and the week-1 lab, as in the demo, is past its cutoff today:
the issue's case, where the page offered "3 of 5 submissions left today" and intake refused.
"""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from api import services as token_services
from courses.models import LatePolicy
from labs.models import Submission
from labs.services import intake
from labs.services.upload_rule import upload_refusal
from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference
from tests.support import cutoff_moment

pytestmark = [pytest.mark.django_db, pytest.mark.course_rules]

UPLOAD = intake.UploadedPredictions(name="p.csv", content=b"id,prediction\n1,a\n")
SECOND = datetime.timedelta(seconds=1)
AROUND = pytest.mark.parametrize(
    ("offset", "accepted"),
    [(-SECOND, True), (datetime.timedelta(0), False), (SECOND, False)],
    ids=["1s-before", "at", "1s-after"],
)


@pytest.fixture
def lab(db):
    return lab_with_reference(slug="missing-values", week=1, title="Missing values")


@pytest.fixture
def policy(cohort):
    """2 hours' grace, 10% a day, no uploads 3 days after the due date."""
    policy, _ = LatePolicy.objects.update_or_create(
        program=cohort.program,
        lab=None,
        defaults={"grace_hours": 2, "penalty_per_day": 0.1, "cutoff_days": 3},
    )
    return policy


def _lab_page(client, lab) -> str:
    response = client.get(reverse("labs:detail", args=[lab.slug]))
    assert response.status_code == 200
    return response.content.decode()


def _offers_form(body: str) -> bool:
    return 'data-testid="upload-form"' in body


def _upload(lab, student, cohort) -> Submission:
    return intake.submission_create(lab=lab, student=student, cohort=cohort, upload=UPLOAD)


def _dashboard_row(client, lab) -> str:
    body = client.get(reverse("labs:dashboard")).content.decode()
    return body.split(f'data-lab="{lab.slug}"')[1].split('data-testid="lab-row"')[0]


def _refused(lab, student, cohort) -> intake.SubmissionRefused:
    with pytest.raises(intake.SubmissionRefused) as refused:
        _upload(lab, student, cohort)
    assert not isinstance(refused.value, intake.SubmissionThrottled)
    return refused.value


# ---------------------------------------------------------------- the cutoff


@AROUND
def test_the_form_shows_exactly_while_intake_accepts_around_the_cutoff(
    client, enrolled_alice, cohort, lab, policy, offset, accepted
):
    cutoff = cutoff_moment(lab, cohort, policy)
    with time_machine.travel(cutoff + offset, tick=False):
        client.force_login(enrolled_alice)
        body = _lab_page(client, lab)
        assert _offers_form(body) is accepted
        if accepted:
            assert "5 of 5 submissions left today" in body
            assert _upload(lab, enrolled_alice, cohort).created_at == cutoff + offset
            return
        assert 'data-refusal="closed"' in body and "submissions left today" not in body
        refused = _refused(lab, enrolled_alice, cohort)
    # Intake refuses with the words the page shows: the date it closed, and what to do.
    assert refused.refusal.code == "closed"
    assert refused.refusal.reason in body and refused.refusal.hint in body
    closed_at = date_format(timezone.localtime(cutoff), "l j F, H:i")
    assert f"Uploads for this lab closed on {closed_at}" in str(refused)
    assert "ask your instructor for an extension" in str(refused)
    assert not Submission.objects.exists()


@AROUND
def test_the_dashboard_offers_submit_exactly_while_intake_accepts(
    client, enrolled_alice, cohort, lab, policy, offset, accepted
):
    with time_machine.travel(cutoff_moment(lab, cohort, policy) + offset, tick=False):
        client.force_login(enrolled_alice)
        row = _dashboard_row(client, lab)
        body = client.get(reverse("labs:dashboard")).content.decode()
        history = client.get(reverse("labs:dashboard_lab", args=[lab.slug])).content.decode()
        rule_accepts = upload_refusal(lab=lab, student=enrolled_alice, cohort=cohort) is None
    assert rule_accepts is accepted
    assert ('data-testid="submit-button"' in row) is accepted
    assert ('data-testid="submit-button"' in history) is accepted
    assert ('data-refusal="closed"' in row) is not accepted
    assert ('data-refusal="closed"' in history) is not accepted
    # A closed lab is no longer "next up": the dashboard says what is left to do instead.
    assert ('data-testid="next-lab"' in body) is accepted
    assert ('data-testid="closed-not-passed"' in body) is not accepted


def test_an_extension_brings_the_form_back_after_the_cohorts_cutoff(
    client, enrolled_alice, cohort, lab, policy
):
    from courses.services import extension_grant

    instructor = cohort.instructors.create(username="ines")
    cutoff = cutoff_moment(lab, cohort, policy)
    with time_machine.travel(cutoff + SECOND, tick=False):
        client.force_login(enrolled_alice)
        assert not _offers_form(_lab_page(client, lab))
        extension_grant(
            student=enrolled_alice,
            cohort=cohort,
            granted_by=instructor,
            reason="Ill",
            lab=lab,
            due_on=lab.due_on(cohort) + datetime.timedelta(days=2),
        )
        assert _offers_form(_lab_page(client, lab))
        _upload(lab, enrolled_alice, cohort)


def test_the_api_refuses_at_the_cutoff_with_the_same_message(enrolled_alice, cohort, lab, policy):
    from django.test import Client

    with time_machine.travel(cutoff_moment(lab, cohort, policy), tick=False):
        secret = token_services.token_create(user=enrolled_alice, name="laptop").secret
        response = Client().post(
            reverse("api-1:lab_submit", kwargs={"slug": lab.slug}),
            {"file": SimpleUploadedFile("p.csv", UPLOAD.content, content_type="text/csv")},
            headers={"Authorization": f"Bearer {secret}"},
        )
        expected = upload_refusal(lab=lab, student=enrolled_alice, cohort=cohort)
    assert response.status_code == 400
    assert response.json()["code"] == "refused"
    assert response.json()["detail"] == str(expected)
    assert expected.code == "closed"


# ---------------------------------------------------------------- the daily limit


def _use_the_daily_limit(lab, student, cohort):
    for _ in range(lab.daily_limit):
        SubmissionFactory(lab=lab, student=student, cohort=cohort, passed=False)
    # A rejected file does not count against the limit.
    SubmissionFactory(
        lab=lab, student=student, cohort=cohort, status=Submission.Status.REJECTED, passed=None
    )


def test_the_daily_limit_hides_the_form_until_midnight(client, enrolled_alice, cohort, lab, policy):
    lab.daily_limit = 2
    lab.save()
    # Two days before the cutoff (a midnight), at ten in the morning.
    morning = cutoff_moment(lab, cohort, policy, days=-2, hours=10)
    midnight = cutoff_moment(lab, cohort, policy, days=-1)
    with time_machine.travel(morning, tick=False):
        _use_the_daily_limit(lab, enrolled_alice, cohort)
        client.force_login(enrolled_alice)
        body = _lab_page(client, lab)
        refused = _refused(lab, enrolled_alice, cohort)
        row = _dashboard_row(client, lab)
    assert not _offers_form(body) and 'data-refusal="daily_limit"' in body
    assert refused.refusal.code == "daily_limit" and refused.refusal.reason in body
    assert "You have used all 2 submissions for this lab today" in str(refused)
    assert "try again tomorrow" in str(refused)
    assert 'data-refusal="daily_limit"' in row and 'data-testid="submit-button"' not in row
    with time_machine.travel(midnight - SECOND, tick=False):
        assert not _offers_form(_lab_page(client, lab))
        _refused(lab, enrolled_alice, cohort)
    with time_machine.travel(midnight, tick=False):
        assert _offers_form(_lab_page(client, lab))
        assert 'data-testid="submit-button"' in _dashboard_row(client, lab)
        _upload(lab, enrolled_alice, cohort)


def test_the_daily_limit_on_the_last_day_does_not_say_try_again_tomorrow(
    client, enrolled_alice, cohort, lab, policy
):
    lab.daily_limit = 1
    lab.save()
    with time_machine.travel(cutoff_moment(lab, cohort, policy, hours=-3), tick=False):
        _use_the_daily_limit(lab, enrolled_alice, cohort)
        client.force_login(enrolled_alice)
        body = _lab_page(client, lab)
        refused = _refused(lab, enrolled_alice, cohort)
    assert refused.refusal.code == "daily_limit" and refused.refusal.hint in body
    assert "today was the last day" in str(refused) and "try again tomorrow" not in str(refused)
    assert "ask your instructor for an extension" in str(refused)


# ---------------------------------------------------------------- not open yet


def test_a_lab_not_open_yet_says_when_it_opens_and_takes_no_upload(
    client, enrolled_alice, cohort, policy
):
    later = lab_with_reference(slug="later-lab", week=12, title="Later lab")
    opens_on = later.opens_on(cohort)
    opening = datetime.datetime.combine(opens_on, datetime.time(), timezone.get_current_timezone())
    with time_machine.travel(opening - SECOND, tick=False):
        client.force_login(enrolled_alice)
        body = _lab_page(client, later)
        refused = _refused(later, enrolled_alice, cohort)
    assert not _offers_form(body) and 'data-refusal="not_open"' in body
    assert refused.refusal.code == "not_open" and refused.refusal.reason in body
    assert f"This lab opens on {date_format(opens_on, 'l j F')}" in str(refused)
    with time_machine.travel(opening, tick=False):
        assert _offers_form(_lab_page(client, later))
        assert 'data-testid="submit-button"' in _dashboard_row(client, later)
        _upload(later, enrolled_alice, cohort)


# ------------------------------------------------- the cutoff's reader (registered)


def test_the_course_rules_register_the_cutoffs_reader(enrolled_alice, cohort, lab, policy):
    # labs never imports courses: CoursesConfig.ready hands the upload rule its reader.
    from courses.selectors import lab_result_for
    from labs.services import upload_rule

    assert upload_rule._readers["lab_result"] is lab_result_for
    with time_machine.travel(cutoff_moment(lab, cohort, policy), tick=False):
        assert upload_refusal(lab=lab, student=enrolled_alice, cohort=cohort).code == "closed"


def test_without_the_course_rules_the_upload_rule_refuses_to_guess(
    monkeypatch, enrolled_alice, cohort, lab
):
    from django.core.exceptions import ImproperlyConfigured

    from labs.services import upload_rule

    monkeypatch.setattr(upload_rule, "_readers", {})
    # No reader: no cutoff known. Accepting every upload would be the silent failure.
    with pytest.raises(ImproperlyConfigured):
        upload_refusal(lab=lab, student=enrolled_alice, cohort=cohort)
    assert not Submission.objects.exists()
