"""Request getters for rubric grading, written once for the web pages and the API: 404
for what does not exist or is not this grader's (labs.lookups' rule)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from labs import access, lookups
from labs.models import Lab
from rubrics.models import RegradeRequest


def get_regrade_for_reviewer(request, pk: int) -> RegradeRequest:
    """A regrade request on a submission this user may review; else 404."""
    regrade = get_object_or_404(
        RegradeRequest.objects.select_related("grade__submission", "item"), pk=pk
    )
    if not access.can_review_submission(request.user, regrade.grade.submission):
        raise Http404("No such regrade request.")
    return regrade


def get_lab_and_cohort_for_reviewer(request, slug: str, cohort_id: int):
    """A lab (any, published or not) and a cohort this user reviews; else 404."""
    cohort = lookups.get_cohort_for_reviewer(request, cohort_id)
    lab = get_object_or_404(Lab.objects.select_related("dataset"), slug=slug)
    return lab, cohort
