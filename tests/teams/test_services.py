"""Forming teams: an instructor's, or a student's proposal with invitations answered and an
instructor's approval; the size limits (2 to 4) and one team per capstone, each refused
with a clear message; leaving keeps the history."""

import pytest

from teams import services
from teams.models import Membership, Team
from tests.factories import UserFactory
from tests.labs.factories import EnrolmentFactory
from tests.teams.conftest import days_ago

pytestmark = pytest.mark.django_db


def _students(cohort, count):
    users = [UserFactory(username=f"member{n}") for n in range(count)]
    for user in users:
        EnrolmentFactory(user=user, cohort=cohort)
    return users


def test_invite_accept_and_approve_make_an_approved_team(
    capstone, cohort, enrolled_alice, enrolled_bob, instructor
):
    team = services.team_propose(
        student=enrolled_alice, capstone=capstone, cohort=cohort, name="Overfitters"
    )
    assert team.status == Team.Status.PROPOSED
    invite = services.member_invite(team=team, invitee=enrolled_bob, actor=enrolled_alice)
    assert invite.status == Membership.Status.INVITED

    services.invitation_accept(membership=invite, user=enrolled_bob)
    services.team_approve(team=team, actor=instructor)

    team.refresh_from_db()
    assert team.status == Team.Status.APPROVED and team.approved_by == instructor
    assert {m.user for m in team.memberships.filter(status="active")} == {
        enrolled_alice,
        enrolled_bob,
    }


def test_a_declined_invitation_is_kept_and_the_team_cannot_be_approved_alone(
    capstone, cohort, enrolled_alice, enrolled_bob, instructor
):
    team = services.team_propose(
        student=enrolled_alice, capstone=capstone, cohort=cohort, name="Solo"
    )
    invite = services.member_invite(team=team, invitee=enrolled_bob, actor=enrolled_alice)
    services.invitation_decline(membership=invite, user=enrolled_bob)

    invite.refresh_from_db()
    assert invite.status == Membership.Status.DECLINED and invite.answered_at
    with pytest.raises(services.TeamError, match="needs 2 to 4 members"):
        services.team_approve(team=team, actor=instructor)


def test_a_fifth_member_is_refused(capstone, cohort, instructor):
    four = _students(cohort, 5)
    team = services.team_form(
        capstone=capstone, cohort=cohort, name="Four", members=four[:4], actor=instructor
    )
    with pytest.raises(services.TeamError, match="at most 4"):
        services.member_add(team=team, user=four[4], actor=instructor)
    with pytest.raises(services.TeamError, match="at most 4"):
        services.member_invite(team=team, invitee=four[4], actor=four[0])


def test_waiting_invitations_count_against_the_maximum(capstone, cohort, enrolled_alice):
    others = _students(cohort, 4)
    team = services.team_propose(
        student=enrolled_alice, capstone=capstone, cohort=cohort, name="Busy"
    )
    for other in others[:3]:
        services.member_invite(team=team, invitee=other, actor=enrolled_alice)
    with pytest.raises(services.TeamError, match="invitations waiting included"):
        services.member_invite(team=team, invitee=others[3], actor=enrolled_alice)


@pytest.mark.parametrize("size", [1, 5])
def test_an_instructor_forms_teams_of_two_to_four_only(capstone, cohort, instructor, size):
    with pytest.raises(services.TeamError, match=f"2 to 4 members; {size} chosen"):
        services.team_form(
            capstone=capstone,
            cohort=cohort,
            name="Wrong size",
            members=_students(cohort, size),
            actor=instructor,
        )


def test_a_student_is_in_one_team_per_capstone(
    team, capstone, cohort, enrolled_alice, enrolled_carol
):
    with pytest.raises(services.TeamError, match="already in a team"):
        services.team_propose(student=enrolled_alice, capstone=capstone, cohort=cohort, name="Two")
    other = services.team_propose(
        student=enrolled_carol, capstone=capstone, cohort=cohort, name="C"
    )
    with pytest.raises(services.TeamError, match="already in a team"):
        services.member_invite(team=other, invitee=enrolled_alice, actor=enrolled_carol)


def test_accepting_one_invitation_lets_the_others_lapse(
    capstone, cohort, enrolled_alice, enrolled_bob, enrolled_carol
):
    first = services.team_propose(
        student=enrolled_alice, capstone=capstone, cohort=cohort, name="A"
    )
    second = services.team_propose(student=enrolled_bob, capstone=capstone, cohort=cohort, name="B")
    taken = services.member_invite(team=first, invitee=enrolled_carol, actor=enrolled_alice)
    lapsed = services.member_invite(team=second, invitee=enrolled_carol, actor=enrolled_bob)

    services.invitation_accept(membership=taken, user=enrolled_carol)

    lapsed.refresh_from_db()
    assert lapsed.status == Membership.Status.DECLINED
    with pytest.raises(services.TeamError, match="no longer open"):
        services.invitation_accept(membership=lapsed, user=enrolled_carol)


def test_only_the_invited_student_answers(
    capstone, cohort, enrolled_alice, enrolled_bob, enrolled_carol
):
    team = services.team_propose(student=enrolled_alice, capstone=capstone, cohort=cohort, name="A")
    invite = services.member_invite(team=team, invitee=enrolled_bob, actor=enrolled_alice)
    with pytest.raises(services.TeamError, match="no longer open"):
        services.invitation_accept(membership=invite, user=enrolled_carol)
    with pytest.raises(services.TeamError, match="no longer open"):
        services.invitation_decline(membership=invite, user=enrolled_carol)


def test_only_students_of_the_cohort_join(capstone, cohort, enrolled_alice, other_cohort):
    stranger = _students(other_cohort, 1)[0]
    team = services.team_propose(student=enrolled_alice, capstone=capstone, cohort=cohort, name="A")
    with pytest.raises(services.TeamError, match="not a student of your cohort"):
        services.member_invite(team=team, invitee=stranger, actor=enrolled_alice)


def test_leaving_and_rejoining_keeps_every_row(team, alice, instructor):
    membership = Membership.objects.get(team=team, user=alice)
    services.member_leave(membership=membership, now=days_ago(3))
    services.member_add(team=team, user=alice, actor=instructor, now=days_ago(1))

    rows = list(Membership.objects.filter(team=team, user=alice).order_by("created_at"))
    assert [r.status for r in rows] == ["left", "active"]
    assert rows[0].left_at < rows[1].joined_at


def test_the_last_member_leaving_disbands_the_team(team, alice, bob):
    for user in (alice, bob):
        services.member_leave(membership=Membership.objects.get(team=team, user=user))
    team.refresh_from_db()
    assert team.status == Team.Status.DISBANDED
    assert Membership.objects.filter(team=team).count() == 2


def test_two_teams_never_share_a_demo_time(team, capstone, cohort, enrolled_carol, instructor):
    other = services.team_form(
        capstone=capstone,
        cohort=cohort,
        name="Others",
        members=[enrolled_carol, _students(cohort, 1)[0]],
        actor=instructor,
    )
    at = days_ago(-10)
    services.demo_slot_set(team=team, starts_at=at, minutes=15)
    with pytest.raises(services.TeamError, match="Another team demos at that time"):
        services.demo_slot_set(team=other, starts_at=at, minutes=15)


def test_the_data_export_holds_the_team_history(team, alice, capstone):
    from privacy.selectors import personal_export
    from teams.models import ContributionNote

    ContributionNote.objects.create(
        team=team, milestone=capstone.milestones.get(), member=alice, note="Wrote the proposal."
    )
    services.member_leave(membership=Membership.objects.get(team=team, user=alice))
    [row] = personal_export(user=alice).data["capstone_teams"]
    assert (row["team"], row["status"]) == ("Gradient Descenders", "left") and row["left_at"]
    assert row["contributions"][0]["note"] == "Wrote the proposal."
