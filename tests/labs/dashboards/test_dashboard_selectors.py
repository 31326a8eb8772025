"""What the student dashboard computes: statuses, best scores, progress, the next lab."""

import datetime

import pytest
from django.utils import timezone

from progress.dashboards.student import student_dashboard
from tests.labs.dashboard_factories import (
    DatasetFactory,
    SubmissionFactory,
    lab_with_reference,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort_start():
    """`cohort` (tests/conftest.py) started 17 days ago: labs of weeks 1-3 are open; week 1
    is overdue, week 3 is not."""
    return timezone.localdate() - datetime.timedelta(days=17)


def _by_slug(dashboard):
    return {item.lab.slug: item for item in dashboard.labs}


def test_user_without_enrolment_has_no_dashboard(alice):
    assert student_dashboard(user=alice) is None


def test_statuses_follow_the_calendar_and_the_submissions(enrolled_alice, cohort):
    overdue = lab_with_reference(slug="overdue", week=1)
    passed = lab_with_reference(slug="passed", week=1)
    failing = lab_with_reference(slug="failing", week=3)
    grading = lab_with_reference(slug="grading", week=3)
    fresh = lab_with_reference(slug="fresh", week=3)
    locked = lab_with_reference(slug="locked", week=9)
    SubmissionFactory(student=enrolled_alice, cohort=cohort, lab=passed, passed=True)
    SubmissionFactory(
        student=enrolled_alice, cohort=cohort, lab=failing, passed=False, public_score=0.2
    )
    SubmissionFactory(
        student=enrolled_alice,
        cohort=cohort,
        lab=grading,
        status="grading",
        passed=None,
        public_score=None,
    )

    items = _by_slug(student_dashboard(user=enrolled_alice))

    assert items[overdue.slug].status == "overdue"
    assert items[passed.slug].status == "passed"
    assert items[failing.slug].status == "failing"
    assert items[grading.slug].status == "grading"
    assert items[fresh.slug].status == "open"
    assert items[locked.slug].status == "locked"
    assert items[locked.slug].is_open is False


def test_a_queued_attempt_shows_submitted_even_after_a_pass(enrolled_alice, cohort):
    lab = lab_with_reference(slug="again", week=3)
    SubmissionFactory(student=enrolled_alice, cohort=cohort, lab=lab, passed=True, days_ago=1)
    SubmissionFactory(
        student=enrolled_alice,
        cohort=cohort,
        lab=lab,
        status="queued",
        passed=None,
        public_score=None,
    )
    dashboard = student_dashboard(user=enrolled_alice)
    item = _by_slug(dashboard)[lab.slug]
    assert item.status == "submitted"
    assert item.has_passed
    assert dashboard.passed == 1
    assert dashboard.has_pending


def test_best_score_respects_the_metric_direction(enrolled_alice, cohort):
    higher = lab_with_reference(slug="acc", week=1)
    rmse = DatasetFactory(slug="tiny-rmse", metric="rmse", task="regression", classes=[])
    lower = lab_with_reference(slug="err", week=1, dataset=rmse, score=50.0)
    for score in (0.5, 0.8, 0.7):
        SubmissionFactory(student=enrolled_alice, cohort=cohort, lab=higher, public_score=score)
    for score in (60.0, 45.0, 52.0):
        SubmissionFactory(student=enrolled_alice, cohort=cohort, lab=lower, public_score=score)
    items = _by_slug(student_dashboard(user=enrolled_alice))
    assert items["acc"].best_score == 0.8
    assert items["err"].best_score == 45.0
    assert items["err"].higher_is_better is False
    assert items["err"].reference_score == 50.0


def test_attempts_left_today_count_only_charged_attempts_of_today(enrolled_alice, cohort):
    lab = lab_with_reference(slug="limited", week=3, daily_limit=4)
    SubmissionFactory(
        student=enrolled_alice, cohort=cohort, lab=lab, passed=False, public_score=0.1
    )
    SubmissionFactory(
        student=enrolled_alice,
        cohort=cohort,
        lab=lab,
        status="rejected",
        passed=None,
        public_score=None,
    )
    SubmissionFactory(
        student=enrolled_alice, cohort=cohort, lab=lab, passed=False, public_score=0.1, days_ago=2
    )
    item = _by_slug(student_dashboard(user=enrolled_alice))[lab.slug]
    assert item.attempts_left_today == 3
    assert item.attempts == 2


def test_progress_counts_passed_labs_of_open_and_of_all(enrolled_alice, cohort):
    first = lab_with_reference(slug="one", week=1)
    lab_with_reference(slug="two", week=2)
    lab_with_reference(slug="later", week=10)
    SubmissionFactory(student=enrolled_alice, cohort=cohort, lab=first, passed=True)
    dashboard = student_dashboard(user=enrolled_alice)
    assert (dashboard.passed, dashboard.open_count, dashboard.total) == (1, 2, 3)
    assert dashboard.percent_of_open == 50
    assert dashboard.percent_of_total == 33
    assert dashboard.week == 3


def test_next_lab_is_the_earliest_due_open_lab_not_passed(enrolled_alice, cohort):
    done = lab_with_reference(slug="done", week=1)
    lab_with_reference(slug="soon", week=3)
    behind = lab_with_reference(slug="behind", week=2)
    SubmissionFactory(student=enrolled_alice, cohort=cohort, lab=done, passed=True)
    dashboard = student_dashboard(user=enrolled_alice)
    assert dashboard.next_lab.lab == behind
    assert [item.lab.slug for item in dashboard.labs if item.is_next] == ["behind"]


def test_another_students_work_does_not_leak_in(enrolled_alice, cohort, bob):
    lab = lab_with_reference(slug="mine", week=1)
    SubmissionFactory(student=bob, cohort=cohort, lab=lab, passed=True)
    item = _by_slug(student_dashboard(user=enrolled_alice))[lab.slug]
    assert item.attempts == 0
    assert item.best_score is None


def test_newest_ready_reference_is_the_one_shown(enrolled_alice):
    from tests.labs.dashboard_factories import ReferenceFactory

    lab = lab_with_reference(slug="retrained", week=1, score=0.7)
    ReferenceFactory(lab=lab, public_score=0.95)
    ReferenceFactory(lab=lab, public_score=None, status="pending", trained_at=None)
    assert _by_slug(student_dashboard(user=enrolled_alice))[lab.slug].reference_score == 0.95
