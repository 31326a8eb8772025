"""Everything the API takes from the labs, courses and enrolment apps, imported here only.

The API is a second door to the same services and selectors as the web pages: it holds
no rule of its own. When those apps move things around, this is the one file to update.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from config.guards import parse_id
from courses.selectors import private_scores_shown
from enrolment.models import Cohort
from enrolment.selectors import enrolment_list_for_user, waitlist_position
from labs import grading
from labs.access import (
    can_open_labs,
    can_review_labs,
    can_see_submission,
    cohorts_visible_to,
    is_lab_open,
    student_cohort,
)
from labs.dashboards.gradebook import cohort_gradebook, cohorts_for_reviewer
from labs.dashboards.statuses import labs_with_reference
from labs.dashboards.student import lab_history, student_dashboard
from labs.forms import upload_form_for
from labs.models import Lab, Submission
from labs.selectors import current_reference, submissions_charged_today
from labs.services.intake import (
    SubmissionRefused,
    SubmissionThrottled,
    UploadedPredictions,
    submission_create,
)
from labs.uploads import SizeCappedUploadHandler, max_upload_bytes
from leaderboards.selectors import Leaderboard, cohort_leaderboard, leaderboard_cohort_for

# ---------------------------------------------------------------- request getters
# The API's own, beside its routes as the web's are beside its views; the rules they apply
# are labs.access's.


def get_lab_for_user(request, slug: str) -> tuple[Lab, Cohort | None]:
    """The lab and the student's cohort (None for a reviewer), or 404 for anyone else."""
    lab = get_object_or_404(Lab.objects.select_related("dataset"), slug=slug, is_published=True)
    cohort = student_cohort(user=request.user)
    if not can_open_labs(request.user, cohort=cohort):
        raise Http404("You are not enrolled in a cohort.")
    return lab, cohort


def get_submission_for_user(request, pk: int) -> Submission:
    """A submission its owner (or staff, or an instructor of its cohort) may see, else 404."""
    submission = get_object_or_404(
        Submission.objects.select_related("lab", "student", "cohort__program"), pk=pk
    )
    if not can_see_submission(request.user, submission):
        raise Http404("No such submission.")
    return submission


def get_cohort_for_reviewer(request, cohort_id: int) -> Cohort:
    """The cohort if this user is staff or teaches it; 404 for everyone else."""
    return get_object_or_404(
        cohorts_visible_to(user=request.user).select_related("program"), pk=cohort_id
    )


def get_leaderboard_for_user(request, slug: str, cohort_id: int | None) -> Leaderboard:
    """A lab's board as the web page shows it to this user (leaderboards.selectors), else
    404: students see their cohort's, reviewers the cohort they ask for (or their newest)."""
    lab = get_object_or_404(Lab.objects.select_related("dataset"), slug=slug, is_published=True)
    if cohort_id is not None and parse_id(cohort_id) is None:
        raise Http404("No such cohort.")
    cohort, is_reviewer = leaderboard_cohort_for(user=request.user, cohort_id=cohort_id)
    if cohort is None:
        raise Http404("You are not enrolled in a cohort." if cohort_id is None else "Not found.")
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
    "get_cohort_for_reviewer",
    "get_lab_for_user",
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
    "submissions_of",
    "upload_form_for",
    "waitlist_position",
]
