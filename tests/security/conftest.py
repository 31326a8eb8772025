"""Fixtures for the second factor and the audit trail: a cohort with its instructor."""

import pytest

from tests.factories import UserFactory
from tests.labs.factories import CohortFactory, EnrolmentFactory


@pytest.fixture
def cohort(db):
    return CohortFactory(name="Security cohort")


@pytest.fixture
def ines(db, cohort):
    """The cohort's instructor."""
    user = UserFactory(username="ines", first_name="Ines")
    cohort.instructors.add(user)
    return user


@pytest.fixture
def stella(db, cohort):
    """A student of the cohort."""
    user = UserFactory(username="stella", first_name="Stella")
    EnrolmentFactory(user=user, cohort=cohort)
    return user
