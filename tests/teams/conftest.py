"""The team capstone's tests: `scored_lab` (reference 0.9) is the capstone's proposal
milestone, and Alice and Bob (and Carol, often outside) are students of `cohort`."""

import datetime

import pytest
from django.utils import timezone

from teams import services
from teams.models import Capstone, Milestone

PASSING = 0.95  # above the reference's 0.9 x 0.95
FAILING = 0.5


@pytest.fixture
def capstone(scored_lab):
    capstone = Capstone.objects.create(slug="capstone", title="Capstone project")
    Milestone.objects.create(capstone=capstone, lab=scored_lab, kind=Milestone.Kind.PROPOSAL)
    return capstone


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def team(capstone, cohort, enrolled_alice, enrolled_bob, instructor):
    """Alice and Bob, formed by their instructor five days ago."""
    return services.team_form(
        capstone=capstone,
        cohort=cohort,
        name="Gradient Descenders",
        members=[enrolled_alice, enrolled_bob],
        actor=instructor,
        now=days_ago(5),
    )
