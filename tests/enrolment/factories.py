"""Factories for programs, cohorts and enrolments."""

import datetime

import factory
from django.utils import timezone

from enrolment.models import Cohort, Enrolment, Program
from enrolment.programs import DEFAULT_PROGRAMS
from tests.factories import UserFactory

INTENSIVE = DEFAULT_PROGRAMS[0]


class ProgramFactory(factory.django.DjangoModelFactory):
    """The Intensive program by default (get-or-create: the migration may have made it)."""

    class Meta:
        model = Program
        django_get_or_create = ("slug",)

    slug = INTENSIVE["slug"]
    name = INTENSIVE["name"]
    weeks = INTENSIVE["weeks"]
    hours_per_week = INTENSIVE["hours_per_week"]
    format = INTENSIVE["format"]
    summary = INTENSIVE["summary"]
    description = INTENSIVE["description"]
    ordering = INTENSIVE["ordering"]


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort open for sign-up: it starts in a few weeks."""

    class Meta:
        model = Cohort

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    start_date = factory.Sequence(
        lambda n: timezone.localdate() + datetime.timedelta(days=21 + 7 * n)
    )
    capacity = 10


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A bare row (no seat bookkeeping): tests that care about seats use the services."""

    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    status = Enrolment.Status.APPLIED
    background = Enrolment.Background.SOFTWARE_ENGINEER
    python_experience = Enrolment.Experience.SOME
    java_experience = Enrolment.Experience.NONE
    cpp_experience = Enrolment.Experience.NONE
    motivation = "I want to ship models."


def application_data(**overrides) -> dict:
    """Keyword arguments for services.application_submit."""
    data = {
        "name": "Carla Reyes",
        "email": "carla@example.com",
        "password": "a-long-enough-passphrase",
        "background": Enrolment.Background.DATA_SCIENTIST,
        "python_experience": Enrolment.Experience.CONFIDENT,
        "java_experience": Enrolment.Experience.NONE,
        "cpp_experience": Enrolment.Experience.SOME,
        "motivation": "I want to take my models from notebooks to production.",
    }
    data.update(overrides)
    return data
