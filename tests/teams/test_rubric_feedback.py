"""A team milestone's rubric grade is the team's: once released it counts in every
member's LabResult (courses.selectors.results._credit_rubrics), and every member (now, or
when the work was sent) reads its marks and line comments on the submission page and in
the API; another team's members never do."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from courses import selectors
from rubrics.models import LineComment, Rubric
from rubrics.services import grading
from teams import services
from teams.models import Membership
from tests.api.conftest import TokenClient, secret_for
from tests.factories import UserFactory
from tests.labs.factories import EnrolmentFactory
from tests.teams.conftest import PASSING
from tests.teams.test_credit import _send

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestone_rubric(scored_lab):
    rubric = Rubric.objects.create(lab=scored_lab, weight="0.5", pass_share="0.5")
    rubric.items.create(title="Problem statement", points=10, position=1)
    return rubric


@pytest.fixture
def bobs_graded(team, cohort, scored_lab, bob, instructor, milestone_rubric):
    """Bob's milestone, sent for the team yesterday, graded 7 of 10 with a comment on the
    header of his predictions."""
    sent = _send(bob, cohort, scored_lab, PASSING, days=1)
    sent.file.save("bob.csv", ContentFile(b"id,prediction\n1,0\n2,1\n"))
    item = milestone_rubric.items.get()
    grading.rubric_grade_set(
        submission=sent, grader=instructor, marks={item.pk: (Decimal(7), "Clear scope.")}
    )
    LineComment.objects.create(submission=sent, author=instructor, line=1, body="Name the metric.")
    return sent


@pytest.fixture
def other_team(capstone, cohort, enrolled_carol, instructor):
    """Carol and Dan: another team of the same cohort."""
    dan = UserFactory(username="dan")
    EnrolmentFactory(user=dan, cohort=cohort)
    return services.team_form(
        capstone=capstone,
        cohort=cohort,
        name="Other",
        members=[enrolled_carol, dan],
        actor=instructor,
    )


def _release(scored_lab, cohort, instructor):
    grading.grades_release(lab=scored_lab, cohort=cohort, actor=instructor)


def _result(student, cohort, lab):
    return selectors.lab_result_for(student=student, cohort=cohort, lab=lab)


def _page(client, user, submission):
    client.force_login(user)
    return client.get(reverse("reviews:submission", args=[submission.pk]))


def _feedback(client, user, lab):
    return TokenClient(client, secret_for(user)).get(f"/api/v1/labs/{lab.slug}/rubric-feedback")


def test_a_released_team_grade_counts_for_every_member(
    bobs_graded, cohort, scored_lab, alice, bob, instructor, other_team, enrolled_carol
):
    assert _result(alice, cohort, scored_lab).rubric is None  # not released yet
    _release(scored_lab, cohort, instructor)
    for member in (alice, bob):
        result = _result(member, cohort, scored_lab)
        assert result.submission_id == bobs_graded.pk
        assert result.rubric is not None and result.rubric.share == pytest.approx(0.7)
        assert result.grade_share == pytest.approx(0.5 * result.automatic_share + 0.5 * 0.7)
    assert _result(enrolled_carol, cohort, scored_lab).rubric is None


def test_a_teammate_reads_the_released_feedback_on_the_page(
    client, bobs_graded, cohort, scored_lab, alice, instructor
):
    before = _page(client, alice, bobs_graded)
    assert before.status_code == 200  # the team's work, sent by Bob
    assert "Clear scope." not in before.content.decode()
    assert "Name the metric." not in before.content.decode()

    _release(scored_lab, cohort, instructor)
    page = _page(client, alice, bobs_graded).content.decode()
    assert 'data-testid="rubric-feedback"' in page and "Clear scope." in page
    assert 'data-testid="rubric-points">7 of 10' in page
    assert "Name the metric." in page
    assert "Your team's work, sent by" in page
    # The capstone page's list of the team's work links to it.
    capstone_page = client.get(reverse("teams:home")).content.decode()
    assert reverse("reviews:submission", args=[bobs_graded.pk]) in capstone_page
    # The regrade request and Bob's talk with the instructors stay Bob's.
    assert 'data-testid="regrade-form"' not in page
    assert 'id="comments"' not in page


def test_a_member_who_left_keeps_reading_what_was_sent_while_in(
    client, team, bobs_graded, cohort, scored_lab, alice, bob, instructor
):
    _release(scored_lab, cohort, instructor)
    membership = Membership.objects.get(team=team, user=alice)
    services.member_leave(membership=membership, now=timezone.now())
    assert _page(client, alice, bobs_graded).status_code == 200
    assert _feedback(client, alice, scored_lab).status_code == 200
    after = _send(bob, cohort, scored_lab, PASSING, days=0)  # sent after Alice left
    assert _page(client, alice, after).status_code == 404


def test_another_teams_member_never_reads_it(
    client, bobs_graded, cohort, scored_lab, instructor, other_team, enrolled_carol
):
    _release(scored_lab, cohort, instructor)
    assert _page(client, enrolled_carol, bobs_graded).status_code == 404
    response = _feedback(client, enrolled_carol, scored_lab)
    assert response.status_code == 404
    assert "Clear scope." not in response.content.decode()


def test_a_teammate_reads_the_team_feedback_in_the_api(
    client, bobs_graded, cohort, scored_lab, alice, instructor
):
    assert _feedback(client, alice, scored_lab).json()["code"] == "not_released"
    _release(scored_lab, cohort, instructor)
    body = _feedback(client, alice, scored_lab).json()
    assert body["submission_id"] == bobs_graded.pk
    assert Decimal(body["points"]) == 7
    assert [m["comment"] for m in body["marks"]] == ["Clear scope."]
    assert [c["body"] for c in body["line_comments"]] == ["Name the metric."]
    assert body["regrade_requests"] == []


def test_a_teammate_reading_pending_work_does_not_poll_its_live_status(
    client, bobs_graded, alice, bob
):
    """The live status (labs:submission_status) is the author's and reviewers': a teammate
    would poll a 404 every second while the work waits for its grade."""
    type(bobs_graded).objects.filter(pk=bobs_graded.pk).update(status="queued")
    status_url = reverse("labs:submission_status", args=[bobs_graded.pk])
    assert status_url in _page(client, bob, bobs_graded).content.decode()
    assert status_url not in _page(client, alice, bobs_graded).content.decode()
    assert client.get(status_url).status_code == 404  # alice, still logged in
