"""Fixtures for the enrolment tests."""

import pytest

from enrolment import services
from enrolment.models import Program


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Hashing dominates sign-up time; the concurrency test creates 50 accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def programs(db) -> dict[str, Program]:
    """The two standard programs (present after migrate; recreated after a flush)."""
    return {program.slug: program for program in services.programs_ensure_defaults()}


@pytest.fixture
def intensive(programs) -> Program:
    return programs["intensive"]


@pytest.fixture
def flexible(programs) -> Program:
    return programs["flexible"]
