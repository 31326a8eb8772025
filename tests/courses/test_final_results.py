"""Final results: the chosen (or best public) submission's private score decides; it and
the private scores show once the student's cutoff passes, public scores only before."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses import selectors, services
from labs.models import Submission
from labs.services.upload_rule import upload_refusal
from tests.labs.dashboard_factories import SubmissionFactory
from tests.support import cutoff_moment, due_moment, response_text

pytestmark = pytest.mark.django_db


def _submit(student, cohort, lab, *, public, private, sent_at):
    submission = SubmissionFactory(
        student=student,
        cohort=cohort,
        lab=lab,
        public_score=public,
        private_score=private,
        passed=public >= 0.855,
    )
    Submission.objects.filter(pk=submission.pk).update(created_at=sent_at)
    submission.refresh_from_db()
    return submission


def test_without_a_choice_the_best_public_score_counts(student, cohort, scored_lab, policy, clock):
    before = due_moment(scored_lab, cohort, days=-2)
    _submit(student, cohort, scored_lab, public=0.80, private=0.95, sent_at=before)
    best = _submit(student, cohort, scored_lab, public=0.92, private=0.70, sent_at=before)
    result = selectors.lab_result_for(
        student=student, cohort=cohort, lab=scored_lab, now=due_moment(scored_lab, cohort, hours=1)
    )
    assert result.submission_id == best.pk
    assert result.final_score == pytest.approx(0.70)
    assert result.is_due and not result.final_passed  # the private half decides: 0.70 < 0.855
    assert not result.is_final and result.has_passed  # until the cutoff, the public result


def test_a_submission_marked_final_counts_instead_of_the_best(student, cohort, scored_lab, policy):
    before = due_moment(scored_lab, cohort, days=-2)
    steady = _submit(student, cohort, scored_lab, public=0.88, private=0.91, sent_at=before)
    _submit(student, cohort, scored_lab, public=0.93, private=0.60, sent_at=before)
    services.final_choice_set(student=student, submission=steady, now=before)
    result = selectors.lab_result_for(
        student=student, cohort=cohort, lab=scored_lab, now=due_moment(scored_lab, cohort, hours=1)
    )
    assert result.submission_id == steady.pk and result.counted.is_chosen
    assert result.final_score == pytest.approx(0.91) and result.final_passed


def test_the_final_choice_cannot_change_after_the_due_date(student, cohort, scored_lab, policy):
    submission = _submit(
        student,
        cohort,
        scored_lab,
        public=0.9,
        private=0.9,
        sent_at=due_moment(scored_lab, cohort, days=-1),
    )
    with pytest.raises(ValidationError, match="can no longer change"):
        services.final_choice_set(
            student=student, submission=submission, now=due_moment(scored_lab, cohort, seconds=1)
        )


def test_nobody_else_can_mark_a_submission_final(student, cohort, scored_lab, bob):
    submission = _submit(
        student,
        cohort,
        scored_lab,
        public=0.9,
        private=0.9,
        sent_at=due_moment(scored_lab, cohort, days=-1),
    )
    with pytest.raises(ValidationError):
        services.final_choice_set(student=bob, submission=submission)


def test_before_the_due_date_pass_and_score_are_public(student, cohort, scored_lab, policy):
    before = due_moment(scored_lab, cohort, days=-1)
    _submit(student, cohort, scored_lab, public=0.9, private=0.1, sent_at=before)
    result = selectors.lab_result_for(student=student, cohort=cohort, lab=scored_lab, now=before)
    assert not result.is_due
    assert result.has_passed and result.score == pytest.approx(0.9)


def test_submission_page_shows_the_private_score_only_after_the_cutoff(
    client, student, cohort, scored_lab, policy, clock
):
    clock.set(due_moment(scored_lab, cohort, days=-1))
    submission = _submit(
        student,
        cohort,
        scored_lab,
        public=0.9,
        private=0.8123,
        sent_at=due_moment(scored_lab, cohort, days=-1),
    )
    client.force_login(student)
    url = reverse("labs:submission", args=[submission.pk])
    body = client.get(url).content.decode()
    assert "0.8123" not in body and "revealed once late work closes" in body
    assert 'data-testid="mark-final"' in body

    # Due, but late uploads are still accepted: the private half stays hidden, everywhere.
    for moment in (
        due_moment(scored_lab, cohort, minutes=1),
        cutoff_moment(scored_lab, cohort, policy, seconds=-1),
    ):
        clock.set(moment)
        body = client.get(url).content.decode()
        assert "0.8123" not in body and "revealed once late work closes" in body
        assert 'data-testid="mark-final"' not in body  # the choice is locked at the due date
        lab_page = client.get(reverse("labs:detail", args=[scored_lab.slug])).content.decode()
        assert 'data-testid="awaiting-final"' in lab_page and "0.8123" not in lab_page
        dashboard = client.get(reverse("labs:dashboard")).content.decode()
        assert "0.8123" not in dashboard

    clock.set(cutoff_moment(scored_lab, cohort, policy))  # uploads refused from this moment on
    body = client.get(url).content.decode()
    assert "0.8123" in body and "revealed once late work closes" not in body
    # The lab page and the dashboard show the final result too.
    assert 'data-testid="final-score">0.8123' in client.get(
        reverse("labs:detail", args=[scored_lab.slug])
    ).content.decode().replace("\n", "")
    dashboard = client.get(reverse("labs:dashboard")).content.decode()
    assert "Final score" in dashboard and "0.8123" in dashboard


def test_the_cutoff_that_shows_private_scores_is_the_one_that_refuses_uploads(
    student, cohort, scored_lab, policy
):
    submission = _submit(
        student,
        cohort,
        scored_lab,
        public=0.9,
        private=0.8,
        sent_at=due_moment(scored_lab, cohort, days=-1),
    )
    for moment in (
        cutoff_moment(scored_lab, cohort, policy, seconds=-1),
        cutoff_moment(scored_lab, cohort, policy),
    ):
        refused = upload_refusal(lab=scored_lab, student=student, cohort=cohort, now=moment)
        shown = selectors.private_scores_shown(submissions=[submission], now=moment)
        assert (refused is not None) == (submission.pk in shown)


def test_an_extension_moves_the_moment_private_scores_show(
    student, cohort, scored_lab, policy, instructor
):
    submission = _submit(
        student,
        cohort,
        scored_lab,
        public=0.9,
        private=0.8,
        sent_at=due_moment(scored_lab, cohort, days=-1),
    )
    services.extension_grant(
        student=student,
        cohort=cohort,
        granted_by=instructor,
        reason="Ill",
        lab=scored_lab,
        due_on=scored_lab.due_on(cohort) + datetime.timedelta(days=5),
    )
    at_cohort_cutoff = cutoff_moment(scored_lab, cohort, policy, minutes=1)
    assert selectors.private_scores_shown(submissions=[submission], now=at_cohort_cutoff) == set()
    result = selectors.lab_result_for(
        student=student, cohort=cohort, lab=scored_lab, now=at_cohort_cutoff
    )
    assert not result.is_final and not result.is_due
    later = cutoff_moment(scored_lab, cohort, policy, days=5)
    assert selectors.private_scores_shown(submissions=[submission], now=later) == {submission.pk}


def test_marking_final_through_the_page(client, student, cohort, scored_lab, policy, clock):
    now = clock.set(due_moment(scored_lab, cohort, days=-1))
    first = _submit(student, cohort, scored_lab, public=0.88, private=0.9, sent_at=now)
    _submit(student, cohort, scored_lab, public=0.95, private=0.5, sent_at=now)
    client.force_login(student)
    response = client.post(reverse("courses:final_choice", args=[first.pk]))
    assert response.status_code == 302
    result = selectors.lab_result_for(
        student=student, cohort=cohort, lab=scored_lab, now=due_moment(scored_lab, cohort, days=1)
    )
    assert result.submission_id == first.pk


def test_gradebook_and_csv_use_the_final_result_once_final(
    client, student, cohort, scored_lab, policy, instructor, clock
):
    _submit(
        student,
        cohort,
        scored_lab,
        public=0.93,
        private=0.40,
        sent_at=due_moment(scored_lab, cohort, days=-1),
    )
    client.force_login(instructor)
    clock.set(due_moment(scored_lab, cohort, days=-1, hours=1))
    row = client.get(reverse("labs:gradebook", args=[cohort.pk])).content.decode()
    assert "✓ 0.930" in row
    clock.set(due_moment(scored_lab, cohort, hours=1))  # due; late work still accepted
    row = client.get(reverse("labs:gradebook", args=[cohort.pk])).content.decode()
    assert "✓ 0.930" in row and "0.400" not in row
    csv_text = response_text(client.get(reverse("labs:gradebook_export", args=[cohort.pk])))
    assert "0.4000" not in csv_text
    clock.set(cutoff_moment(scored_lab, cohort, policy))
    row = client.get(reverse("labs:gradebook", args=[cohort.pk])).content.decode()
    assert "0.400" in row and "1 lab overdue" in row
    csv_text = response_text(client.get(reverse("labs:gradebook_export", args=[cohort.pk])))
    assert "0.4000" in csv_text
