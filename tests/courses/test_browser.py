"""Browser journeys for the course rules (Debian's Chromium through Playwright)."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from courses import services
from courses.models import Certificate
from labs.models import Submission
from tests.factories import DEFAULT_PASSWORD
from tests.labs.dashboard_factories import SubmissionFactory
from tests.support import browser_login, cutoff_moment, due_moment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_instructor_grants_an_extension_and_the_student_sees_the_new_date(
    page, cohort, scored_lab, student, instructor
):
    new_due = scored_lab.due_on(cohort) + datetime.timedelta(days=9)
    browser_login(page, "ines", DEFAULT_PASSWORD)
    page.goto(f"/labs/gradebook/{cohort.pk}/")
    page.get_by_test_id("extensions-link").click()
    form = page.get_by_test_id("extension-form")
    form.locator("select[name=student]").select_option(label="Stella Student")
    form.locator("select[name=lab]").select_option(label=scored_lab.title)
    form.locator("input[name=due_on]").fill(new_due.isoformat())
    form.locator("input[name=reason]").fill("Hospital stay")
    form.get_by_role("button", name="Grant the extension").click()
    assert "Hospital stay" in page.get_by_test_id("extensions").inner_text()

    page.context.clear_cookies()
    browser_login(page, "stella", DEFAULT_PASSWORD)
    page.goto("/labs/dashboard/")
    row = page.locator(f'[data-testid="lab-row"][data-lab="{scored_lab.slug}"]')
    assert row.get_by_test_id("due-date").inner_text() == date_format(new_due, "D M j")
    assert row.get_by_test_id("personal-due").is_visible()
    page.goto(f"/labs/{scored_lab.slug}/")
    assert page.get_by_test_id("due-date").inner_text() == date_format(new_due, "M j, Y")
    assert "Hospital stay" in page.get_by_test_id("due-note").inner_text()


def test_student_marks_a_final_submission_and_sees_its_private_score_after_the_cutoff(
    page, cohort, scored_lab, student, clock
):
    before = clock.set(due_moment(scored_lab, cohort, days=-1))
    steady = SubmissionFactory(
        student=student, cohort=cohort, lab=scored_lab, public_score=0.88, private_score=0.9137
    )
    SubmissionFactory(
        student=student, cohort=cohort, lab=scored_lab, public_score=0.95, private_score=0.5
    )
    Submission.objects.update(created_at=before - datetime.timedelta(hours=1))
    browser_login(page, "stella", DEFAULT_PASSWORD)
    page.goto(f"/labs/submissions/{steady.pk}/")
    assert page.get_by_test_id("private-score").inner_text() == "revealed once late work closes"
    page.get_by_test_id("mark-final").click()
    assert page.get_by_test_id("counts").inner_text() == "Marked final"

    clock.set(due_moment(scored_lab, cohort, hours=1))  # due, but late work is still accepted
    page.reload()
    assert page.get_by_test_id("private-score").inner_text() == "revealed once late work closes"

    clock.set(cutoff_moment(scored_lab, cohort, hours=1))
    page.reload()
    assert page.get_by_test_id("private-score").inner_text() == "0.9137"
    assert "passed" in page.get_by_test_id("final-result").inner_text()
    page.goto(f"/labs/{scored_lab.slug}/")
    assert page.get_by_test_id("final-score").inner_text() == "0.9137"


def test_a_completed_student_opens_the_certificate_logged_out(page, scored_lab, student, cohort):
    cohort.start_date = timezone.localdate() - datetime.timedelta(weeks=14)
    cohort.save()
    submission = SubmissionFactory(student=student, cohort=cohort, lab=scored_lab, public_score=0.9)
    Submission.objects.filter(pk=submission.pk).update(
        created_at=due_moment(scored_lab, cohort, days=-1)
    )
    services.completion_run()
    certificate = Certificate.objects.get(enrolment__user=student)
    page.goto(f"/certificates/{certificate.token}/")
    assert page.get_by_test_id("certificate-verified").is_visible()
    assert page.get_by_test_id("certificate-name").inner_text() == "Stella Student"
    assert page.get_by_role("button", name="Print or save as PDF").is_visible()
    assert "1 of 1" in page.get_by_test_id("certificate-labs").inner_text()
