"""Fixtures for the enrolment tests."""

import pytest

from enrolment.models import Program
from enrolment.services.programs import programs_ensure_defaults


@pytest.fixture
def programs(db) -> dict[str, Program]:
    """The two standard programs (present after migrate; recreated after a flush)."""
    return {program.slug: program for program in programs_ensure_defaults()}


@pytest.fixture
def intensive(programs) -> Program:
    return programs["intensive"]


@pytest.fixture
def flexible(programs) -> Program:
    return programs["flexible"]
