"""A milestone handed in by one member counts for every member, through the course rules'
one LabResult (courses.credits): in their results, the gradebook and the dashboard; a
member who left keeps what was sent while they were in, not what came after."""

import pytest

from courses import selectors
from progress.dashboards.gradebook import cohort_gradebook
from progress.dashboards.student import student_dashboard
from reviews.services import overrides
from teams import services
from teams.models import Membership
from tests.labs.dashboard_factories import SubmissionFactory
from tests.teams.conftest import FAILING, PASSING, days_ago

pytestmark = pytest.mark.django_db


def _result(student, cohort, lab):
    return selectors.lab_result_for(student=student, cohort=cohort, lab=lab)


def _send(student, cohort, lab, score, days):
    return SubmissionFactory(
        student=student,
        cohort=cohort,
        lab=lab,
        public_score=score,
        passed=score >= PASSING,
        days_ago=days,
    )


def test_a_team_submission_counts_for_every_member(team, cohort, scored_lab, alice, bob):
    sent = _send(bob, cohort, scored_lab, PASSING, days=1)

    result = _result(alice, cohort, scored_lab)
    assert result.submission_id == sent.pk
    assert result.has_passed and result.score == PASSING
    row = next(r for r in cohort_gradebook(cohort=cohort).rows if r.student.pk == alice.pk)
    assert (row.cells[0].has_passed, row.cells[0].best_score) == (True, PASSING)
    assert row.cells[0].status == "passed"
    item = next(i for i in student_dashboard(user=alice).labs if i.lab.pk == scored_lab.pk)
    assert (item.has_passed, item.best_score) == (True, PASSING)


def test_a_student_outside_the_team_is_not_credited(team, cohort, scored_lab, bob, enrolled_carol):
    _send(bob, cohort, scored_lab, PASSING, days=1)

    result = _result(enrolled_carol, cohort, scored_lab)
    assert result.counted is None and not result.has_passed


def test_the_better_of_own_and_team_work_counts(team, cohort, scored_lab, alice, bob):
    _send(bob, cohort, scored_lab, FAILING, days=2)
    own = _send(alice, cohort, scored_lab, PASSING, days=1)

    assert _result(bob, cohort, scored_lab).submission_id == own.pk
    assert _result(alice, cohort, scored_lab).submission_id == own.pk


def test_a_member_who_left_keeps_earlier_work_and_not_later(team, cohort, scored_lab, alice, bob):
    early = _send(bob, cohort, scored_lab, FAILING, days=3)
    membership = Membership.objects.get(team=team, user=alice)
    services.member_leave(membership=membership, now=days_ago(2))
    later = _send(bob, cohort, scored_lab, PASSING, days=1)

    left = _result(alice, cohort, scored_lab)
    assert left.submission_id == early.pk and not left.has_passed
    assert _result(bob, cohort, scored_lab).submission_id == later.pk
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT and membership.joined_at < membership.left_at
    assert Membership.objects.filter(team=team).count() == 2  # the history stays


def test_a_late_joiner_is_credited_from_joining(team, cohort, scored_lab, bob, enrolled_carol):
    before = _send(bob, cohort, scored_lab, PASSING, days=3)
    services.member_add(team=team, user=enrolled_carol, actor=bob, now=days_ago(2))

    assert _result(enrolled_carol, cohort, scored_lab).counted is None
    after = _send(bob, cohort, scored_lab, PASSING, days=1)
    assert _result(enrolled_carol, cohort, scored_lab).submission_id == after.pk
    assert before.pk != after.pk


def test_work_before_approval_is_not_credited(
    capstone, cohort, scored_lab, enrolled_alice, enrolled_bob, instructor
):
    proposed = services.team_propose(
        student=enrolled_alice, capstone=capstone, cohort=cohort, name="Early", now=days_ago(4)
    )
    invite = services.member_invite(
        team=proposed, invitee=enrolled_bob, actor=enrolled_alice, now=days_ago(4)
    )
    services.invitation_accept(membership=invite, user=enrolled_bob, now=days_ago(3))
    _send(enrolled_bob, cohort, scored_lab, PASSING, days=2.5)
    assert _result(enrolled_alice, cohort, scored_lab).counted is None

    services.team_approve(team=proposed, actor=instructor, now=days_ago(2))
    sent = _send(enrolled_bob, cohort, scored_lab, PASSING, days=1)
    assert _result(enrolled_alice, cohort, scored_lab).submission_id == sent.pk


def test_an_override_of_the_team_submission_counts_for_every_member(
    team, cohort, scored_lab, alice, bob, instructor
):
    sent = _send(bob, cohort, scored_lab, FAILING, days=1)
    overrides.grade_override_set(
        student=bob,
        lab=scored_lab,
        cohort=cohort,
        submission=sent,
        actor=instructor,
        passed=True,
        score=0.99,
        reason="Great proposal.",
    )

    result = _result(alice, cohort, scored_lab)
    assert result.is_overridden and result.has_passed and result.score == 0.99
    row = next(r for r in cohort_gradebook(cohort=cohort).rows if r.student.pk == alice.pk)
    assert row.cells[0].is_overridden and row.cells[0].best_score == 0.99
