"""Fixtures for leaderboards: a cohort ten days in, a week-1 lab due in three days, people.

Personas: alice and bob study in the cohort, carol too (she often hides); ivan teaches
it, olga teaches another cohort; sam is staff.
"""

import datetime

import pytest
from django.utils import timezone

from labs.models import Submission
from tests.factories import UserFactory
from tests.labs.dashboard_factories import SubmissionFactory, lab_with_reference
from tests.labs.factories import CohortFactory, EnrolmentFactory


@pytest.fixture
def cohort(db):
    # A week-1 lab opens on the start date and is due on day 13: three days from today.
    return CohortFactory(start_date=timezone.localdate() - datetime.timedelta(days=10))


@pytest.fixture
def other_cohort(db):
    return CohortFactory()


@pytest.fixture
def lab(db):
    """Accuracy (higher is better); the reference scores 0.9 on both halves."""
    return lab_with_reference(slug="board-lab", week=1, title="Board lab", score=0.9)


def _student(username, first_name, cohort):
    user = UserFactory(username=username, first_name=first_name, last_name="Student")
    EnrolmentFactory(user=user, cohort=cohort)
    return user


@pytest.fixture
def alice(cohort):
    return _student("alice", "Alice", cohort)


@pytest.fixture
def bob(cohort):
    return _student("bob", "Bob", cohort)


@pytest.fixture
def carol(cohort):
    return _student("carol", "Carol", cohort)


@pytest.fixture
def ivan(cohort):
    user = UserFactory(username="ivan", first_name="Ivan")
    cohort.instructors.add(user)
    return user


@pytest.fixture
def olga(other_cohort):
    user = UserFactory(username="olga", first_name="Olga")
    other_cohort.instructors.add(user)
    return user


@pytest.fixture
def sam(db):
    return UserFactory(username="sam", is_staff=True, is_superuser=True)


@pytest.fixture
def submit(cohort, lab):
    """submit(student, public, private=None, minutes_ago=60, status=graded) -> Submission."""

    def make(student, public, private=None, *, minutes_ago=60, status=Submission.Status.GRADED):
        submission = SubmissionFactory(
            student=student,
            cohort=cohort,
            lab=lab,
            status=status,
            public_score=public,
            private_score=public if private is None else private,
            passed=public >= 0.855 if status == Submission.Status.GRADED else None,
        )
        sent_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        Submission.objects.filter(pk=submission.pk).update(created_at=sent_at)
        submission.refresh_from_db()
        return submission

    return make
