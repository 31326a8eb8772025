"""A submission's status and feedback (polled while pending), my submissions, my results."""

import re

from django.http import Http404, HttpResponse
from ninja import Router

from api import domain, schemas
from api.routers import _shapes

router = Router(tags=["submissions"])

# While a grade is pending, clients are asked to come back after this many seconds.
POLL_AFTER_S = 2
ERRORS = {400: schemas.Error, 401: schemas.Error, 404: schemas.Error}
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")


@router.get(
    "/submissions/{int:pk}",
    response={200: schemas.Submission, **ERRORS},
    url_name="submission_detail",
)
def submission_detail(request, response: HttpResponse, pk: int):
    """A submission's status and, once graded, its scores and feedback.

    While it is queued or grading, the answer carries `Retry-After` (seconds): poll then.
    """
    if not domain.id_in_range(pk):
        raise Http404
    submission = domain.get_submission_for_user(request, pk)
    if submission.is_pending:
        response["Retry-After"] = str(POLL_AFTER_S)
    return _shapes.submission(
        submission, request=request, show_private=domain.shows_private_score(submission)
    )


@router.get(
    "/submissions", response={200: list[schemas.Submission], **ERRORS}, url_name="submissions"
)
def submissions(request, lab: str | None = None, limit: int = 20):
    """My own submissions, newest first (at most 100), optionally for one lab."""
    limit = min(max(limit, 1), 100)
    if lab is not None and not SLUG.fullmatch(lab):
        return []  # no lab has such a name (and PostgreSQL refuses some characters)
    found = list(domain.submissions_of(student=request.user, lab_slug=lab)[:limit])
    shown = domain.private_scores_shown(submissions=found)
    return [
        _shapes.submission(submission, request=request, show_private=submission.pk in shown)
        for submission in found
    ]


@router.get("/results", response={200: schemas.Results, **ERRORS}, url_name="results")
def results(request):
    """My progress in every lab of my cohort, as the dashboard shows it: status, attempts,
    and the best public score until my own cutoff (no more late uploads), the final result
    after it."""
    dashboard = domain.student_dashboard(user=request.user)
    if dashboard is None:
        raise Http404("You are not enrolled in a cohort.")
    return {
        "cohort": _shapes.cohort(dashboard.cohort),
        "week": dashboard.week,
        "passed": dashboard.passed,
        "open": dashboard.open_count,
        "total": dashboard.total,
        "labs": [
            {
                "lab": item.lab.slug,
                "title": item.lab.title,
                "week": item.lab.week,
                "status": item.status,
                "is_final": item.result.is_final,
                "has_passed": item.has_passed,
                "best_score": item.best_score,
                "is_overridden": item.result.is_overridden,
                "reference_score": item.reference_score,
                "metric_label": item.metric_label,
                "higher_is_better": item.higher_is_better,
                "attempts": item.attempts,
                "attempts_left_today": item.attempts_left_today,
                "opens_on": item.opens_on,
                "due_on": item.due_on,
                "due_date_source": item.result.due.source,
                "late_penalty_percent": item.result.penalty_percent,
            }
            for item in dashboard.labs
        ],
    }
