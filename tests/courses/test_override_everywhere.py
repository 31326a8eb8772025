"""One result: a failed lab overridden to a pass with a score reads the same on every page
that shows results (dashboard, gradebook and its CSV, the API, the leaderboard), counts
towards completion, and is undone everywhere when the override is revoked."""

import csv
import io

import pytest
from django.urls import reverse

from courses import selectors, services
from courses.models import CompletionDecision, GradeOverride
from enrolment.models import Enrolment
from leaderboards.selectors import cohort_leaderboard
from progress.dashboards.gradebook import cohort_gradebook
from progress.dashboards.student import student_dashboard
from reviews.services import overrides
from tests.api.conftest import TokenClient, secret_for
from tests.factories import UserFactory
from tests.labs.dashboard_factories import SubmissionFactory
from tests.labs.factories import EnrolmentFactory
from tests.support import cutoff_moment, response_text

pytestmark = pytest.mark.django_db

OWN_SCORE = 0.5  # below the reference's 0.9 x 0.95: a fail
CLASSMATE_SCORE = 0.8
OVERRIDE_SCORE = 0.95


@pytest.fixture
def carl(cohort, scored_lab):
    user = UserFactory(username="carl", first_name="Carl", last_name="Classmate")
    EnrolmentFactory(user=user, cohort=cohort)
    SubmissionFactory(
        student=user, cohort=cohort, lab=scored_lab, public_score=CLASSMATE_SCORE, passed=False
    )
    return user


@pytest.fixture
def failed(student, cohort, scored_lab, carl):
    """Stella's only attempt failed; Carl's scored better and failed too."""
    return SubmissionFactory(
        student=student, cohort=cohort, lab=scored_lab, public_score=OWN_SCORE, passed=False
    )


def _api(client, user):
    return TokenClient(client, secret_for(user))


def _everywhere(client, *, student, instructor, carl, cohort, lab) -> dict:
    """What each page says of the student's lab: (passed, score, overridden) per page."""
    seen = {}
    item = next(i for i in student_dashboard(user=student).labs if i.lab.pk == lab.pk)
    seen["dashboard"] = (item.has_passed, item.best_score, item.override is not None)
    row = next(r for r in cohort_gradebook(cohort=cohort).rows if r.student.pk == student.pk)
    cell = row.cells[0]
    seen["gradebook"] = (cell.has_passed, cell.best_score, cell.is_overridden)

    client.force_login(instructor)
    export = response_text(client.get(reverse("labs:gradebook_export", args=[cohort.pk])))
    line = next(r for r in csv.reader(io.StringIO(export)) if student.username in r)
    score_text = f"{seen['gradebook'][1]:.4f}" if seen["gradebook"][1] is not None else ""
    seen["csv"] = (score_text in line, "(override)" in " ".join(line))

    results = _api(client, student).get(reverse("api-1:results")).json()
    mine = next(r for r in results["labs"] if r["lab"] == lab.slug)
    seen["api results"] = (mine["has_passed"], mine["best_score"], mine["is_overridden"])
    book = _api(client, instructor).get(reverse("api-1:gradebook", args=[cohort.pk])).json()
    api_row = next(r for r in book["students"] if r["student_id"] == student.pk)
    api_cell = api_row["cells"][0]
    seen["api gradebook"] = (
        api_cell["has_passed"],
        api_cell["best_score"],
        api_cell["is_overridden"],
    )

    board = cohort_leaderboard(cohort=cohort, lab=lab, viewer=student, is_reviewer=False)
    own_row = board.viewer_row
    seen["leaderboard"] = (own_row.rank, own_row.score, own_row.is_overridden)
    api_board = _api(client, carl).get(reverse("api-1:leaderboard", args=[lab.slug])).json()
    seen["leaderboard for a classmate"] = [
        (row["score"], row["is_overridden"]) for row in api_board["rows"] if row["rank"]
    ]
    progress = student_dashboard(user=student).completion
    seen["completion"] = progress["passed"]
    return seen


@pytest.mark.parametrize("phase", ["public", "final"])
def test_an_override_to_a_pass_shows_everywhere_and_its_undo_too(
    client, student, instructor, carl, cohort, scored_lab, policy, failed, clock, phase
):
    if phase == "final":  # past the cutoff: the final results (private half) show
        clock.set(cutoff_moment(scored_lab, cohort, policy, hours=1))
    where = {"student": student, "instructor": instructor, "carl": carl, "cohort": cohort}
    before = _everywhere(client, lab=scored_lab, **where)
    assert before["dashboard"] == (False, OWN_SCORE, False)
    assert before["gradebook"] == (False, OWN_SCORE, False)
    assert before["csv"] == (True, False)
    assert before["api results"] == (False, OWN_SCORE, False)
    assert before["api gradebook"] == (False, OWN_SCORE, False)
    assert before["leaderboard"] == (2, OWN_SCORE, False)
    assert before["completion"] == 0

    overrides.grade_override_set(
        student=student,
        lab=scored_lab,
        cohort=cohort,
        actor=instructor,
        passed=True,
        score=OVERRIDE_SCORE,
        reason="Marked by hand: the grader read the wrong column.",
        submission=failed,
    )
    override = GradeOverride.objects.get()
    # Its "previous grade" is the result every page showed just before.
    assert (override.previous_passed, override.previous_score) == (False, OWN_SCORE)

    after = _everywhere(client, lab=scored_lab, **where)
    assert after["dashboard"] == (True, OVERRIDE_SCORE, True)
    assert after["gradebook"] == (True, OVERRIDE_SCORE, True)
    assert after["csv"] == (True, True)
    assert after["api results"] == (True, OVERRIDE_SCORE, True)
    assert after["api gradebook"] == (True, OVERRIDE_SCORE, True)
    # The board ranks the overridden score; the student sees it is an override...
    assert after["leaderboard"] == (1, OVERRIDE_SCORE, True)
    # ...a classmate sees the score like any other, not the decision about someone else.
    assert after["leaderboard for a classmate"] == [
        (OVERRIDE_SCORE, False),
        (CLASSMATE_SCORE, False),
    ]
    assert after["completion"] == 1

    assert overrides.grade_override_undo(override=override, actor=instructor)
    assert _everywhere(client, lab=scored_lab, **where) == before


def test_completion_counts_the_override_and_stops_counting_it_once_revoked(
    student, instructor, cohort, scored_lab, failed
):
    staff = UserFactory(username="stan", is_staff=True)
    enrolment = Enrolment.objects.get(user=student, cohort=cohort)
    labs = selectors.published_labs()
    assert labs == [scored_lab]
    # The beat job's own read: not met, and not final yet, so both students wait.
    assert services.cohort_completion_run(cohort=cohort)["waiting"] == 2
    override = overrides.grade_override_set(
        student=student,
        lab=scored_lab,
        cohort=cohort,
        actor=instructor,
        passed=True,
        score=None,
        reason="Did it on paper.",
    )
    # The beat job completes her on the overridden pass (Carl still waits).
    assert services.cohort_completion_run(cohort=cohort) == {
        "completed": 1,
        "not_completed": 0,
        "waiting": 1,
    }
    automatic = CompletionDecision.objects.get(kind=CompletionDecision.Kind.AUTOMATIC)
    assert (automatic.enrolment, automatic.completed, automatic.labs_passed) == (enrolment, True, 1)
    # A staff decision records the labs passed as the rule counts them: with the override...
    decision = services.completion_override(
        enrolment=enrolment, completed=False, reason="Checking the record.", actor=staff
    )
    assert (decision.labs_passed, decision.labs_total) == (1, 1)
    # ...and without it once it is revoked.
    overrides.grade_override_undo(override=override, actor=instructor)
    decision = services.completion_override(
        enrolment=enrolment, completed=True, reason="Completed on other grounds.", actor=staff
    )
    assert decision.labs_passed == 0


def test_an_override_without_a_score_keeps_the_own_score_on_the_board(
    student, instructor, cohort, scored_lab, failed, carl
):
    overrides.grade_override_set(
        student=student,
        lab=scored_lab,
        cohort=cohort,
        actor=instructor,
        passed=True,
        score=None,
        reason="Passed by agreement.",
    )
    board = cohort_leaderboard(cohort=cohort, lab=scored_lab, viewer=instructor, is_reviewer=True)
    rows = {row.student_id: row for row in board.rows if not row.is_reference}
    # Pass/fail is not on the board: the score stays her own, and is not marked.
    assert (rows[student.pk].score, rows[student.pk].is_overridden) == (OWN_SCORE, False)
    assert rows[carl.pk].rank == 1


def test_an_override_score_ranks_a_student_without_a_graded_submission(
    client, student, instructor, cohort, scored_lab, carl
):
    rejected = SubmissionFactory(
        student=student,
        cohort=cohort,
        lab=scored_lab,
        status="rejected",
        passed=None,
        public_score=None,
    )
    overrides.grade_override_set(
        student=student,
        lab=scored_lab,
        cohort=cohort,
        actor=instructor,
        passed=True,
        score=OVERRIDE_SCORE,
        reason="The grader refused a valid file.",
        submission=rejected,
    )
    client.force_login(instructor)
    page = client.get(
        reverse("leaderboards:leaderboard", args=[scored_lab.slug]), {"cohort": cohort.pk}
    )
    html = page.content.decode()
    assert html.count('data-testid="leaderboard-row"') == 2
    assert 'data-testid="override-badge"' in html and f"{OVERRIDE_SCORE:.4f}" in html
