"""Browser journey: an instructor opens a student's code from the gradebook, comments and
overrides the grade with a reason; the student sees all three on the dashboard."""

import pytest
from django.core.files.base import ContentFile

from labs.models import Submission
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = (
    b"def train(X, y):\n    return None  # <not a model>\n\n\n"
    b"def predict(model, X):\n    return [0] * len(X)\n"
)


def test_instructor_reviews_code_and_the_student_sees_it(page, code_lab):
    cohort = CohortFactory(name="Autumn intensive")
    instructor = UserFactory(username="ines", first_name="Ines")
    cohort.instructors.add(instructor)
    student = UserFactory(username="stella", first_name="Stella", last_name="Student")
    EnrolmentFactory(user=student, cohort=cohort)
    submission = Submission(
        lab=code_lab, student=student, cohort=cohort, original_name="mine.py", size_bytes=len(CODE)
    )
    submission.file.save("solution.py", ContentFile(CODE), save=False)
    submission.status, submission.passed, submission.public_score = "graded", False, 0.41
    submission.save()

    browser_login(page, "ines", DEFAULT_PASSWORD)
    page.get_by_role("link", name="Gradebook").first.click()
    page.get_by_test_id("cohort-link").filter(has_text="Autumn intensive").click()
    page.locator('[data-testid="student-row"][data-student="stella"] a').click()
    page.get_by_test_id("open-submission").first.click()
    code = page.get_by_test_id("code")
    assert "def train" in code.inner_text() and "<not a model>" in code.inner_text()

    page.fill("textarea[name=body]", "Your train() returns None.\nFit a model first.")
    page.get_by_role("button", name="Add comment").click()
    assert "Fit a model first." in page.get_by_test_id("comment-body").last.inner_text()

    form = page.get_by_test_id("override-form")
    form.locator("select[name=outcome]").select_option("pass")
    form.locator("textarea[name=reason]").fill("The grader used an old reference.")
    form.get_by_role("button", name="Override the grade").click()
    assert "old reference" in page.get_by_test_id("override-reason").inner_text()

    page.context.clear_cookies()
    browser_login(page, "stella", DEFAULT_PASSWORD)
    page.goto("/labs/dashboard/")
    unread = page.get_by_test_id("unread-comment")
    assert "Fit a model first." in unread.inner_text()
    row = page.locator(f'[data-testid="lab-row"][data-lab="{code_lab.slug}"]')
    assert row.get_attribute("data-status") == "passed"
    assert "old reference" in row.get_by_test_id("lab-override-reason").inner_text()
    unread.get_by_role("link").click()
    assert "Fit a model first." in page.get_by_test_id("comment-body").first.inner_text()
    page.goto("/labs/dashboard/")
    assert page.get_by_test_id("unread-comment").count() == 0
