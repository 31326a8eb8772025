"""The rubric pages pass axe-core at 1280 and 390 px (no serious or critical violation, no
sideways scroll): the grader's submission page with the rubric form, a line comment and a
regrade to answer, the grading queue of a blind lab, and the student's released feedback
with the regrade form. The site's walk (tests/site) reaches them too; this pins each state."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from labs.models import Submission
from rubrics.models import LineComment, Rubric
from rubrics.services import grading, regrades
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory
from tests.site.test_accessibility_browser import AXE, BLOCKING, NARROW, RUN_AXE, SIDEWAYS, WIDE
from tests.support import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = b"def train(X, y):\n    return None\n\n\ndef predict(model, X):\n    return [0] * len(X)\n"


def _problems(page, path) -> list[str]:
    page.set_viewport_size({"width": WIDE, "height": 900})
    page.goto(path)
    found = []
    for width in (WIDE, NARROW):
        page.set_viewport_size({"width": width, "height": 900})
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(AXE.read_text())
        found += [
            f"{path} {width}px {v['impact']} {v['id']} at {v['targets']}"
            for v in page.evaluate(RUN_AXE)
            if v["impact"] in BLOCKING
        ]
    sideways = page.evaluate(SIDEWAYS, NARROW)
    if sideways:
        found.append(f"{path} scrolls sideways at {NARROW} px: {sideways}")
    return found


def test_rubric_pages_pass_axe(page, code_lab):
    if not AXE.exists():
        pytest.skip(f"axe-core is missing at {AXE}")
    cohort = CohortFactory(name="Autumn intensive")
    instructor = UserFactory(username="ines", first_name="Ines")
    cohort.instructors.add(instructor)
    student = UserFactory(username="stella", first_name="Stella", last_name="Student")
    EnrolmentFactory(user=student, cohort=cohort)
    rubric = Rubric.objects.create(lab=code_lab, weight="0.5", is_blind=True)
    item = rubric.items.create(title="Model choice", points=5, description="Why this model.")
    submission = Submission(
        lab=code_lab, student=student, cohort=cohort, original_name="mine.py", size_bytes=len(CODE)
    )
    submission.file.save("solution.py", ContentFile(CODE), save=False)
    submission.status, submission.passed, submission.public_score = "graded", False, 0.41
    submission.save()
    grade = grading.rubric_grade_set(
        submission=submission, grader=instructor, marks={item.pk: (Decimal(2), "Thin.")}
    )
    LineComment.objects.create(submission=submission, author=instructor, line=2, body="Hm.")
    queue = f"/review/rubrics/labs/{code_lab.slug}/cohorts/{cohort.pk}/"
    viewer = f"/review/submissions/{submission.pk}/"

    browser_login(page, "ines", DEFAULT_PASSWORD)
    problems = _problems(page, queue) + _problems(page, viewer)  # blind, not released
    grading.grades_release(lab=code_lab, cohort=cohort, actor=instructor)
    regrades.regrade_request_create(grade=grade, item_id=item.pk, student=student, reason="?")
    problems += _problems(page, viewer)  # with a regrade to answer
    page.context.clear_cookies()
    browser_login(page, "stella", DEFAULT_PASSWORD)
    problems += _problems(page, viewer)  # the released feedback and the regrade form
    assert not problems, "\n".join(problems)
