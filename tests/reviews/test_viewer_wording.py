"""The words of a submission's grade follow who looks: Alice reads "Your public score";
Ines (her instructor) and Sam (staff) read "Alice's public score", on the viewer, the
submission page and its live fragment alike."""

import html
import re

import pytest
from django.urls import reverse

from labs.models import Submission
from tests.factories import UserFactory
from tests.labs.factories import EnrolmentFactory, uploaded

pytestmark = pytest.mark.django_db

SANDBOX_RUN = {"status": "ok", "duration_ms": 840, "output": "", "traceback": "Traceback: x"}
PAGES = ("reviews:submission", "labs:submission", "labs:submission_status")


def _text(client, user, submission, page="reviews:submission") -> str:
    """The page's visible text, tags dropped and entities read as a browser reads them."""
    client.force_login(user)
    response = client.get(reverse(page, args=[submission.pk]))
    assert response.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _status_part(text: str) -> str:
    """The grade's part of a page: what labs/_submission_status.html says, and no more."""
    start = text.find("Passed") if "Passed" in text else text.find("Not passing yet")
    return text[start : text.find("Printed output")]


@pytest.fixture
def graded_code(enrolled_alice, cohort, code_lab):
    """Alice's code, graded: a score and the sandbox's record of its run."""
    submission = uploaded(
        lab=code_lab, student=enrolled_alice, cohort=cohort, name="s.py", content=b"x = 1\n"
    )
    Submission.objects.filter(pk=submission.pk).update(
        status=Submission.Status.GRADED,
        public_score=0.91,
        passed=True,
        feedback={"metric_label": "accuracy", "sandbox": SANDBOX_RUN},
    )
    return submission


def test_alice_reads_about_her_own_work(client, enrolled_alice, graded_code):
    for page in PAGES:
        text = _text(client, enrolled_alice, graded_code, page)
        assert "Your public score (accuracy)" in text, page
        assert "Your code's run" in text
        assert "Traceback (your code only)" in text
        assert "Your code printed nothing." in text
        assert "Alice's" not in text


@pytest.mark.parametrize("reviewer", ["instructor", "staff_user"])
def test_a_reviewer_reads_the_students_name_not_your(
    client, request, reviewer, enrolled_alice, graded_code
):
    user = request.getfixturevalue(reviewer)
    for page in PAGES:
        text = _text(client, user, graded_code, page)
        assert "Alice's public score (accuracy)" in text, page
        assert "Alice's code's run" in text
        assert "Traceback (Alice's code only)" in text
        assert "Alice's code printed nothing." in text
        assert "your" not in _status_part(text).lower(), page


def test_a_reviewer_reads_whose_confusion_matrix_and_the_username_without_a_first_name(
    client, instructor, cohort, wine_lab
):
    nameless = UserFactory(username="learner7", first_name="")
    EnrolmentFactory(user=nameless, cohort=cohort)
    content = wine_lab.references.get().predictions_file.open("rb").read()
    graded = uploaded(
        lab=wine_lab, student=nameless, cohort=cohort, name="p.csv", content=content, grade=True
    )
    text = _text(client, instructor, graded)
    assert "learner7's public score" in text
    assert "columns: learner7's prediction" in text
    assert "columns: your prediction" in _text(client, nameless, graded)


def test_pending_work_is_named_for_the_reviewer(client, instructor, enrolled_alice, graded_code):
    Submission.objects.filter(pk=graded_code.pk).update(
        status=Submission.Status.GRADING, public_score=None
    )
    assert "Running Alice's code in the sandbox" in _text(client, instructor, graded_code)
    assert "Running your code in the sandbox" in _text(client, enrolled_alice, graded_code)


def test_a_rejection_tells_the_student_what_to_do_and_the_reviewer_what_she_was_told(
    client, instructor, enrolled_alice, cohort, wine_lab
):
    bad = uploaded(
        lab=wine_lab,
        student=enrolled_alice,
        cohort=cohort,
        name="p.csv",
        content=b"id,guess\n1,x\n",
        grade=True,
    )
    assert bad.status == Submission.Status.REJECTED
    mine = _text(client, enrolled_alice, bad)
    assert "Fix these problems and upload it again" in mine
    assert "against your daily limit" in mine
    theirs = _text(client, instructor, bad)
    assert "Fix these problems" not in theirs
    assert "A rejected file does not count against Alice's daily limit." in theirs
    assert "What the grader told Alice:" in theirs
