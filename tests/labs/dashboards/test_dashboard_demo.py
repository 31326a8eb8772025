"""Demo submissions: graded through the services, mixed outcomes, idempotent."""

import pytest

from labs.dashboards.gradebook import cohort_gradebook
from labs.dashboards.student import student_dashboard
from labs.demo_submissions import seed_demo_submissions
from labs.models import Submission
from tests.factories import UserFactory
from tests.labs.factories import EnrolmentFactory, lab_on_builtin

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people(cohort):
    people = []
    for name in ("student", "student3", "student4"):
        user = UserFactory(username=name)
        EnrolmentFactory(user=user, cohort=cohort)
        people.append(user)
    return people


@pytest.fixture
def labs(db):
    return [
        lab_on_builtin(dataset_slug="wine", slug="demo-wine", week=1),
        lab_on_builtin(dataset_slug="diabetes", slug="demo-diabetes", week=2),
        lab_on_builtin(dataset_slug="wine", slug="demo-wine-again", week=3),
        lab_on_builtin(dataset_slug="wine", slug="demo-wine-last", week=4),
    ]


def test_demo_gives_passed_failing_and_pending_work(demo_people, labs, cohort):
    created = seed_demo_submissions(seed=7)

    student = demo_people[0]
    mine = Submission.objects.filter(student=student)
    assert created == Submission.objects.count() > 0
    assert mine.filter(status="graded", passed=True).exists()
    assert mine.filter(status="graded", passed=False).exists()
    assert mine.filter(status="queued").exists()
    statuses = {item.lab.slug: item.status for item in student_dashboard(user=student).labs}
    assert statuses["demo-wine"] == "passed"
    assert statuses["demo-wine-again"] in ("failing", "overdue")
    assert statuses["demo-wine-last"] == "submitted"


def test_failing_files_really_fail_on_a_regression_lab_too(demo_people, labs):
    seed_demo_submissions(seed=7)
    stuck = Submission.objects.filter(student=demo_people[1], lab=labs[1])
    assert stuck.count() == 3
    assert set(stuck.values_list("passed", flat=True)) == {False}


def test_demo_classmates_show_up_at_risk(demo_people, labs, cohort):
    seed_demo_submissions(seed=7)
    flags = {row.student.username: row.flags for row in cohort_gradebook(cohort=cohort).rows}
    assert any("failing attempts" in flag for flag in flags["student3"])
    assert "No submission for 7 days" in flags["student4"]


def test_seeding_twice_adds_nothing(demo_people, labs):
    seed_demo_submissions(seed=7)
    before = list(Submission.objects.order_by("pk").values_list("pk", "public_score"))
    assert seed_demo_submissions(seed=7) == 0
    assert list(Submission.objects.order_by("pk").values_list("pk", "public_score")) == before


def test_missing_demo_people_are_skipped(labs):
    assert seed_demo_submissions(seed=7) == 0
