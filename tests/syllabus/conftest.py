"""Fixtures for the syllabus tests: the two tracks and a cohort of each on a known Monday."""

import datetime

import pytest

from enrolment.services.programs import programs_ensure_defaults
from tests.labs.factories import CohortFactory

MONDAY = datetime.date(2027, 1, 4)


@pytest.fixture
def tracks(db):
    """The two standard programs by slug: intensive (12 weeks), flexible (30)."""
    return {program.slug: program for program in programs_ensure_defaults()}


@pytest.fixture
def intensive_cohort(tracks):
    return CohortFactory(program=tracks["intensive"], start_date=MONDAY)


@pytest.fixture
def flexible_cohort(tracks):
    return CohortFactory(program=tracks["flexible"], start_date=MONDAY)
