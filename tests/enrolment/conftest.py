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


@pytest.fixture
def eager_celery(settings):
    """Run tasks in-process at publish time, so mailoutbox shows what a worker would send."""
    from config.celery_app import app

    # Read the app's own value first: Celery loads its config lazily from Django's settings,
    # so reading it after changing them would "restore" eager mode for the whole session.
    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
