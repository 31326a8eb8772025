"""Model objects turned into the dictionaries the schemas describe (shared by the routers)."""

from django.urls import reverse


def cohort(cohort) -> dict:
    return {
        "id": cohort.pk,
        "name": cohort.name,
        "program": cohort.program.name,
        "weeks": cohort.program.weeks,
        "start_date": cohort.start_date,
        "end_date": cohort.end_date,
        "status": cohort.status,
    }


def submission(submission, *, request, show_private: bool) -> dict:
    """`show_private`: domain.shows_private_score (one) or private_scores_shown (a list)."""
    lab = submission.lab
    feedback = dict(submission.feedback or {})
    sandbox = feedback.get("sandbox")
    if isinstance(sandbox, dict):
        # The operator's reason for a platform error is for the admin, not the student.
        feedback["sandbox"] = {k: v for k, v in sandbox.items() if k != "operator_message"}
    return {
        "id": submission.pk,
        "lab": lab.slug,
        "status": submission.status,
        "is_pending": submission.is_pending,
        "original_name": submission.original_name,
        "note": submission.note,
        "size_bytes": submission.size_bytes,
        "created_at": submission.created_at,
        "finished_at": submission.finished_at,
        "passed": submission.passed,
        "public_score": submission.public_score,
        "private_score": submission.private_score if show_private else None,
        "reference_score": submission.reference_public_score,
        "pass_threshold": feedback.get("pass_threshold"),
        "metric_label": feedback.get("metric_label") or lab.dataset.metric_label,
        "higher_is_better": lab.dataset.higher_is_better,
        "problems": list(submission.problems or []),
        "feedback": feedback,
        "url": reverse("api-1:submission_detail", kwargs={"pk": submission.pk}),
        "web_url": request.build_absolute_uri(
            reverse("labs:submission", kwargs={"pk": submission.pk})
        ),
    }
