"""The course-rules tests: the root's personas (tests/conftest.py) in a cohort ten days in, so
that `scored_lab` (week 1) is due in three days, and a late policy."""

import datetime

import pytest
from django.utils import timezone

from courses.models import LatePolicy


@pytest.fixture
def cohort_start():
    """Ten days ago: a week-1 lab opens on the start date and is due on day 13."""
    return timezone.localdate() - datetime.timedelta(days=10)


@pytest.fixture
def policy(cohort, scored_lab):
    """2 hours' grace, 10% a day, no uploads 3 days after the due date."""
    LatePolicy.objects.update_or_create(
        program=cohort.program,
        lab=None,
        defaults={"grace_hours": 2, "penalty_per_day": 0.1, "cutoff_days": 3},
    )
    return LatePolicy.objects.get(program=cohort.program, lab=None)
