"""The capstone pages: a team formed by invitation and approval through the pages, refusals
said plainly, a student's page showing their own team's work and never another team's, and
the team beside the student on the gradebook, leaderboard and dashboard."""

import pytest
from django.urls import reverse

from teams import services
from teams.models import Membership, Team
from tests.labs.dashboard_factories import SubmissionFactory
from tests.support import response_text
from tests.teams.conftest import PASSING

pytestmark = pytest.mark.django_db


def test_a_team_formed_by_invitation_and_approval(
    client, capstone, cohort, enrolled_alice, enrolled_bob, instructor
):
    client.force_login(enrolled_alice)
    response = client.post(reverse("teams:propose"), {"name": "Overfitters"}, follow=True)
    assert "Overfitters is started" in response_text(response)
    team = Team.objects.get(name="Overfitters")
    client.post(reverse("teams:invite", args=[team.pk]), {"invitee": enrolled_bob.pk})

    client.force_login(enrolled_bob)
    page = response_text(client.get(reverse("teams:home")))
    assert "invites you to <strong>Overfitters</strong>" in page
    invitation = Membership.objects.get(user=enrolled_bob, status="invited")
    response = client.post(reverse("teams:accept", args=[invitation.pk]), follow=True)
    assert "You joined Overfitters" in response_text(response)

    client.force_login(instructor)
    response = client.post(reverse("teams:approve", args=[team.pk]), follow=True)
    assert "Overfitters is approved" in response_text(response)
    team.refresh_from_db()
    assert team.status == Team.Status.APPROVED


def test_a_refusal_is_said_plainly(client, team, cohort, enrolled_carol, alice):
    client.force_login(enrolled_carol)
    client.post(reverse("teams:propose"), {"name": "Solo"})
    client.force_login(alice)
    response = client.post(
        reverse("teams:invite", args=[team.pk]), {"invitee": enrolled_carol.pk}, follow=True
    )
    assert "Choose a classmate who is not in a team yet." in response_text(response)
    response = client.post(reverse("teams:propose"), {"name": "Another"}, follow=True)
    assert "Alice Student is already in a team" in response_text(response)


def test_a_student_sees_their_team_and_never_another_teams_work(
    client, team, capstone, cohort, scored_lab, alice, bob, enrolled_carol, student, instructor
):
    other = services.team_form(
        capstone=capstone,
        cohort=cohort,
        name="Rivals",
        members=[enrolled_carol, student],
        actor=instructor,
    )
    ours = SubmissionFactory(student=bob, cohort=cohort, lab=scored_lab, public_score=PASSING)
    theirs = SubmissionFactory(student=student, cohort=cohort, lab=scored_lab, public_score=0.7)
    client.force_login(alice)
    page = response_text(client.get(reverse("teams:home")))
    assert "Gradient Descenders" in page and "Bob Student" in page
    assert f"#{ours.pk}</a> by Bob Student" in page
    assert f"#{theirs.pk}" not in page and "Carol" not in page and "Stella" not in page
    assert client.post(reverse("teams:invite", args=[other.pk])).status_code == 404
    assert client.post(reverse("teams:note", args=[other.pk])).status_code == 404


def test_the_team_shows_beside_the_student(
    client, team, cohort, scored_lab, alice, bob, instructor
):
    SubmissionFactory(student=bob, cohort=cohort, lab=scored_lab, public_score=PASSING)
    client.force_login(alice)
    dashboard = client.get(reverse("labs:dashboard")).content.decode()
    assert 'data-testid="dashboard-team">Gradient Descenders' in dashboard
    board = client.get(reverse("leaderboards:leaderboard", args=[scored_lab.slug]))
    assert board.content.decode().count('data-testid="team-badge">team Gradient Descenders') == 2
    client.force_login(instructor)
    gradebook = client.get(reverse("labs:gradebook", args=[cohort.pk])).content.decode()
    assert gradebook.count('data-testid="team-badge">Gradient Descenders') == 2


def test_instructors_form_a_team_on_their_page(
    client, capstone, cohort, enrolled_alice, enrolled_bob, instructor
):
    client.force_login(instructor)
    url = reverse("teams:form", args=[cohort.pk])
    response = client.post(url, {"name": "Picked", "members": [enrolled_alice.pk]}, follow=True)
    assert "A team has 2 to 4 members; 1 chosen." in response_text(response)
    client.post(url, {"name": "Picked", "members": [enrolled_alice.pk, enrolled_bob.pk]})
    page = response_text(client.get(reverse("teams:review_cohort", args=[cohort.pk])))
    assert "Picked" in page and "Approved" in page


def test_staff_form_a_team_in_the_admin_under_the_same_rules(
    client, capstone, cohort, enrolled_alice, enrolled_bob, staff_user
):
    client.force_login(staff_user)
    url = reverse("admin:teams_team_add")
    data = {"capstone": capstone.pk, "cohort": cohort.pk, "name": "Admins' pick"}
    refused = client.post(url, {**data, "members": [enrolled_alice.pk]})
    assert "A team has 2 to 4 members; 1 chosen." in response_text(refused)
    assert not Team.objects.exists()

    response = client.post(url, {**data, "members": [enrolled_alice.pk, enrolled_bob.pk]})
    assert response.status_code == 302
    team = Team.objects.get()
    assert team.status == Team.Status.APPROVED and team.approved_by == staff_user
    assert team.memberships.filter(status="active").count() == 2
