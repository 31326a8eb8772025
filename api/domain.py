"""Everything the API takes from labs, courses, enrolment and outcomes, imported here only.

The API is a second door to the same services and selectors as the web pages: it holds
no rule of its own. When those apps move things around, this is the one file to update.
"""

from config.guards import parse_id
from courses.selectors import private_scores_shown
from enrolment.selectors import enrolment_list_for_user, waitlist_position
from labs import grading
from labs.access import (
    can_review_labs,
    is_lab_open,
    student_cohort,
)
from labs.forms import upload_form_for
from labs.lookups import (
    NOT_ENROLLED,
    get_cohort_for_reviewer,
    get_lab_for_student,
    get_submission_for_user,
)
from labs.models import Lab, Submission
from labs.selectors import current_reference, submissions_charged_today
from labs.services.intake import (
    SubmissionRefused,
    SubmissionThrottled,
    UploadedPredictions,
    submission_create,
)
from labs.uploads import SizeCappedUploadHandler, max_upload_bytes
from leaderboards.lookups import get_board_cohort_for_user, get_board_lab
from leaderboards.selectors import Leaderboard, cohort_leaderboard
from outcomes.selectors import records_of_user as job_records_of_user
from progress.dashboards.gradebook import cohort_gradebook, cohorts_for_reviewer
from progress.dashboards.statuses import labs_with_reference
from progress.dashboards.student import lab_history, student_dashboard
from rubrics import selectors as rubric_selectors
from rubrics.lookups import get_lab_and_cohort_for_reviewer, get_regrade_for_reviewer
from rubrics.queue import grading_queue
from rubrics.services import regrades as rubric_regrades
from rubrics.services.grading import RubricRefused
from teams import selectors as team_selectors
from teams import services as team_services
from teams.overview import student_capstone

# ---------------------------------------------------------------- request getters
# The web's own (labs.lookups, leaderboards.lookups): the same rule gives the same answer,
# 404 or 403, at both doors.


def get_leaderboard_for_user(request, slug: str, cohort_id: int | None) -> Leaderboard:
    """A lab's board as the web page shows it to this user (leaderboards.lookups' rules)."""
    lab = get_board_lab(slug)
    cohort, is_reviewer = get_board_cohort_for_user(request, cohort_id)
    return cohort_leaderboard(cohort=cohort, lab=lab, viewer=request.user, is_reviewer=is_reviewer)


def id_in_range(value: int) -> bool:
    """The web's id guard (config.guards), for ids the API reads from its paths."""
    return parse_id(value) is not None


def shows_private_score(submission: Submission) -> bool:
    """The final (private) score is revealed once the student's own cutoff for late work
    has passed (extensions, late joiners), the rule every page follows (courses.rules)."""
    return submission.pk in private_scores_shown(submissions=[submission])


def submissions_of(*, student, lab_slug: str | None = None):
    """A student's own submissions, newest first, with what their answers show."""
    submissions = Submission.objects.filter(student=student).select_related(
        "lab__dataset", "cohort__program"
    )
    if lab_slug:
        submissions = submissions.filter(lab__slug=lab_slug)
    return submissions.order_by("-created_at", "-pk")


def pass_threshold(lab: Lab, reference_score: float | None) -> float | None:
    return grading.pass_threshold(
        reference_score, ratio=lab.pass_ratio, higher_is_better=lab.dataset.higher_is_better
    )


__all__ = [
    "NOT_ENROLLED",
    "Lab",
    "SizeCappedUploadHandler",
    "Submission",
    "SubmissionRefused",
    "SubmissionThrottled",
    "UploadedPredictions",
    "can_review_labs",
    "cohort_gradebook",
    "cohorts_for_reviewer",
    "current_reference",
    "enrolment_list_for_user",
    "job_records_of_user",
    "get_cohort_for_reviewer",
    "get_lab_for_student",
    "get_leaderboard_for_user",
    "get_submission_for_user",
    "id_in_range",
    "is_lab_open",
    "lab_history",
    "labs_with_reference",
    "max_upload_bytes",
    "pass_threshold",
    "private_scores_shown",
    "shows_private_score",
    "student_cohort",
    "student_dashboard",
    "submission_create",
    "submissions_charged_today",
    "student_capstone",
    "submissions_of",
    "team_selectors",
    "team_services",
    "upload_form_for",
    "waitlist_position",
    # Rubric grading (rubrics)
    "RubricRefused",
    "get_lab_and_cohort_for_reviewer",
    "get_regrade_for_reviewer",
    "grading_queue",
    "rubric_regrades",
    "rubric_selectors",
]
