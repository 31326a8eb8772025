"""/api/v1/capstone: the web page's capstone as JSON under the same rules; answering an
invitation through the API."""

import pytest

from teams import services
from teams.models import Membership
from tests.api.conftest import TokenClient, secret_for
from tests.labs.dashboard_factories import SubmissionFactory
from tests.teams.conftest import PASSING

pytestmark = pytest.mark.django_db


def _api(client, user):
    return TokenClient(client, secret_for(user))


def test_the_capstone_shows_the_team_and_the_credited_result(
    client, team, cohort, scored_lab, alice, bob
):
    SubmissionFactory(student=bob, cohort=cohort, lab=scored_lab, public_score=PASSING)
    body = _api(client, alice).get("/api/v1/capstone").json()

    assert body["team"]["name"] == "Gradient Descenders"
    assert {m["username"] for m in body["team"]["members"]} == {"alice", "bob"}
    [milestone] = body["milestones"]
    assert milestone["kind"] == "proposal" and milestone["lab"] == scored_lab.slug
    assert milestone["has_passed"] is True and milestone["score"] == PASSING


def test_the_leaderboard_rows_name_the_team(client, team, cohort, scored_lab, alice, bob):
    SubmissionFactory(student=bob, cohort=cohort, lab=scored_lab, public_score=PASSING)
    rows = _api(client, alice).get(f"/api/v1/labs/{scored_lab.slug}/leaderboard").json()["rows"]
    assert {row["team"] for row in rows if not row["is_reference"]} == {"Gradient Descenders"}


def test_an_invitation_is_answered_through_the_api(
    client, capstone, cohort, enrolled_alice, enrolled_bob, enrolled_carol
):
    team = services.team_propose(student=enrolled_alice, capstone=capstone, cohort=cohort, name="A")
    invitation = services.member_invite(team=team, invitee=enrolled_bob, actor=enrolled_alice)
    url = f"/api/v1/capstone/invitations/{invitation.pk}/accept"

    assert _api(client, enrolled_carol).post(url).status_code == 404
    body = _api(client, enrolled_bob).post(url).json()

    assert body["team"]["name"] == "A" and body["invitations"] == []
    assert Membership.objects.get(pk=invitation.pk).status == Membership.Status.ACTIVE


def test_a_refused_answer_says_why(client, team, capstone, cohort, enrolled_carol, student):
    other = services.team_propose(student=student, capstone=capstone, cohort=cohort, name="C")
    invitation = services.member_invite(team=other, invitee=enrolled_carol, actor=student)
    services.member_add(team=team, user=enrolled_carol, actor=student)  # joined elsewhere
    url = f"/api/v1/capstone/invitations/{invitation.pk}/accept"
    response = _api(client, enrolled_carol).post(url)
    assert response.status_code == 400
    assert "already in a team" in response.json()["detail"]


def test_the_gradebook_rows_name_the_team(client, team, cohort, alice, instructor):
    body = _api(client, instructor).get(f"/api/v1/cohorts/{cohort.pk}/gradebook").json()
    teams = {row["username"]: row["team"] for row in body["students"]}
    assert teams["alice"] == "Gradient Descenders" and teams["bob"] == "Gradient Descenders"
