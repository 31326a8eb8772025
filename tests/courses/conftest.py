"""Fixtures for the course rules: a cohort ten days in, a lab due in three days, a clock."""

import datetime

import pytest
from django.utils import timezone

from courses.models import LatePolicy
from tests.factories import UserFactory
from tests.labs.dashboard_factories import lab_with_reference
from tests.labs.factories import CohortFactory, EnrolmentFactory


@pytest.fixture
def cohort(db):
    # A week-1 lab opens on the start date and is due on day 13: three days from today.
    return CohortFactory(start_date=timezone.localdate() - datetime.timedelta(days=10))


@pytest.fixture
def lab(db):
    return lab_with_reference(slug="rules-lab", week=1, title="Rules lab", score=0.9)


@pytest.fixture
def policy(cohort, lab):
    """2 hours' grace, 10% a day, no uploads 3 days after the due date."""
    LatePolicy.objects.update_or_create(
        program=cohort.program,
        lab=None,
        defaults={"grace_hours": 2, "penalty_per_day": 0.1, "cutoff_days": 3},
    )
    return LatePolicy.objects.get(program=cohort.program, lab=None)


@pytest.fixture
def student(cohort):
    user = UserFactory(username="stella", first_name="Stella", last_name="Student")
    EnrolmentFactory(user=user, cohort=cohort)
    return user


@pytest.fixture
def instructor(cohort):
    user = UserFactory(username="ines", first_name="Ines")
    cohort.instructors.add(user)
    return user


@pytest.fixture
def eager_celery(settings):
    """Run tasks in-process at publish time, so mailoutbox shows what a worker would send."""
    from config.celery_app import app

    previous = app.conf.task_always_eager  # read before changing settings (lazy config)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
