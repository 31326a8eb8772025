"""Programs seeded by migration; cohort status derived from dates and seats."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from enrolment.models import Cohort, Program
from tests.enrolment.factories import CohortFactory

pytestmark = pytest.mark.django_db


def test_migration_seeds_both_programs():
    programs = {p.slug: p for p in Program.objects.all()}
    assert (programs["intensive"].weeks, programs["intensive"].format) == (12, "full_time")
    assert (programs["flexible"].weeks, programs["flexible"].format) == (30, "part_time")
    assert all(p.description and p.hours_per_week for p in programs.values())


@pytest.mark.parametrize(
    ("start_offset", "seats_taken", "status"),
    [
        (10, 0, Cohort.Status.OPEN),
        (10, 5, Cohort.Status.FULL),
        (0, 0, Cohort.Status.RUNNING),
        (-30, 2, Cohort.Status.RUNNING),
        (-200, 0, Cohort.Status.FINISHED),
    ],
)
def test_status_property_and_queryset_agree(intensive, start_offset, seats_taken, status):
    cohort = CohortFactory(
        program=intensive,
        capacity=5,
        start_date=timezone.localdate() + datetime.timedelta(days=start_offset),
    )
    Cohort.objects.filter(pk=cohort.pk).update(seats_taken=seats_taken)
    cohort.refresh_from_db()
    assert cohort.status == status
    for other in Cohort.Status.values:
        assert Cohort.objects.with_status(other).filter(pk=cohort.pk).exists() == (other == status)


def test_database_refuses_more_seats_than_capacity(intensive):
    cohort = CohortFactory(program=intensive, capacity=1)
    with pytest.raises(IntegrityError):
        Cohort.objects.filter(pk=cohort.pk).update(seats_taken=2)
