"""The team capstone's part of the matrix's world: A's approved team (with Carla), a team
Dave proposed that invites B, the other cohort's team, and a second capstone where A has a
team to leave and B an invitation to decline (so those writes change nothing the other
probes ask about)."""

import datetime

from django.utils import timezone

from teams import services
from teams.models import Capstone, Milestone
from tests.factories import UserFactory
from tests.labs.factories import EnrolmentFactory


def build_capstone_world(*, users, cohort, other_cohort, lab) -> dict:
    capstone = Capstone.objects.create(slug="matrix-capstone", title="Matrix capstone")
    milestone = Milestone.objects.create(capstone=capstone, lab=lab, kind="proposal")
    second = Capstone.objects.create(slug="matrix-second", title="Second capstone")

    def student(name, in_cohort):
        user = UserFactory(username=name)
        EnrolmentFactory(user=user, cohort=in_cohort)
        return user

    carla, dave = student("carla", cohort), student("dave", cohort)
    others = [student("ossi", other_cohort), student("olli", other_cohort)]
    team_a = services.team_form(
        capstone=capstone,
        cohort=cohort,
        name="Team A",
        members=[users["student_a"], carla],
        actor=users["instructor"],
    )
    proposed = services.team_propose(student=dave, capstone=capstone, cohort=cohort, name="Dave's")
    invitation_b = services.member_invite(team=proposed, invitee=users["student_b"], actor=dave)
    other_team = services.team_form(
        capstone=capstone,
        cohort=other_cohort,
        name="Other cohort's",
        members=others,
        actor=users["other_instructor"],
    )
    services.demo_slot_set(team=other_team, starts_at=other_cohort_demo(other_cohort), minutes=15)
    to_leave = services.team_form(
        capstone=second,
        cohort=cohort,
        name="To leave",
        members=[users["student_a"], carla],
        actor=users["instructor"],
    )
    second_invitation_b = services.member_invite(
        team=to_leave, invitee=users["student_b"], actor=carla
    )
    # For the API's answers (a write must not change what the web's probes ask about): an
    # invitation to B in each of the other capstones, from Dave's and Erin's teams.
    third = Capstone.objects.create(slug="matrix-third", title="Third capstone")
    erin = student("erin", cohort)
    api_invitations = {}
    for key, in_capstone in (("api_accept", third), ("api_decline", second)):
        inviting = services.team_form(
            capstone=in_capstone,
            cohort=cohort,
            name=f"Dave and Erin ({key})",
            members=[dave, erin],
            actor=users["instructor"],
        )
        api_invitations[key] = services.member_invite(
            team=inviting, invitee=users["student_b"], actor=erin
        )
    return {
        **api_invitations,
        "capstone": capstone,
        "milestone": milestone,
        "team_a": team_a,
        "proposed": proposed,
        "other_team": other_team,
        "to_leave": to_leave,
        "invitation_b": invitation_b,
        "second_invitation_b": second_invitation_b,
        "dave_membership": proposed.memberships.get(user=dave),
        "other_membership": other_team.memberships.get(user=others[0]),
    }


def other_cohort_demo(cohort):
    return timezone.make_aware(datetime.datetime.combine(cohort.end_date, datetime.time(14)))
