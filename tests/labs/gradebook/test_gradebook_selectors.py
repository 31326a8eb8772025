"""What the gradebook computes: best scores, statuses, at-risk flags, per-lab stats, sorting."""

import datetime

import pytest
from django.utils import timezone

from progress.dashboards.gradebook import cohort_gradebook
from tests.factories import UserFactory
from tests.labs.dashboard_factories import DatasetFactory, SubmissionFactory, lab_with_reference
from tests.labs.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort_start():
    """`cohort` (tests/conftest.py) started 17 days ago."""
    return timezone.localdate() - datetime.timedelta(days=17)


def enrol(cohort, username, **kwargs):
    user = UserFactory(username=username, **kwargs)
    EnrolmentFactory(user=user, cohort=cohort)
    return user


def row_of(book, user):
    return next(row for row in book.rows if row.student == user)


def test_cells_hold_best_score_and_status(cohort):
    lab = lab_with_reference(slug="acc", week=3)
    ana = enrol(cohort, "ana")
    for score, passed in ((0.5, False), (0.93, True), (0.7, False)):
        SubmissionFactory(student=ana, cohort=cohort, lab=lab, public_score=score, passed=passed)
    cell = row_of(cohort_gradebook(cohort=cohort), ana).cells[0]
    assert cell.best_score == 0.93
    assert cell.status == "passed"
    assert cell.attempts == 3
    assert cell.css == "table-success"
    assert cell.text == "✓ 0.930"


def test_lower_is_better_metric_takes_the_minimum(cohort):
    rmse = DatasetFactory(slug="tiny-rmse", metric="rmse", task="regression", classes=[])
    lab = lab_with_reference(slug="err", week=3, dataset=rmse, score=50)
    ana = enrol(cohort, "ana")
    for score in (60.0, 48.0, 55.0):
        SubmissionFactory(student=ana, cohort=cohort, lab=lab, public_score=score)
    assert row_of(cohort_gradebook(cohort=cohort), ana).cells[0].best_score == 48.0


def test_submissions_of_another_cohort_are_left_out(cohort):
    lab = lab_with_reference(slug="acc", week=3)
    ana = enrol(cohort, "ana")
    SubmissionFactory(student=ana, cohort=CohortFactory(), lab=lab, public_score=0.99)
    cell = row_of(cohort_gradebook(cohort=cohort), ana).cells[0]
    assert cell.best_score is None
    assert cell.status == "open"


def test_students_who_withdrew_are_not_listed(cohort):
    ana = enrol(cohort, "ana")
    gone = UserFactory(username="gone")
    EnrolmentFactory(user=gone, cohort=cohort, status="withdrawn")
    assert [row.student for row in cohort_gradebook(cohort=cohort).rows] == [ana]


def test_idle_student_is_flagged_after_seven_days(cohort):
    lab = lab_with_reference(slug="acc", week=3)
    idle = enrol(cohort, "idle")
    busy = enrol(cohort, "busy")
    SubmissionFactory(student=idle, cohort=cohort, lab=lab, days_ago=8)
    SubmissionFactory(student=busy, cohort=cohort, lab=lab, days_ago=6)
    book = cohort_gradebook(cohort=cohort)
    assert "No submission for 7 days" in row_of(book, idle).flags
    assert row_of(book, busy).flags == []


def test_last_sent_is_the_newest_submission_in_this_cohort_across_labs(cohort):
    old_lab = lab_with_reference(slug="acc", week=3)
    new_lab = lab_with_reference(slug="acc2", week=3)
    ana = enrol(cohort, "ana")
    SubmissionFactory(student=ana, cohort=cohort, lab=old_lab, days_ago=9)
    recent = SubmissionFactory(student=ana, cohort=cohort, lab=new_lab, days_ago=2)
    SubmissionFactory(student=ana, cohort=cohort, lab=old_lab, days_ago=5)
    # Newer, but in another cohort: not this cohort's activity.
    SubmissionFactory(student=ana, cohort=CohortFactory(), lab=old_lab, days_ago=0)

    row = row_of(cohort_gradebook(cohort=cohort), ana)

    assert row.last_submission_at == recent.created_at
    assert row.flags == []


def test_student_who_never_submitted_is_flagged_once_the_cohort_is_a_week_old(cohort):
    lab_with_reference(slug="acc", week=3)
    quiet = enrol(cohort, "quiet")
    assert "No submission for 7 days" in row_of(cohort_gradebook(cohort=cohort), quiet).flags
    young = CohortFactory(start_date=timezone.localdate() - datetime.timedelta(days=3))
    newcomer = enrol(young, "newcomer")
    assert row_of(cohort_gradebook(cohort=young), newcomer).flags == []


def test_overdue_labs_are_counted_and_flagged(cohort):
    week1 = lab_with_reference(slug="w1", week=1)
    lab_with_reference(slug="w1-other", week=1)
    lab_with_reference(slug="w3", week=3)
    late = enrol(cohort, "late")
    SubmissionFactory(student=late, cohort=cohort, lab=week1, passed=True)
    row = row_of(cohort_gradebook(cohort=cohort), late)
    assert [cell.status for cell in row.cells] == ["passed", "overdue", "open"]
    assert "1 lab overdue" in row.flags


def test_three_failing_attempts_without_a_pass_are_flagged(cohort):
    lab = lab_with_reference(slug="hard", week=3, title="Hard lab")
    stuck = enrol(cohort, "stuck")
    recovered = enrol(cohort, "recovered")
    for _ in range(3):
        SubmissionFactory(student=stuck, cohort=cohort, lab=lab, passed=False, public_score=0.1)
        SubmissionFactory(student=recovered, cohort=cohort, lab=lab, passed=False, public_score=0.1)
    SubmissionFactory(student=recovered, cohort=cohort, lab=lab, passed=True)
    book = cohort_gradebook(cohort=cohort)
    assert "3+ failing attempts: Hard lab" in row_of(book, stuck).flags
    assert row_of(book, recovered).flags == []


def test_pending_submission_shows_grading(cohort):
    lab = lab_with_reference(slug="acc", week=3)
    ana = enrol(cohort, "ana")
    SubmissionFactory(
        student=ana, cohort=cohort, lab=lab, status="grading", passed=None, public_score=None
    )
    book = cohort_gradebook(cohort=cohort)
    assert row_of(book, ana).cells[0].status == "grading"
    assert book.has_pending


def test_per_lab_pass_rate_median_attempts_and_scores(cohort):
    lab = lab_with_reference(slug="acc", week=3)
    enrol(cohort, "d")  # never submits
    users = [enrol(cohort, name) for name in ("a", "b", "c")]
    attempts = {
        "a": [(0.95, True)],
        "b": [(0.5, False), (0.96, True), (0.97, True)],
        "c": [(0.2, False), (0.3, False)],
    }
    for user in users:
        for score, passed in attempts[user.username]:
            SubmissionFactory(
                student=user, cohort=cohort, lab=lab, public_score=score, passed=passed
            )
    column = cohort_gradebook(cohort=cohort).columns[0]
    assert (column.passed, column.students, column.attempted) == (2, 4, 3)
    assert column.pass_rate == 50
    assert column.median_attempts == 2
    assert sorted(column.best_scores) == [0.3, 0.95, 0.97]


def test_sorting_by_name_risk_and_lab_score(cohort):
    lab = lab_with_reference(slug="acc", week=3)
    zoe = enrol(cohort, "zoe", first_name="Zoe", last_name="Young")
    amy = enrol(cohort, "amy", first_name="Amy", last_name="Young")
    max_ = enrol(cohort, "max", first_name="Max", last_name="Young")
    SubmissionFactory(student=zoe, cohort=cohort, lab=lab, public_score=0.9)
    SubmissionFactory(student=amy, cohort=cohort, lab=lab, public_score=0.4, passed=False)

    def order(sort):
        return [row.student.username for row in cohort_gradebook(cohort=cohort, sort=sort).rows]

    assert order("name") == ["amy", "max", "zoe"]
    assert order("-name") == ["zoe", "max", "amy"]
    assert order("risk")[0] == "max"  # never submitted: idle for 17 days
    assert order("lab-acc") == ["zoe", "amy", "max"]
    assert order("-lab-acc") == ["amy", "zoe", "max"]
    assert order("passed")[0] == "zoe"
    assert order("no-such-thing") == order("name")
    assert max_ in [row.student for row in cohort_gradebook(cohort=cohort).rows]
