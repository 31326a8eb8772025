"""Browser journey: an instructor grades a student's code by rubric, comments on a line and
releases the lab's grades; the student reads the marks and the comment beside the line and
asks for a regrade of one item."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from labs.models import Submission
from rubrics.models import RegradeRequest, Rubric
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = b"def train(X, y):\n    return None\n\n\ndef predict(model, X):\n    return [0] * len(X)\n"


def test_rubric_grading_release_and_a_regrade_request(page, code_lab):
    cohort = CohortFactory(name="Autumn intensive")
    instructor = UserFactory(username="ines", first_name="Ines", last_name="Teach")
    cohort.instructors.add(instructor)
    student = UserFactory(username="stella", first_name="Stella", last_name="Student")
    EnrolmentFactory(user=student, cohort=cohort)
    rubric = Rubric.objects.create(lab=code_lab, weight="0.5")
    model = rubric.items.create(title="Model choice", points=5, position=1)
    rubric.items.create(title="Style", points=5, position=2)
    submission = Submission(
        lab=code_lab, student=student, cohort=cohort, original_name="mine.py", size_bytes=len(CODE)
    )
    submission.file.save("solution.py", ContentFile(CODE), save=False)
    submission.status, submission.passed, submission.public_score = "graded", False, 0.41
    submission.save()

    browser_login(page, "ines", DEFAULT_PASSWORD)
    page.goto(f"/labs/gradebook/{cohort.pk}/labs/{code_lab.slug}/")
    page.get_by_test_id("rubric-queue-link").click()
    expect(page.get_by_test_id("queue-row")).to_contain_text("Stella Student")
    page.get_by_role("link", name=f"Grade submission #{submission.pk}").click()

    form = page.get_by_test_id("rubric-form")
    expect(form).to_be_visible()
    form.get_by_label("Model choice (of 5)").fill("2")
    form.get_by_label("Feedback on “Model choice”").fill("train() returns no model.")
    form.get_by_label("Style (of 5)").fill("5")
    form.get_by_role("button", name="Save the rubric grade").click()
    expect(page.get_by_test_id("rubric-points")).to_have_text("7 of 10")

    comment = page.get_by_test_id("line-comment-form")
    comment.get_by_label("Line", exact=True).fill("2")
    comment.get_by_label("Comment on that line or cell").fill("Return the fitted model here.")
    comment.get_by_role("button", name="Add the comment").click()
    expect(page.locator('#L2 + tr [data-testid="line-comment"]')).to_contain_text(
        "Return the fitted model here."
    )

    page.goto(f"/review/rubrics/labs/{code_lab.slug}/cohorts/{cohort.pk}/")
    page.get_by_role("button", name="Release the grades to Autumn intensive").click()
    expect(page.get_by_test_id("released")).to_be_visible()

    page.context.clear_cookies()
    browser_login(page, "stella", DEFAULT_PASSWORD)
    page.goto(f"/review/submissions/{submission.pk}/")
    feedback = page.get_by_test_id("rubric-feedback")
    expect(feedback).to_contain_text("train() returns no model.")
    expect(page.locator('#L2 + tr [data-testid="line-comment"]')).to_contain_text(
        "Return the fitted model here."
    )
    regrade = page.get_by_test_id("regrade-form")
    regrade.get_by_label("Rubric item").select_option(label="Model choice")
    regrade.get_by_label("Why should it be graded again?").fill("predict() ignores the model.")
    regrade.get_by_role("button", name="Ask for a regrade").click()
    expect(page.get_by_test_id("regrade")).to_contain_text("Waiting for an answer")
    asked = RegradeRequest.objects.get()
    assert (asked.item_id, asked.grade.student_id) == (model.pk, student.pk)
