"""Leaderboard tests: the root's personas (tests/conftest.py) in a cohort ten days in, so that
`scored_lab` (week 1) is due in three days, and graded work made to measure."""

import datetime

import pytest
from django.utils import timezone

from labs.models import Submission
from tests.labs.dashboard_factories import SubmissionFactory


@pytest.fixture
def cohort_start():
    """Ten days ago: a week-1 lab opens on the start date and is due on day 13."""
    return timezone.localdate() - datetime.timedelta(days=10)


@pytest.fixture
def submit(cohort, scored_lab):
    """submit(student, public, private=None, minutes_ago=60, status=graded) -> Submission."""

    def make(student, public, private=None, *, minutes_ago=60, status=Submission.Status.GRADED):
        graded = status == Submission.Status.GRADED
        return SubmissionFactory(
            student=student,
            cohort=cohort,
            lab=scored_lab,
            status=status,
            public_score=public,
            private_score=public if private is None else private,
            passed=public >= 0.855 if graded else None,
            created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        )

    return make
