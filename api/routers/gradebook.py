"""Instructors and staff: the cohorts they may review, and a cohort's gradebook as JSON."""

from django.http import Http404
from ninja import Router

from api import domain, schemas
from api.routers import _shapes

router = Router(tags=["gradebook"])
ERRORS = {400: schemas.Error, 401: schemas.Error, 404: schemas.Error}


@router.get("/cohorts", response={200: list[schemas.Cohort], **ERRORS}, url_name="cohorts")
def cohorts(request):
    """The cohorts whose gradebook I may read: staff all, instructors the ones they teach."""
    if not domain.can_review_labs(request.user):
        raise Http404("Only instructors and staff have a gradebook.")
    return [_shapes.cohort(cohort) for cohort in domain.cohorts_for_reviewer(request.user)]


@router.get(
    "/cohorts/{int:cohort_id}/gradebook",
    response={200: schemas.Gradebook, **ERRORS},
    url_name="gradebook",
)
def gradebook(request, cohort_id: int, sort: str = "name"):
    """Students x labs: best scores, statuses, at-risk flags and per-lab statistics.

    `sort`: name, risk, passed, last, or lab-<slug>; a leading "-" reverses it.
    """
    if not domain.id_in_range(cohort_id):
        raise Http404
    cohort = domain.get_cohort_for_reviewer(request, cohort_id)
    book = domain.cohort_gradebook(cohort=cohort, sort=sort)
    slugs = [column.lab.slug for column in book.columns]
    return {
        "cohort": _shapes.cohort(cohort),
        "today": book.today,
        "labs": [
            {
                "slug": column.lab.slug,
                "title": column.lab.title,
                "opens_on": column.opens_on,
                "due_on": column.due_on,
                "is_open": column.is_open,
                "reference_score": column.reference_score,
                "metric_label": column.metric_label,
                "higher_is_better": column.higher_is_better,
                "students": column.students,
                "attempted": column.attempted,
                "passed": column.passed,
                "pass_rate": column.pass_rate,
                "median_attempts": column.median_attempts,
            }
            for column in book.columns
        ],
        "students": [
            {
                "student_id": row.student.pk,
                "username": row.student.username,
                "name": row.name,
                "passed": row.passed,
                "last_submission_at": row.last_submission_at,
                "at_risk": row.is_at_risk,
                "flags": row.flags,
                "team": row.team or None,
                "cells": [
                    {
                        "lab": slug,
                        "status": cell.status,
                        "has_passed": cell.has_passed,
                        "best_score": cell.best_score,
                        "is_overridden": cell.is_overridden,
                        "attempts": cell.attempts,
                        "failing_attempts": cell.failing,
                    }
                    for slug, cell in zip(slugs, row.cells, strict=True)
                ],
            }
            for row in book.rows
        ],
    }
