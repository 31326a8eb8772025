"""The board itself: ranking, ties, what counts, hiding, names, the switch when late work
closes (the cohort's cutoff)."""

import datetime

import pytest

from courses import services as course_services
from courses.models import Extension
from enrolment.models import Enrolment
from labs.models import Dataset, Submission
from leaderboards import selectors, services
from leaderboards.aliases import alias_for
from tests.labs.dashboard_factories import DatasetFactory, SubmissionFactory, lab_with_reference
from tests.support import cutoff_moment, due_moment

pytestmark = pytest.mark.django_db


def _board(cohort, lab, viewer, *, is_reviewer=False, now=None):
    return selectors.cohort_leaderboard(
        cohort=cohort, lab=lab, viewer=viewer, is_reviewer=is_reviewer, now=now
    )


def _students(board):
    return [(row.rank, row.student_id, row.score) for row in board.rows if not row.is_reference]


def test_students_rank_by_their_best_public_score(
    cohort, scored_lab, enrolled_alice, enrolled_bob, enrolled_carol, submit
):
    submit(enrolled_alice, 0.80)
    submit(enrolled_alice, 0.95)
    submit(enrolled_bob, 0.91)
    submit(enrolled_carol, 0.70)
    board = _board(cohort, scored_lab, enrolled_alice)
    assert board.phase == selectors.PUBLIC
    assert _students(board) == [
        (1, enrolled_alice.pk, 0.95),
        (2, enrolled_bob.pk, 0.91),
        (3, enrolled_carol.pk, 0.70),
    ]
    assert board.ranked == 3 and board.students == 3


def test_an_equal_score_goes_to_the_earlier_submission(
    cohort, scored_lab, enrolled_alice, enrolled_bob, submit
):
    submit(enrolled_alice, 0.9, minutes_ago=10)
    submit(enrolled_bob, 0.9, minutes_ago=20)
    # Alice reaches 0.9 again later: her earliest 0.9 is what she is timed by.
    submit(enrolled_alice, 0.9, minutes_ago=5)
    board = _board(cohort, scored_lab, enrolled_alice)
    assert [row[1] for row in _students(board)] == [enrolled_bob.pk, enrolled_alice.pk]
    alice_row = board.viewer_row
    assert alice_row.rank == 2
    assert (
        alice_row.sent_at
        == Submission.objects.filter(student=enrolled_alice).order_by("created_at")[0].created_at
    )


def test_rejected_and_errored_submissions_never_rank(
    cohort, scored_lab, enrolled_alice, enrolled_bob, enrolled_carol, submit
):
    submit(enrolled_alice, 0.8)
    submit(enrolled_bob, None, status=Submission.Status.REJECTED)
    # A platform error that left a score behind still does not count.
    errored = submit(enrolled_carol, 0.99, status=Submission.Status.ERROR)
    assert errored.public_score == 0.99
    submit(enrolled_bob, 0.99, status=Submission.Status.QUEUED)
    board = _board(cohort, scored_lab, enrolled_alice)
    assert _students(board) == [(1, enrolled_alice.pk, 0.8)]
    assert board.ranked == 1 and board.students == 3


def test_a_lower_is_better_metric_ranks_the_smallest_error_first(
    cohort, enrolled_alice, enrolled_bob
):
    dataset = DatasetFactory(
        slug="tiny-rmse", task=Dataset.Task.REGRESSION, metric="rmse", classes=[]
    )
    lab = lab_with_reference(slug="rmse-lab", week=1, score=5.0, dataset=dataset)
    for student, score in ((enrolled_alice, 7.5), (enrolled_alice, 4.0), (enrolled_bob, 3.0)):
        SubmissionFactory(student=student, cohort=cohort, lab=lab, public_score=score)
    board = _board(cohort, lab, enrolled_alice)
    assert not board.higher_is_better
    assert [(row.name.startswith("Reference"), row.score) for row in board.rows] == [
        (False, 3.0),
        (False, 4.0),
        (True, 5.0),
    ]


def test_the_reference_model_is_a_row_placed_by_its_score(
    cohort, scored_lab, enrolled_alice, enrolled_bob, submit
):
    submit(enrolled_alice, 0.95)
    submit(enrolled_bob, 0.85)
    rows = _board(cohort, scored_lab, enrolled_alice).rows
    assert [row.rank for row in rows] == [1, None, 2]
    assert rows[1].is_reference and rows[1].score == pytest.approx(0.9)
    assert rows[1].name == "Reference model (logistic_regression)"


def test_once_late_work_closes_the_final_private_results_rank(
    cohort, scored_lab, enrolled_alice, enrolled_bob, submit, clock
):
    scored_lab.references.update(private_score=0.8)
    submit(enrolled_alice, 0.95, private=0.70)
    submit(enrolled_bob, 0.85, private=0.88)
    public = [(1, enrolled_alice.pk, 0.95), (2, enrolled_bob.pk, 0.85)]
    # Past the due date late work is still accepted, so the private half stays hidden.
    for moment in (
        due_moment(scored_lab, cohort, seconds=-1),
        due_moment(scored_lab, cohort, seconds=1),
    ):
        board = _board(cohort, scored_lab, enrolled_alice, now=moment)
        assert board.phase == selectors.PUBLIC
        assert _students(board) == public
    before = _board(
        cohort, scored_lab, enrolled_alice, now=cutoff_moment(scored_lab, cohort, seconds=-1)
    )
    assert before.phase == selectors.PUBLIC and _students(before) == public
    assert before.final_at == cutoff_moment(scored_lab, cohort)

    after = _board(cohort, scored_lab, enrolled_alice, now=cutoff_moment(scored_lab, cohort))
    assert after.phase == selectors.FINAL
    assert _students(after) == [(1, enrolled_bob.pk, 0.88), (2, enrolled_alice.pk, 0.70)]
    # The reference row shows its private score once final too.
    assert [row.score for row in after.rows if row.is_reference] == [0.8]


def test_the_final_board_counts_the_submission_marked_final(
    cohort, scored_lab, enrolled_alice, enrolled_bob, submit
):
    steady = submit(enrolled_alice, 0.86, private=0.91)
    submit(enrolled_alice, 0.97, private=0.60)
    submit(enrolled_bob, 0.90, private=0.90)
    course_services.final_choice_set(
        student=enrolled_alice, submission=steady, now=due_moment(scored_lab, cohort, days=-1)
    )
    board = _board(cohort, scored_lab, enrolled_bob, now=cutoff_moment(scored_lab, cohort, hours=1))
    assert _students(board) == [(1, enrolled_alice.pk, 0.91), (2, enrolled_bob.pk, 0.90)]


def test_a_student_with_a_later_due_date_joins_the_final_ranking_after_it(
    cohort, scored_lab, enrolled_alice, enrolled_bob, instructor, submit
):
    submit(enrolled_alice, 0.9)
    submit(enrolled_bob, 0.95)
    later = scored_lab.due_on(cohort) + datetime.timedelta(days=4)
    Extension.objects.create(
        student=enrolled_bob,
        cohort=cohort,
        lab=scored_lab,
        due_on=later,
        reason="Ill",
        granted_by=instructor,
    )
    now = cutoff_moment(scored_lab, cohort, hours=1)
    his_cutoff = cutoff_moment(scored_lab, cohort, days=4)  # the default policy, from his date
    for_bob = _board(cohort, scored_lab, enrolled_bob, now=now)
    assert _students(for_bob) == [(1, enrolled_alice.pk, 0.9)]
    assert for_bob.viewer_final_at == his_cutoff and for_bob.viewer_row is None
    # Classmates are not told who has an extension; the instructor is.
    for_alice = _board(cohort, scored_lab, enrolled_alice, now=now)
    assert for_alice.viewer_final_at is None and for_alice.waiting == []
    for_ivan = _board(cohort, scored_lab, instructor, is_reviewer=True, now=now)
    assert for_ivan.waiting == [("Bob Student", his_cutoff)]
    # Still waiting a second before his own cutoff; ranked with his final result at it.
    just_before = _board(
        cohort, scored_lab, enrolled_alice, now=his_cutoff - datetime.timedelta(seconds=1)
    )
    assert [row[1] for row in _students(just_before)] == [enrolled_alice.pk]
    at_his_cutoff = _board(cohort, scored_lab, enrolled_alice, now=his_cutoff)
    assert [row[1] for row in _students(at_his_cutoff)] == [enrolled_bob.pk, enrolled_alice.pk]


def test_a_hidden_student_is_left_out_for_classmates_but_sees_their_own_rank(
    cohort, scored_lab, enrolled_alice, enrolled_bob, enrolled_carol, instructor, submit
):
    submit(enrolled_alice, 0.80)
    submit(enrolled_bob, 0.95)
    submit(enrolled_carol, 0.70)
    services.leaderboard_profile_set(user=enrolled_bob, display_name="", is_hidden=True)

    for_alice = _board(cohort, scored_lab, enrolled_alice)
    # Ranks are true standings: Alice is second, and the gap says someone is hidden.
    assert _students(for_alice) == [(2, enrolled_alice.pk, 0.80), (3, enrolled_carol.pk, 0.70)]
    assert for_alice.hidden == 1 and for_alice.ranked == 3

    for_bob = _board(cohort, scored_lab, enrolled_bob)
    assert for_bob.viewer_row.rank == 1 and for_bob.viewer_row.is_hidden
    assert for_bob.hidden == 0

    for_ivan = _board(cohort, scored_lab, instructor, is_reviewer=True)
    bob_row = next(row for row in for_ivan.rows if row.student_id == enrolled_bob.pk)
    assert bob_row.is_hidden and bob_row.real_name == "Bob Student"


def test_students_appear_under_their_display_name_or_a_stable_alias(
    cohort, scored_lab, enrolled_alice, enrolled_bob, submit
):
    submit(enrolled_alice, 0.9)
    submit(enrolled_bob, 0.8)
    services.leaderboard_profile_set(
        user=enrolled_alice, display_name="Gradient Gal", is_hidden=False
    )
    board = _board(cohort, scored_lab, enrolled_bob)
    names = {row.student_id: row.name for row in board.rows}
    assert names[enrolled_alice.pk] == "Gradient Gal"
    assert names[enrolled_bob.pk] == alias_for(enrolled_bob.pk) == alias_for(enrolled_bob.pk)
    # Neither real names nor accounts reach classmates.
    for row in board.rows:
        assert row.real_name == ""
        assert "bob" not in row.name.lower() and "student" not in row.name.lower()


def test_aliases_differ_between_people_and_depend_on_the_secret_key(settings):
    aliases = {alias_for(user_id) for user_id in range(1, 201)}
    assert len(aliases) >= 195  # 1.2 million names; 200 people rarely share one
    before = alias_for(7)
    settings.SECRET_KEY = "another-" + settings.SECRET_KEY
    assert alias_for(7) != before


def test_a_turned_off_board_shows_students_nothing_and_reviewers_everything(
    cohort, scored_lab, enrolled_alice, instructor, submit
):
    submit(enrolled_alice, 0.9)
    services.leaderboard_switch(cohort=cohort, lab=scored_lab, is_enabled=False, actor=instructor)
    for_alice = _board(cohort, scored_lab, enrolled_alice)
    assert not for_alice.is_enabled and for_alice.rows == []
    for_ivan = _board(cohort, scored_lab, instructor, is_reviewer=True)
    assert not for_ivan.is_enabled and [r.student_id for r in for_ivan.rows][0] == enrolled_alice.pk
    services.leaderboard_switch(cohort=cohort, lab=scored_lab, is_enabled=True, actor=instructor)
    assert _board(cohort, scored_lab, enrolled_alice).viewer_row.rank == 1


def test_switching_off_in_one_cohort_leaves_the_others_on(
    cohort, other_cohort, scored_lab, instructor
):
    services.leaderboard_switch(cohort=cohort, lab=scored_lab, is_enabled=False, actor=instructor)
    assert not selectors.is_leaderboard_enabled(cohort=cohort, lab=scored_lab)
    assert selectors.is_leaderboard_enabled(cohort=other_cohort, lab=scored_lab)


def test_students_who_left_the_cohort_are_not_on_its_board(
    cohort, scored_lab, enrolled_alice, enrolled_bob, submit
):
    submit(enrolled_alice, 0.9)
    submit(enrolled_bob, 0.95)
    Enrolment.objects.filter(user=enrolled_bob, cohort=cohort).update(
        status=Enrolment.Status.WITHDRAWN
    )
    board = _board(cohort, scored_lab, enrolled_alice)
    assert _students(board) == [(1, enrolled_alice.pk, 0.9)]


def test_whose_board_each_person_sees(
    cohort, other_cohort, enrolled_alice, instructor, other_instructor, staff_user, db
):
    assert selectors.leaderboard_cohort_for(user=enrolled_alice) == (cohort, False)
    assert selectors.leaderboard_cohort_for(user=enrolled_alice, cohort_id=other_cohort.pk) == (
        None,
        False,
    )
    assert selectors.leaderboard_cohort_for(user=instructor) == (cohort, True)
    assert selectors.leaderboard_cohort_for(user=other_instructor, cohort_id=cohort.pk) == (
        None,
        False,
    )
    assert selectors.leaderboard_cohort_for(user=staff_user, cohort_id=cohort.pk) == (cohort, True)


def test_equal_final_results_go_to_the_earlier_submission(
    cohort, scored_lab, enrolled_alice, enrolled_bob, submit
):
    submit(enrolled_alice, 0.90, private=0.88, minutes_ago=30)
    submit(enrolled_bob, 0.95, private=0.88, minutes_ago=90)
    board = _board(
        cohort, scored_lab, enrolled_alice, now=cutoff_moment(scored_lab, cohort, hours=1)
    )
    assert _students(board) == [(1, enrolled_bob.pk, 0.88), (2, enrolled_alice.pk, 0.88)]


def test_the_final_board_takes_the_late_penalty_from_the_course_rules(
    cohort, scored_lab, enrolled_alice, enrolled_bob, submit, monkeypatch
):
    from courses import rules
    from courses import selectors as course_selectors

    half_a_day = rules.Policy(grace_hours=0, penalty_per_day=0.5, cutoff_days=7)
    monkeypatch.setattr(course_selectors.Policies, "for_lab", lambda self, lab_id: half_a_day)
    late = submit(enrolled_alice, 0.95, private=0.90)
    late_at = due_moment(scored_lab, cohort, hours=3)
    Submission.objects.filter(pk=late.pk).update(created_at=late_at)
    submit(enrolled_bob, 0.60, private=0.60)
    board = _board(
        cohort, scored_lab, enrolled_bob, now=due_moment(scored_lab, cohort, days=8)
    )  # past its cutoff
    # A day late: half of Alice's 0.90 is gone, and Bob's on-time 0.60 comes first.
    assert _students(board) == [
        (1, enrolled_bob.pk, 0.60),
        (2, enrolled_alice.pk, pytest.approx(0.45)),
    ]
