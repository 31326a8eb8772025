"""The demo shows rubric grading: a lab with a rubric, the demo student's work graded and
released with a line comment, and a lab graded blind; seeding twice changes nothing."""

import pytest
from django.core.management import call_command
from django.test import Client

from rubrics.models import GradeRelease, LineComment, Rubric, RubricGrade

pytestmark = [pytest.mark.django_db, pytest.mark.real_clock]


class _Null:
    def write(self, *_args, **_kwargs):
        pass

    def flush(self):
        pass


def test_the_demo_student_reads_released_rubric_feedback():
    call_command("seed_demo", stdout=_Null())
    call_command("seed_demo", stdout=_Null())
    grade = RubricGrade.objects.select_related("submission", "student").get()
    assert grade.student.username == "student"
    assert GradeRelease.objects.filter(lab=grade.lab).count() == 1
    comment = LineComment.objects.get(submission=grade.submission)
    assert comment.line == 2
    assert Rubric.objects.get(lab__slug="missing-values").is_blind

    client = Client()
    client.force_login(grade.student)
    page = client.get(f"/review/submissions/{grade.submission_id}/").content.decode()
    assert 'data-testid="rubric-feedback"' in page
    assert comment.body in page
