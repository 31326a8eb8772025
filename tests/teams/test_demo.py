"""The demo's capstone, seeded against the clock on any day: the demo student's team with
student2, student3's team waiting with an invitation to student4, demo day on the
running cohort's last day; seeding again changes nothing."""

import datetime

import pytest
import time_machine

from demo.teams import seed_teams_demo
from enrolment.demo import seed_enrolment_demo
from labs.access import student_cohort
from labs.services.curriculum import curriculum_install
from teams.models import Capstone, DemoSlot, Membership, Team

pytestmark = [pytest.mark.django_db, pytest.mark.real_clock]


@pytest.mark.parametrize(
    "day",
    [None, datetime.datetime(2027, 1, 1, 0, 0, 1, tzinfo=datetime.UTC)],
    ids=["today", "new-year"],
)
def test_the_demo_capstone_on_any_day(day, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(day or datetime.datetime.now(datetime.UTC), tick=True):
        seed_enrolment_demo(seed=7)
        curriculum_install()
        seed_teams_demo(seed=7)
        seed_teams_demo(seed=7)

        capstone = Capstone.objects.get()
        assert [m.kind for m in capstone.milestones.all()] == ["proposal", "checkpoint", "final"]
        team = Team.objects.get(name="Gradient Descenders")
        assert team.status == Team.Status.APPROVED
        members = {m.user.username for m in team.memberships.filter(status="active")}
        assert members == {"student", "student2"}
        invited = Membership.objects.get(status="invited")
        assert (invited.user.username, invited.team.name) == ("student4", "Overfitters")
        cohort = student_cohort(user=invited.user)
        slot = DemoSlot.objects.get()
        assert slot.team == team and slot.starts_at.date() == cohort.end_date
        assert Team.objects.count() == 2
